import type { Actor } from '@escalation-hub/casework-domain';

/** Who marks items overdue: the hub's own scheduler. */
export const SCHEDULER_ACTOR: Actor = { id: 'hub-scheduler', role: 'admin' };

/** Records that an open item's due time has passed (raised by the overdue scheduler). */
export class MarkItemOverdueCommand {
  constructor(
    readonly crn: string,
    readonly itemId: string,
    readonly actor: Actor = SCHEDULER_ACTOR,
  ) {}
}

/** Whether this command made the mark (false: already marked, or no longer open or due). */
export interface OverdueMarkResult {
  readonly marked: boolean;
}
