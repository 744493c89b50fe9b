import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, STAFF_NEXT_READS } from '@escalation-hub/casework-application';
import { CaseItems } from '../case-items';
import { RecallStepRecordedResult, RecordRecallStepCommand } from './record-recall-step.command';

@CommandHandler(RecordRecallStepCommand)
export class RecordRecallStepHandler implements ICommandHandler<RecordRecallStepCommand, RecallStepRecordedResult> {
  constructor(
    private readonly runner: CaseCommandRunner,
    private readonly items: CaseItems,
  ) {}

  async execute({ recallAdviceId, actor, step, crn: knownCrn }: RecordRecallStepCommand): Promise<RecallStepRecordedResult> {
    const crn = await this.items.crnOf(recallAdviceId, knownCrn);
    const { state, revision } = await this.runner.run(
      {
        type: 'RecordRecallStep',
        crn,
        actor,
        payload: { recallAdviceId, step: step.step, happenedAt: step.happenedAt, details: step.details ?? null },
      },
      STAFF_NEXT_READS,
    );
    const item = state.items[recallAdviceId];
    const steps = item?.kind === 'RECALL_COUNTERSIGN' ? item.progress.map(({ step, happenedAt }) => ({ step, happenedAt })) : [];
    return { recallAdviceId, crn, steps, revision };
  }
}
