import type { CaseCommandResult } from '@escalation-hub/casework-application';
import { PROVIDER_NEXT_READS, STAFF_NEXT_READS } from '@escalation-hub/casework-application';
import type { Actor, CaseEvent } from '@escalation-hub/casework-domain';
import { requestKeyOf } from '@escalation-hub/casework-domain';

/**
 * What a provider's request recorded: the item it opened (this request's, or the original's for a
 * retry), its due time, the case's revision as the provider saw it at that item, and whether this
 * command is what recorded it.
 */
export function recordedRequest(result: CaseCommandResult, provider: string, requestId: string) {
  const itemId = result.state.requests[requestKeyOf(provider, requestId)].itemId;
  return {
    itemId,
    dueAt: result.state.items[itemId].dueAt,
    revision: result.providerRevisionOfItem(provider, itemId),
    created: result.events.length > 0,
  };
}

/**
 * The revision to answer `actor` with, and the read models its next read needs: for staff the case's own
 * revision; for a provider its own count of what it was shown, at the first event that `matches` (never the
 * case's, which counts the public service's deliberation too).
 */
export function answerFor(actor: Actor): {
  nextReads: readonly string[];
  revision: (result: CaseCommandResult, matches: (event: CaseEvent) => boolean) => number;
} {
  if (actor.role !== 'provider') return { nextReads: STAFF_NEXT_READS, revision: (result) => result.revision };
  return {
    nextReads: PROVIDER_NEXT_READS,
    revision: (result, matches) => result.providerRevisionOf(actor.provider ?? '', matches) ?? 0,
  };
}
