import type { Actor, FixedTermExclusionInput, RecallType } from '@escalation-hub/casework-domain';

/** The author answers a return with revised advice, saying what changed; it then needs both countersignatures again. */
export class ReviseRecallAdviceCommand {
  constructor(
    readonly recallAdviceId: string,
    readonly actor: Actor,
    readonly revision: {
      readonly recallType: RecallType;
      readonly emergency: boolean;
      readonly rationale: string;
      readonly fixedTermExclusion?: FixedTermExclusionInput | null;
      readonly note: string;
    },
    readonly crn?: string,
  ) {}
}
