import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner } from '@escalation-hub/casework-application';
import { CaseItems } from '../case-items';
import { answerFor } from '../provider-request';
import { AcknowledgeRiskInformationCommand, RiskInformationAcknowledgedResult } from './acknowledge-risk-information.command';

@CommandHandler(AcknowledgeRiskInformationCommand)
export class AcknowledgeRiskInformationHandler
  implements ICommandHandler<AcknowledgeRiskInformationCommand, RiskInformationAcknowledgedResult>
{
  constructor(
    private readonly runner: CaseCommandRunner,
    private readonly items: CaseItems,
  ) {}

  async execute({
    riskInformationId,
    actor,
    crn: knownCrn,
  }: AcknowledgeRiskInformationCommand): Promise<RiskInformationAcknowledgedResult> {
    return this.items.onCaseOf(riskInformationId, knownCrn, async (crn) => {
      const answer = answerFor(actor);
      const result = await this.runner.run(
        { type: 'AcknowledgeRiskInformation', crn, actor, payload: { riskInformationId } },
        answer.nextReads,
      );
      const item = result.state.items[riskInformationId];
      const acknowledged = item.kind === 'RISK_INFORMATION' ? item.acknowledged : null;
      const revision = answer.revision(
        result,
        (event) => event.type === 'risk-information.acknowledged' && event.data.riskInformationId === riskInformationId,
      );
      return { riskInformationId, crn, acknowledgedAt: acknowledged?.at ?? '', late: acknowledged?.late ?? false, revision };
    });
  }
}
