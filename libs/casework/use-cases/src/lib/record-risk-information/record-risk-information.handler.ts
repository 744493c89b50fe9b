import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { itemIdOf } from '@escalation-hub/casework-domain';
import { CaseCommandRunner } from '@escalation-hub/casework-application';
import { answerFor } from '../provider-request';
import { RecordRiskInformationCommand, RiskInformationRecordedResult } from './record-risk-information.command';

@CommandHandler(RecordRiskInformationCommand)
export class RecordRiskInformationHandler implements ICommandHandler<RecordRiskInformationCommand, RiskInformationRecordedResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  async execute({ crn, actor, information }: RecordRiskInformationCommand): Promise<RiskInformationRecordedResult> {
    const riskInformationId = information.riskInformationId || `ri-${randomUUID()}`;
    const answer = answerFor(actor);
    const result = await this.runner.run(
      {
        type: 'RecordRiskInformation',
        crn,
        actor,
        payload: {
          riskInformationId,
          source: information.source,
          channel: information.channel,
          knownAt: information.knownAt,
          receivedBy: information.receivedBy,
          threat: information.threat,
          summary: information.summary,
        },
      },
      answer.nextReads,
    );
    const item = result.state.items[riskInformationId];
    return {
      riskInformationId,
      crn,
      dueAt: item.dueAt,
      heldBy: item.kind === 'RISK_INFORMATION' ? item.heldBy : '',
      revision: answer.revision(result, (event) => itemIdOf(event) === riskInformationId),
      created: result.events.length > 0,
    };
  }
}
