import type { Actor } from '@escalation-hub/casework-domain';

/** Gives a claimed item back to the queue: its holder, or an SPO or ACO for someone else's claim. */
export class ReleaseItemCommand {
  /** `crn` when the caller knows the case (a case page); otherwise it is looked up from the item. */
  constructor(
    readonly itemId: string,
    readonly actor: Actor,
    readonly crn?: string,
  ) {}
}
