import type { Actor } from '@escalation-hub/casework-domain';

/** The SPO or ACO whose countersignature recall advice awaits sends it back to its author, with reasons. */
export class ReturnRecallAdviceCommand {
  constructor(
    readonly recallAdviceId: string,
    readonly actor: Actor,
    readonly reason: string,
    readonly crn?: string,
  ) {}
}
