import type { Actor, RecallAdviceStatus } from '@escalation-hub/casework-domain';

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

/** What every step of recall advice's oversight answers: where the advice stands now. */
export interface RecallAdviceResult {
  readonly recallAdviceId: string;
  readonly crn: string;
  readonly status: RecallAdviceStatus;
  readonly revision: number;
}
