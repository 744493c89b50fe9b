import type { RecordedEvent } from '../event-store.port';
import { computeEventHash } from './event-hash';

export type ChainBreak =
  /** The stored hash is not the hash of the stored content: the event was edited. */
  | 'HASH_MISMATCH'
  /** `previousHash` does not name the event before it: an event was removed, inserted or reordered. */
  | 'BROKEN_LINK'
  /** Versions are not 0, 1, 2, …: an event is missing or out of place. */
  | 'VERSION_GAP';

export interface InvalidEvent {
  readonly streamVersion: number;
  readonly position: number;
  readonly eventId: string;
  readonly reason: ChainBreak;
}

export interface ChainVerification {
  readonly valid: boolean;
  readonly events: number;
  /** Hash of the last event; null for an empty stream. */
  readonly headHash: string | null;
  readonly firstInvalid?: InvalidEvent;
}

/**
 * Walks one stream's events in version order and recomputes the chain. Incremental, so a stream
 * of any length can be checked page by page without holding it in memory.
 */
export class ChainVerifier {
  private count = 0;
  private previousHash: string | null = null;
  private firstInvalid: InvalidEvent | undefined;

  check(event: RecordedEvent): void {
    const reason = this.findBreak(event);
    if (reason && !this.firstInvalid) {
      this.firstInvalid = { streamVersion: event.streamVersion, position: event.position, eventId: event.id, reason };
    }
    this.count += 1;
    this.previousHash = event.hash;
  }

  result(): ChainVerification {
    const base = { valid: !this.firstInvalid, events: this.count, headHash: this.previousHash };
    return this.firstInvalid ? { ...base, firstInvalid: this.firstInvalid } : base;
  }

  private findBreak(event: RecordedEvent): ChainBreak | undefined {
    if (event.streamVersion !== this.count) return 'VERSION_GAP';
    if (event.previousHash !== this.previousHash) return 'BROKEN_LINK';
    if (computeEventHash(event) !== event.hash) return 'HASH_MISMATCH';
    return undefined;
  }
}

export function verifyChain(events: Iterable<RecordedEvent>): ChainVerification {
  const verifier = new ChainVerifier();
  for (const event of events) verifier.check(event);
  return verifier.result();
}
