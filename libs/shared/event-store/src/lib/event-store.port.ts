/**
 * The event-store port: what every storage engine (SQLite, PostgreSQL, KurrentDB, in-memory)
 * must provide. Hashing, sealing and subscriptions live above it (see `EventLog`), so every
 * adapter is equally verifiable and only has to get storage semantics right.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * What the writer believes about the stream before appending.
 * A number is the exact version of the stream's last event (versions count from 0).
 */
export type ExpectedState = 'any' | 'no_stream' | 'stream_exists' | number;

/** An event as a writer proposes it. `id` is a UUID chosen by the writer; it makes retries safe. */
export interface NewEvent {
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata?: JsonObject;
}

/** An event sealed above the port: stamped with its time and linked into the stream's hash chain. */
export interface SealedEvent {
  readonly id: string;
  /** The version it was sealed for (its hash covers it); the adapter refuses it anywhere else. */
  readonly streamVersion: number;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
  readonly recordedAt: string;
  readonly hash: string;
  /** Hash of the previous event in the same stream; null for a stream's first event. */
  readonly previousHash: string | null;
}

/** An event as stored: its stream and its place in the global log (`position`). */
export interface RecordedEvent extends SealedEvent {
  readonly streamName: string;
  readonly position: number;
}

export interface AppendResult {
  readonly streamName: string;
  readonly firstVersion: number;
  /** The stream's version after the append: the expected version for the next one. */
  readonly lastVersion: number;
  readonly firstPosition: number;
  readonly lastPosition: number;
  /** True when every event was stored already by this same append (an idempotent retry): nothing was written. */
  readonly alreadyStored?: boolean;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  readonly direction?: ReadDirection;
  /** Inclusive. Defaults to the first event (forwards) or the last (backwards). */
  readonly fromVersion?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: forwards reads start after it, backwards reads before it. Omitted: from the start/end. */
  readonly from?: number;
  readonly direction?: ReadDirection;
  readonly maxCount?: number;
}

export interface EventStorePort {
  /** Creates or upgrades the schema. Safe to run any number of times, also concurrently. */
  migrate(): Promise<void>;

  /**
   * Appends a batch atomically, with consecutive versions, if and only if:
   * - the stream's state matches `expected`, else `WrongExpectedVersionError`;
   * - the batch was sealed against the stream's current head: the first event's `streamVersion` is
   *   the next version and its `previousHash` the current last event's hash (null for a new stream),
   *   else `StreamHeadMovedError` (the sealer raced another writer and must reseal).
   * If every event id is already stored in this stream, consecutively and where `expected` says the
   * batch began, nothing is written and the original result is returned (an idempotent retry).
   * An id stored anywhere else is a `DuplicateEventIdError`. An empty batch is an `EmptyAppendError`;
   * an id repeated within the batch an `InvalidEventError`. Adapters decide with `planAppend`.
   */
  append(streamName: string, events: readonly SealedEvent[], expected: ExpectedState): Promise<AppendResult>;

  /** A missing stream reads as an empty list. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /**
   * Whether any stream's name starts with `prefix` (streams an earlier release wrote and this one only
   * reads, say). Optional: an engine that cannot answer cheaply, or whose answer another process could
   * change at any moment (PostgreSQL shared by several hubs of different releases), leaves it out, and
   * callers must then assume there may be some.
   */
  hasStreamsStartingWith?(prefix: string): Promise<boolean>;

  /** Committed events only, in strictly increasing position, never skipping one that commits later. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /** Position of the newest committed event, or undefined for an empty store. */
  headPosition(): Promise<number | undefined>;

  readCheckpoint(name: string): Promise<number | undefined>;

  /** Stores `next` only if the checkpoint still holds `expected` (undefined = never stored). */
  compareAndSetCheckpoint(name: string, expected: number | undefined, next: number): Promise<boolean>;

  /**
   * Calls `listener` after this process commits an append, so subscribers wake without waiting for
   * their next poll. Writers in other processes are picked up by polling. Returns an unsubscribe.
   */
  onAppended(listener: () => void): () => void;

  /** Cheap round trip that proves the store answers; throws if it does not. */
  ping(): Promise<void>;

  close(): Promise<void>;
}
