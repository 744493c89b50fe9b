import type { ReadModelFreshness } from '@escalation-hub/casework-application';
import type { EventLog } from '@escalation-hub/event-store';

/**
 * Waits (briefly, as commands do) until the read models have applied everything stored so far. An
 * auditor's report then includes what happened just before it was asked for, however busy the hub is.
 */
export async function readModelsCaughtUp(log: EventLog, freshness: ReadModelFreshness): Promise<void> {
  const head = await log.port.headPosition();
  if (head !== undefined) await freshness.waitFor(head);
}
