import { createHash } from 'node:crypto';
import type { CaseEvent } from '@escalation-hub/casework-domain';

/**
 * Some facts must be unique across the whole store, not only within one case: a provider's requestId
 * (one request, one case, for good) and the ids of items staff open (recall advice, a transfer, risk
 * information: a client may choose them, so that a resubmitted form records nothing twice). Every engine already guarantees one thing across all
 * streams: an event id is stored once. So the event that records such a fact takes an id derived from
 * what must be unique about it, and the case append is itself the reservation: one atomic write, and
 * nothing left behind when the command is refused or fails (ADR 0008).
 *
 * Escalation and breach-pack item ids are chosen by the hub at random and are never taken from a client.
 */
export function uniqueEventIdOf(event: CaseEvent): string | undefined {
  switch (event.type) {
    case 'escalation.requested':
    case 'breach-pack.submitted':
      return nameBasedUuid(`provider-request\n${event.actor.provider ?? ''}\n${event.data.requestId}`);
    case 'recall-advice.drafted':
      return nameBasedUuid(`item\n${event.data.recallAdviceId}`);
    case 'transfer.requested':
      return nameBasedUuid(`item\n${event.data.transferId}`);
    case 'risk-information.recorded':
      return nameBasedUuid(`item\n${event.data.riskInformationId}`);
    default:
      return undefined;
  }
}

/** The hub's namespace for name-based (version 5) UUIDs. Changing it would let old ids be taken again. */
const HUB_NAMESPACE = '6f1c1f9e-3b1a-4f0e-9d4c-2a7b8e5c4d10';

/** An RFC 9562 version 5 UUID: SHA-1 of the namespace and the name, with version and variant bits set. */
export function nameBasedUuid(name: string, namespace = HUB_NAMESPACE): string {
  const digest = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
