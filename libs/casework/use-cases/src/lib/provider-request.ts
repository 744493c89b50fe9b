import type { CaseCommandResult } from '@escalation-hub/casework-application';
import { itemIdOf, requestKeyOf } from '@escalation-hub/casework-domain';

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
    // The first event naming the item is the one that opened it.
    revision: result.providerRevisionOf(provider, (event) => itemIdOf(event) === itemId),
    created: result.events.length > 0,
  };
}
