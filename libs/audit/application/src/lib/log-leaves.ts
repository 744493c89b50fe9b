import { computeEventHash, EventStorePort, JsonObject, PositionedSource, RecordedEvent } from '@escalation-hub/event-store';
import { CHECKPOINT_STREAM } from './store-integrity';

/**
 * A stored event as the integrity log takes it into its tree: where it is, its link in its stream's
 * chain, and its hash recomputed from what the store holds now (a stored hash that no longer matches
 * its event is tampering). The data and metadata (its schema version) come along only for the
 * checkpoint stream's records, whose statements the log checks; any other event's content is covered
 * by its recomputed hash.
 */
export interface LoggedLeaf {
  readonly position: number;
  readonly id: string;
  readonly streamName: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly hash: string;
  readonly previousHash: string | null;
  readonly recomputedHash: string;
  readonly data: JsonObject | null;
  readonly metadata: JsonObject | null;
}

export function loggedLeafOf(event: RecordedEvent): LoggedLeaf {
  return {
    position: event.position,
    id: event.id,
    streamName: event.streamName,
    streamVersion: event.streamVersion,
    type: event.type,
    hash: event.hash,
    previousHash: event.previousHash,
    recomputedHash: computeEventHash(event),
    data: event.streamName === CHECKPOINT_STREAM ? event.data : null,
    metadata: event.streamName === CHECKPOINT_STREAM ? event.metadata : null,
  };
}

/** The store as the integrity log reads it: `$all` as leaves, page by page, and its append signal. */
export type LeafSource = PositionedSource<LoggedLeaf>;

/** Leaves read and hashed on this thread (the embedded hub's storage thread has its own: see the runtime). */
export function leavesOf(store: Pick<EventStorePort, 'readAll' | 'onAppended'>): LeafSource {
  return {
    readAll: async (options) => (await store.readAll(options)).map(loggedLeafOf),
    onAppended: (listener) => store.onAppended(listener),
  };
}
