import type { Actor, RecallStep } from '@escalation-hub/casework-domain';

/** What followed an issued recall: sent to PPCS, licence revoked, returned to custody or unlawfully at large. */
export class RecordRecallStepCommand {
  constructor(
    readonly recallAdviceId: string,
    readonly actor: Actor,
    readonly step: { readonly step: RecallStep; readonly happenedAt: string; readonly details?: string | null },
    readonly crn?: string,
  ) {}
}

export interface RecallStepRecordedResult {
  readonly recallAdviceId: string;
  readonly crn: string;
  /** Every step recorded so far, in order. */
  readonly steps: { readonly step: RecallStep; readonly happenedAt: string }[];
  readonly revision: number;
}
