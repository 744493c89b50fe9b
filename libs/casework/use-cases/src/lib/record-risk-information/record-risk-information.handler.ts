import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, STAFF_NEXT_READS } from '@escalation-hub/casework-application';
import { RecordRiskInformationCommand, RiskInformationRecordedResult } from './record-risk-information.command';

@CommandHandler(RecordRiskInformationCommand)
export class RecordRiskInformationHandler implements ICommandHandler<RecordRiskInformationCommand, RiskInformationRecordedResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  async execute({ crn, actor, information }: RecordRiskInformationCommand): Promise<RiskInformationRecordedResult> {
    const riskInformationId = information.riskInformationId || `ri-${randomUUID()}`;
    const { state, events, revision } = await this.runner.run(
      { type: 'RecordRiskInformation', crn, actor, payload: { ...information, riskInformationId } },
      STAFF_NEXT_READS,
    );
    return { riskInformationId, crn, dueAt: state.items[riskInformationId].dueAt, revision, created: events.length > 0 };
  }
}
