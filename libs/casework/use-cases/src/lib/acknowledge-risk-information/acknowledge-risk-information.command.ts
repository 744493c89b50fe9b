import type { Actor } from '@escalation-hub/casework-domain';

/** The responsible officer's side acknowledges information bearing on risk: an event, not a page view. */
export class AcknowledgeRiskInformationCommand {
  /** `crn` when the caller knows the case (a case page); otherwise it is looked up from the item. */
  constructor(
    readonly riskInformationId: string,
    readonly actor: Actor,
    readonly crn?: string,
  ) {}
}

export interface RiskInformationAcknowledgedResult {
  readonly riskInformationId: string;
  readonly crn: string;
  readonly acknowledgedAt: string;
  readonly late: boolean;
  readonly revision: number;
}
