import type { AppendResult, ExpectedState, SealedEvent } from '../event-store.port';
import {
  DuplicateEventIdError,
  EmptyAppendError,
  InvalidEventError,
  StreamHeadMovedError,
  WrongExpectedVersionError,
} from '../event-store.errors';

/** Where an already-stored event sits. */
export interface StoredEventPlace {
  readonly eventId: string;
  readonly streamName: string;
  readonly streamVersion: number;
  readonly position: number;
}

/** The stream's last event as the adapter sees it inside its atomic step. */
export interface StreamHead {
  readonly streamVersion: number;
  readonly hash: string;
}

export type AppendPlan =
  /** A retry of an append that already succeeded: answer with the original result, write nothing. */
  | { readonly kind: 'already-stored'; readonly result: AppendResult }
  /** Write the batch; its first event gets `firstVersion`. */
  | { readonly kind: 'write'; readonly firstVersion: number };

/**
 * The append decision every adapter makes, in this order, inside its atomic step: empty or
 * self-duplicating batch → idempotent retry → expected state → chain head. Written once so the
 * engines cannot drift apart; each adapter only supplies what it read and does the writing.
 */
export function planAppend(
  streamName: string,
  events: readonly SealedEvent[],
  expected: ExpectedState,
  head: StreamHead | undefined,
  /** The batch's ids that are already stored, in batch order. */
  stored: readonly StoredEventPlace[],
): AppendPlan {
  if (events.length === 0) throw new EmptyAppendError(streamName);
  assertDistinctIds(events);
  const actual = head?.streamVersion;
  if (stored.length > 0) {
    const retry = classifyRetry(streamName, events, stored, expected);
    if (retry === 'same-append') {
      return {
        kind: 'already-stored',
        result: { ...appendResultFrom(streamName, stored[0], stored[stored.length - 1]), alreadyStored: true },
      };
    }
    if (retry === 'same-events-other-place') throw new WrongExpectedVersionError(streamName, expected, actual);
    throw new DuplicateEventIdError(streamName, stored[0].eventId);
  }
  checkExpectedState(streamName, expected, actual);
  const firstVersion = actual === undefined ? 0 : actual + 1;
  // The batch was sealed against a head; if the head has moved since, its hashes link to the wrong event.
  if (events[0].previousHash !== (head?.hash ?? null) || events[0].streamVersion !== firstVersion) {
    throw new StreamHeadMovedError(streamName);
  }
  return { kind: 'write', firstVersion };
}

export function checkExpectedState(streamName: string, expected: ExpectedState, actual: number | undefined): void {
  const holds =
    expected === 'any' ||
    (expected === 'no_stream' && actual === undefined) ||
    (expected === 'stream_exists' && actual !== undefined) ||
    (typeof expected === 'number' && actual === expected);
  if (!holds) throw new WrongExpectedVersionError(streamName, expected, actual);
}

export function assertDistinctIds(events: readonly { id: string }[]): void {
  const seen = new Set<string>();
  for (const event of events) {
    if (seen.has(event.id)) throw new InvalidEventError(`Event id ${event.id} appears twice in one batch`);
    seen.add(event.id);
  }
}

export function appendResultFrom(
  streamName: string,
  first: { streamVersion: number; position: number },
  last: { streamVersion: number; position: number },
): AppendResult {
  return {
    streamName,
    firstVersion: first.streamVersion,
    lastVersion: last.streamVersion,
    firstPosition: first.position,
    lastPosition: last.position,
  };
}

/**
 * - 'same-append': every event is stored in this stream, consecutively, where `expected` put it;
 * - 'same-events-other-place': all stored consecutively in this stream, but not where `expected` says;
 * - 'conflict': anything else (some ids new, or stored in another stream or order).
 */
function classifyRetry(
  streamName: string,
  batch: readonly SealedEvent[],
  stored: readonly StoredEventPlace[],
  expected: ExpectedState,
): 'same-append' | 'same-events-other-place' | 'conflict' {
  const consecutive =
    stored.length === batch.length &&
    stored.every(
      (place, index) =>
        place.eventId === batch[index].id && place.streamName === streamName && place.streamVersion === stored[0].streamVersion + index,
    );
  if (!consecutive) return 'conflict';
  const first = stored[0].streamVersion;
  const where = expected === 'no_stream' ? first === 0 : typeof expected === 'number' ? first === expected + 1 : true;
  return where ? 'same-append' : 'same-events-other-place';
}
