import type { Actor, EscalationOutcome, RoshLevel } from '@escalation-hub/casework-domain';

/** The public service decides a provider's escalation, with a written rationale. */
export class DecideEscalationCommand {
  /** `crn` when the caller knows the case (a case page); otherwise it is looked up from the escalation. */
  constructor(
    readonly escalationId: string,
    readonly actor: Actor,
    readonly decision: {
      readonly outcome: EscalationOutcome;
      readonly rationale: string;
      readonly advice?: string | null;
      readonly revisedRosh?: RoshLevel | null;
      readonly highRiskRetentionReason?: string | null;
      readonly questions?: readonly string[] | null;
      readonly seenRevision?: number | null;
    },
    readonly crn?: string,
  ) {}
}

export interface EscalationDecidedResult {
  readonly escalationId: string;
  readonly crn: string;
  readonly outcome: EscalationOutcome;
  readonly late: boolean;
  readonly managedBy: string;
  readonly revision: number;
  /** With MORE_INFORMATION_REQUIRED: the escalation stays open, and the provider has until then to answer. */
  readonly answerDueAt?: string;
}
