import type { ExpectedState, SealedEvent } from '../event-store.port';
import { WrongExpectedVersionError } from '../event-store.errors';

/** Shared by every adapter, so the expected-state rules are written once. */
export function checkExpectedState(streamName: string, expected: ExpectedState, actual: number | undefined): void {
  const holds =
    expected === 'any' ||
    (expected === 'no_stream' && actual === undefined) ||
    (expected === 'stream_exists' && actual !== undefined) ||
    (typeof expected === 'number' && actual === expected);
  if (!holds) throw new WrongExpectedVersionError(streamName, expected, actual);
}

export interface StoredEventPlace {
  readonly eventId: string;
  readonly streamName: string;
  readonly streamVersion: number;
  readonly position: number;
}

/**
 * Classifies a batch some of whose ids are already stored (`stored` is in batch order):
 * - 'same-append': every event is stored in this stream, consecutively, where `expected` put it;
 *   a retry of an append that succeeded, to be answered with the original result;
 * - 'same-events-other-place': all stored consecutively in this stream, but not where `expected` says;
 * - 'conflict': anything else (some ids new, or stored in another stream or order).
 */
export function matchesIdempotentRetry(
  streamName: string,
  batch: readonly SealedEvent[],
  stored: readonly StoredEventPlace[],
  expected: ExpectedState,
): 'same-append' | 'same-events-other-place' | 'conflict' {
  const consecutive =
    stored.length === batch.length &&
    stored.every(
      (place, index) =>
        place.eventId === batch[index].id &&
        place.streamName === streamName &&
        place.streamVersion === stored[0].streamVersion + index,
    );
  if (!consecutive) return 'conflict';
  const first = stored[0].streamVersion;
  const where = expected === 'no_stream' ? first === 0 : typeof expected === 'number' ? first === expected + 1 : true;
  return where ? 'same-append' : 'same-events-other-place';
}

export function appendResultFrom(
  streamName: string,
  first: { streamVersion: number; position: number },
  last: { streamVersion: number; position: number },
) {
  return {
    streamName,
    firstVersion: first.streamVersion,
    lastVersion: last.streamVersion,
    firstPosition: first.position,
    lastPosition: last.position,
  };
}
