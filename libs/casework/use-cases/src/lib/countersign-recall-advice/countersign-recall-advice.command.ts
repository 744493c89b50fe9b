import type { Actor } from '@escalation-hub/casework-domain';

/** An SPO, then an ACO, countersigns recall advice; the ACO's signature issues it. */
export class CountersignRecallAdviceCommand {
  /** `crn` when the caller knows the case (a case page); otherwise it is looked up from the advice. */
  constructor(
    readonly recallAdviceId: string,
    readonly actor: Actor,
    readonly rationale: string,
    readonly crn?: string,
  ) {}
}

export interface RecallAdviceCountersignedResult {
  readonly recallAdviceId: string;
  readonly crn: string;
  readonly status: 'AWAITING_ACO' | 'ISSUED';
  readonly revision: number;
}
