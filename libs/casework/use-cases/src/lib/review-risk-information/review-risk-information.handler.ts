import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner } from '@escalation-hub/casework-application';
import { CaseItems } from '../case-items';
import { answerFor } from '../provider-request';
import { ReviewRiskInformationCommand, RiskInformationReviewedResult } from './review-risk-information.command';

@CommandHandler(ReviewRiskInformationCommand)
export class ReviewRiskInformationHandler implements ICommandHandler<ReviewRiskInformationCommand, RiskInformationReviewedResult> {
  constructor(
    private readonly runner: CaseCommandRunner,
    private readonly items: CaseItems,
  ) {}

  async execute({ riskInformationId, actor, review, crn: knownCrn }: ReviewRiskInformationCommand): Promise<RiskInformationReviewedResult> {
    return this.items.onCaseOf(riskInformationId, knownCrn, async (crn) => {
      const answer = answerFor(actor);
      const result = await this.runner.run(
        {
          type: 'ReviewRiskInformation',
          crn,
          actor,
          payload: { riskInformationId, outcome: review.outcome, rationale: review.rationale, seenRevision: review.seenRevision ?? null },
        },
        answer.nextReads,
      );
      const item = result.state.items[riskInformationId];
      const late = item.kind === 'RISK_INFORMATION' ? (item.decision?.late ?? false) : false;
      const revision = answer.revision(
        result,
        (event) => event.type === 'risk-information.reviewed' && event.data.riskInformationId === riskInformationId,
      );
      return { riskInformationId, crn, outcome: review.outcome, late, revision };
    });
  }
}
