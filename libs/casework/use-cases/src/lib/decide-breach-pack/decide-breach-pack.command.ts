import type { Actor, BreachOutcome } from '@escalation-hub/casework-domain';

/** The public service decides the action on a breach pack, with a written rationale. */
export class DecideBreachPackCommand {
  /** `crn` when the caller knows the case (a case page); otherwise it is looked up from the pack. */
  constructor(
    readonly breachPackId: string,
    readonly actor: Actor,
    readonly decision: { readonly outcome: BreachOutcome; readonly rationale: string; readonly seenRevision?: number | null },
    readonly crn?: string,
  ) {}
}

export interface BreachPackDecidedResult {
  readonly breachPackId: string;
  readonly crn: string;
  readonly outcome: BreachOutcome;
  readonly late: boolean;
  readonly revision: number;
}
