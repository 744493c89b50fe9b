import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, STAFF_NEXT_READS } from '@escalation-hub/casework-application';
import { CaseItems } from '../case-items';
import { CourtStageRecordedResult, RecordCourtStageCommand } from './record-court-stage.command';

@CommandHandler(RecordCourtStageCommand)
export class RecordCourtStageHandler implements ICommandHandler<RecordCourtStageCommand, CourtStageRecordedResult> {
  constructor(
    private readonly runner: CaseCommandRunner,
    private readonly items: CaseItems,
  ) {}

  async execute({ breachPackId, actor, stage, crn: knownCrn }: RecordCourtStageCommand): Promise<CourtStageRecordedResult> {
    const crn = await this.items.crnOf(breachPackId, knownCrn);
    const { state, revision } = await this.runner.run(
      {
        type: 'RecordCourtStage',
        crn,
        actor,
        payload: { breachPackId, stage: stage.stage, on: stage.on, outcome: stage.outcome ?? null, details: stage.details ?? null },
      },
      STAFF_NEXT_READS,
    );
    const pack = state.items[breachPackId];
    const court = pack?.kind === 'BREACH_PACK' ? pack.court.map(({ stage, on, outcome }) => ({ stage, on, outcome })) : [];
    return { breachPackId, crn, court, revision };
  }
}
