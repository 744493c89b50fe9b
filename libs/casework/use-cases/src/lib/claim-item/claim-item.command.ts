import type { Actor } from '@escalation-hub/casework-domain';

/** A decision-maker takes an open item from the queue, so two people do not work it at once. */
export class ClaimItemCommand {
  /** `crn` when the caller knows the case (a case page); otherwise it is looked up from the item. */
  constructor(
    readonly itemId: string,
    readonly actor: Actor,
    readonly crn?: string,
  ) {}
}

/** Where an item's claim stands after a claim or a release. */
export interface ClaimResult {
  readonly itemId: string;
  readonly kind: string;
  readonly crn: string;
  readonly claimedBy: string | null;
  readonly revision: number;
}
