import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, STAFF_NEXT_READS } from '@escalation-hub/casework-application';
import { CaseItems } from '../case-items';
import { ReviewRiskInformationCommand, RiskInformationReviewedResult } from './review-risk-information.command';

@CommandHandler(ReviewRiskInformationCommand)
export class ReviewRiskInformationHandler implements ICommandHandler<ReviewRiskInformationCommand, RiskInformationReviewedResult> {
  constructor(
    private readonly runner: CaseCommandRunner,
    private readonly items: CaseItems,
  ) {}

  async execute({ riskInformationId, actor, review, crn: knownCrn }: ReviewRiskInformationCommand): Promise<RiskInformationReviewedResult> {
    const crn = await this.items.crnOf(riskInformationId, knownCrn);
    const { state, revision } = await this.runner.run(
      {
        type: 'ReviewRiskInformation',
        crn,
        actor,
        payload: { riskInformationId, outcome: review.outcome, rationale: review.rationale, seenRevision: review.seenRevision ?? null },
      },
      STAFF_NEXT_READS,
    );
    const item = state.items[riskInformationId];
    const late = item.kind === 'RISK_INFORMATION' ? (item.decision?.late ?? false) : false;
    return { riskInformationId, crn, outcome: review.outcome, late, revision };
  }
}
