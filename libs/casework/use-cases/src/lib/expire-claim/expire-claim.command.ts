import type { Actor } from '@escalation-hub/casework-domain';
import { SCHEDULER_ACTOR } from '../mark-item-overdue/mark-item-overdue.command';

/** Frees an item whose claim has been held longer than the hub allows (raised by the scheduler). */
export class ExpireClaimCommand {
  constructor(
    readonly crn: string,
    readonly itemId: string,
    readonly expiresAfterSeconds: number,
    readonly actor: Actor = SCHEDULER_ACTOR,
  ) {}
}

/** Whether this command let the claim lapse (false: released, decided or claimed again meanwhile). */
export interface ClaimExpiryResult {
  readonly expired: boolean;
}
