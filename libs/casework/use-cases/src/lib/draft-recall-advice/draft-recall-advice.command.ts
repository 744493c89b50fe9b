import type { Actor, FixedTermExclusionInput, RecallAdviceStatus, RecallType } from '@escalation-hub/casework-domain';

/** Public-service staff draft recall advice on a licence case; it then needs an SPO's and then an ACO's countersignature. */
export class DraftRecallAdviceCommand {
  /** `recallAdviceId` is chosen by the caller (`ra-<UUID>`), so a form sent twice records one advice. */
  constructor(
    readonly crn: string,
    readonly actor: Actor,
    readonly recallAdviceId: string,
    readonly advice: {
      readonly recallType: RecallType;
      readonly emergency: boolean;
      readonly rationale: string;
      readonly basedOn: readonly string[];
      readonly fixedTermExclusion?: FixedTermExclusionInput | null;
    },
  ) {}
}

export interface RecallAdviceDraftedResult {
  readonly recallAdviceId: string;
  readonly crn: string;
  readonly dueAt: string;
  /** AWAITING_SPO when drafted now; for the same advice sent again, where it stands. */
  readonly status: RecallAdviceStatus;
  readonly revision: number;
  /** False for the same advice sent again: nothing new was recorded (the API answers 200, not 201). */
  readonly created: boolean;
}
