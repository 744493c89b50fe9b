import type { Actor, RiskReviewOutcome } from '@escalation-hub/casework-domain';

/** What came of information bearing on risk: reviewed with an outcome and a reason. */
export class ReviewRiskInformationCommand {
  /** `crn` when the caller knows the case (a case page); otherwise it is looked up from the item. */
  constructor(
    readonly riskInformationId: string,
    readonly actor: Actor,
    readonly review: { readonly outcome: RiskReviewOutcome; readonly rationale: string; readonly seenRevision?: number | null },
    readonly crn?: string,
  ) {}
}

export interface RiskInformationReviewedResult {
  readonly riskInformationId: string;
  readonly crn: string;
  readonly outcome: RiskReviewOutcome;
  readonly late: boolean;
  readonly revision: number;
}
