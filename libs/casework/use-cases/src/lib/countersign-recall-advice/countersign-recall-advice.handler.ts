import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, STAFF_NEXT_READS } from '@escalation-hub/casework-application';
import { CaseItems } from '../case-items';
import { CountersignRecallAdviceCommand, RecallAdviceCountersignedResult } from './countersign-recall-advice.command';

@CommandHandler(CountersignRecallAdviceCommand)
export class CountersignRecallAdviceHandler implements ICommandHandler<CountersignRecallAdviceCommand, RecallAdviceCountersignedResult> {
  constructor(
    private readonly runner: CaseCommandRunner,
    private readonly items: CaseItems,
  ) {}

  async execute({
    recallAdviceId,
    actor,
    rationale,
    crn: knownCrn,
  }: CountersignRecallAdviceCommand): Promise<RecallAdviceCountersignedResult> {
    const crn = await this.items.crnOf(recallAdviceId, knownCrn);
    const { state, revision } = await this.runner.run(
      { type: 'CountersignRecallAdvice', crn, actor, payload: { recallAdviceId, rationale } },
      STAFF_NEXT_READS,
    );
    const item = state.items[recallAdviceId];
    const status = item.kind === 'RECALL_COUNTERSIGN' && item.issuedAt ? 'ISSUED' : 'AWAITING_ACO';
    return { recallAdviceId, crn, status, revision };
  }
}
