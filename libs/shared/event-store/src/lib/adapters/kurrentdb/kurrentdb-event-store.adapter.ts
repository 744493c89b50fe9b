import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  ErrorType,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  START,
  isCommandError,
  jsonEvent,
  streamNameFilter,
} from '@kurrent/kurrentdb-client';
import type { AppendStreamState, Direction, EventData, Filter, Position, ReadPosition, ReadRevision } from '@kurrent/kurrentdb-client';
import type {
  AppendResult,
  EventStorePort,
  ExpectedState,
  JsonObject,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SealedEvent,
} from '../../event-store.port';
import {
  DuplicateEventIdError,
  EmptyAppendError,
  EventStoreClosedError,
  InvalidEventError,
  StreamHeadMovedError,
} from '../../event-store.errors';
import { StoredEventPlace, appendResultFrom, assertDistinctIds, planAppend } from '../append-rules';
import { notifyAppended } from '../event-rows';

export interface KurrentDbEventStoreOptions {
  /** e.g. kurrentdb://127.0.0.1:2113?tls=false */
  readonly connectionString: string;
  /**
   * Isolates this store on a shared server: its streams are named `<namespace>.<stream>` and `$all`
   * is read through a server-side prefix filter. Letters, digits, `_` and `-`, at most 64.
   */
  readonly namespace?: string;
  /** Upper bound on one port operation, so an unresponsive server fails it instead of hanging it. */
  readonly operationTimeoutMs?: number;
}

/** Never contains `.` or `$`, so no namespace's streams can start with another's prefix. */
const NAMESPACE = /^[A-Za-z0-9_-]{1,64}$/;
/** KurrentDB keeps event ids as UUIDs and returns them in lower case; anything else would not read back as written. */
const LOWER_CASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** What the server sends for "no position" (-1 as an unsigned 64-bit number). */
const NO_POSITION = 2n ** 64n - 1n;
/** Rounds of read-plan-write lost to other writers before giving up; each round is cheap. */
const MAX_APPEND_ROUNDS = 10;
/** Checkpoint streams keep only their last few values. */
const CHECKPOINT_MAX_COUNT = 3;
const CLAIM_EVENT_TYPE = 'hub-event-id-claimed';
const CHECKPOINT_EVENT_TYPE = 'hub-checkpoint-stored';

/** The fields of a KurrentDB record the adapter uses. */
interface KurrentRecord {
  readonly streamId: string;
  readonly id: string;
  readonly type: string;
  readonly revision: bigint;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position?: Position;
}

/** What the adapter keeps in a KurrentDB event's metadata: the seal, and the port's metadata nested so neither can shadow the other. */
interface StoredSeal {
  readonly streamVersion: number;
  readonly recordedAt: string;
  readonly hash: string;
  readonly previousHash: string | null;
  readonly metadata: JsonObject;
}

/** "Event id X goes to stream S at version V": one event in the id's claim stream. */
interface Claim {
  readonly revision: bigint;
  readonly streamName: string;
  readonly streamVersion: number;
}

interface ClaimCheck {
  /** Where the id is stored: the claim whose place holds it. */
  readonly stored?: StoredEventPlace;
  /** Another stream that claimed the id and has not yet reached the claimed version. */
  readonly claimedBy?: string;
}

type AppendRound = { readonly done: true; readonly written: boolean; readonly result: AppendResult } | { readonly done: false };

/**
 * Event store on KurrentDB (EventStoreDB), through `@kurrent/kurrentdb-client`.
 *
 * - A port stream is the KurrentDB stream `<namespace>.<stream>`; its version is the KurrentDB revision
 *   (reads report the sealed version, which equals it unless the stream was rewritten behind our back).
 *   The event keeps its UUID as the KurrentDB event id, its data as JSON data, and the seal plus the
 *   port's metadata as JSON metadata.
 * - `position` is the event's `$all` commit position. KurrentDB writes every event of an append as its
 *   own self-committed log record, so commit and prepare position are both that record's log offset:
 *   unique per event and increasing in log order. A position converts back as `{ commit: p, prepare: p }`.
 * - Appends read the head, plan with `planAppend`, then write with the head's exact revision as the
 *   expected revision, so the server refuses the write if anyone appended in between.
 * - KurrentDB has no index by event id, so each id gets a claim stream recording where it is written;
 *   that is how a retry finds its first result and how an id stored in another stream is refused.
 */
export class KurrentDbEventStore implements EventStorePort {
  readonly namespace: string | undefined;
  private readonly client: KurrentDBClient;
  /** Port streams live under it; `$all` is read only under it. */
  private readonly streamPrefix: string;
  /** Claims, checkpoints and the ping stream: outside `streamPrefix`, so `$all` never returns them. */
  private readonly internalPrefix: string;
  private readonly allFilter: Filter;
  private readonly timeoutMs: number;
  private readonly listeners = new Set<() => void>();
  private closed = false;

  constructor(options: KurrentDbEventStoreOptions) {
    const namespace = options.namespace;
    if (namespace !== undefined && !NAMESPACE.test(namespace)) {
      throw new Error(`Not a usable KurrentDB namespace: ${JSON.stringify(namespace)} (letters, digits, _ and -, at most 64)`);
    }
    this.namespace = namespace;
    this.streamPrefix = namespace === undefined ? '' : `${namespace}.`;
    this.internalPrefix = namespace === undefined ? 'hub$' : `${namespace}$hub-`;
    // Without a namespace ours are the streams with no `$` in their name: not system, not internal, not a namespace's internal ones.
    this.allFilter = namespace === undefined ? streamNameFilter({ regex: '^[^$]+$' }) : streamNameFilter({ prefixes: [this.streamPrefix] });
    this.timeoutMs = options.operationTimeoutMs ?? 30_000;
    this.client = KurrentDBClient.connectionString(options.connectionString);
  }

  /** KurrentDB needs no schema; this only proves the server answers. */
  async migrate(): Promise<void> {
    await this.ping();
  }

  async append(streamName: string, events: readonly SealedEvent[], expected: ExpectedState): Promise<AppendResult> {
    return this.guarded(async () => {
      if (events.length === 0) throw new EmptyAppendError(streamName);
      assertDistinctIds(events);
      const stream = this.kurrentStreamName(streamName);
      // Serialised before anything is written: a value JSON cannot carry fails the append, not the connection.
      const writes = events.map(toEventData);
      for (let round = 1; round <= MAX_APPEND_ROUNDS; round += 1) {
        const outcome = await this.appendRound(streamName, stream, events, writes, expected);
        if (outcome.done) {
          if (outcome.written) notifyAppended(this.listeners);
          return outcome.result;
        }
      }
      // Other writers kept moving the head or the claims under us: let the sealer start over.
      throw new StreamHeadMovedError(streamName);
    });
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.guarded(async () => {
      assertMaxCount(options.maxCount);
      const backwards = options.direction === 'backwards';
      const fromRevision: ReadRevision = options.fromVersion === undefined ? (backwards ? END : START) : BigInt(options.fromVersion);
      const records = await this.readRecords(this.kurrentStreamName(streamName), {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision,
        maxCount: options.maxCount,
      });
      return records.map((record) => this.toRecordedEvent(streamName, record));
    });
  }

  /**
   * KurrentDB's `$all` is its transaction log: one writer appends it in order and readers see only
   * what is committed, so there is no gap that fills in later. The server starts a read at `from`
   * inclusively, so one more event is asked for and the one at `from` is dropped.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.guarded(async () => {
      assertMaxCount(options.maxCount);
      const backwards = options.direction === 'backwards';
      const from = options.from;
      if (from !== undefined && (!Number.isSafeInteger(from) || from < 0)) throw new RangeError(`Not a $all position: ${from}`);
      const fromPosition: ReadPosition = from === undefined ? (backwards ? END : START) : { commit: BigInt(from), prepare: BigInt(from) };
      const records = await this.readAllRecords({
        direction: backwards ? BACKWARDS : FORWARDS,
        fromPosition,
        maxCount: options.maxCount === undefined ? undefined : options.maxCount + (from === undefined ? 0 : 1),
      });
      const events = records
        .map((record) => this.toRecordedEvent(record.streamId.slice(this.streamPrefix.length), record))
        .filter((event) => from === undefined || (backwards ? event.position < from : event.position > from));
      return options.maxCount === undefined ? events : events.slice(0, options.maxCount);
    });
  }

  async headPosition(): Promise<number | undefined> {
    return this.guarded(async () => {
      const [last] = await this.readAllRecords({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
      return last === undefined ? undefined : positionOf(last);
    });
  }

  async readCheckpoint(name: string): Promise<number | undefined> {
    return this.guarded(async () => (await this.lastCheckpoint(name))?.position);
  }

  /** The checkpoint's stream revision is the compare-and-set: the server refuses a write over a value someone else replaced. */
  async compareAndSetCheckpoint(name: string, expected: number | undefined, next: number): Promise<boolean> {
    return this.guarded(async () => {
      const stream = this.checkpointStream(name);
      let state: AppendStreamState = NO_STREAM;
      if (expected !== undefined) {
        const current = await this.lastCheckpoint(name);
        if (current === undefined || current.position !== expected) return false;
        state = current.revision;
      }
      const stored = await this.appendUnlessRaced(
        stream,
        jsonEvent({ id: randomUUID(), type: CHECKPOINT_EVENT_TYPE, data: { position: next } }),
        state,
      );
      if (stored && expected === undefined) {
        // Housekeeping only: the value is already stored, and a stream that keeps every value still works.
        await this.client.setStreamMetadata(stream, { maxCount: CHECKPOINT_MAX_COUNT }).catch(() => undefined);
      }
      return stored;
    });
  }

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads a stream that never exists: one round trip, no `$all` rights needed. */
  async ping(): Promise<void> {
    await this.guarded(() => this.readRecords(`${this.internalPrefix}ping`, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await this.client.dispose();
  }

  /** The KurrentDB stream that holds a port stream (for operators and tests). */
  kurrentStreamName(streamName: string): string {
    if (streamName === '') throw new Error('A stream name cannot be empty');
    // Without a namespace, `$` marks system and internal streams, which `$all` reads leave out.
    if (this.namespace === undefined && streamName.includes('$')) {
      throw new Error(`Stream name ${JSON.stringify(streamName)} is reserved: without a namespace, stream names cannot contain $`);
    }
    return `${this.streamPrefix}${streamName}`;
  }

  /**
   * One read-plan-write round. Order matters: the head is read before the claims, so a writer whose
   * append we see has its claims seen too. Returns `done: false` when another writer got in between.
   */
  private async appendRound(
    streamName: string,
    stream: string,
    events: readonly SealedEvent[],
    writes: readonly EventData[],
    expected: ExpectedState,
  ): Promise<AppendRound> {
    const [last] = await this.readRecords(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    const claims = await Promise.all(events.map((event) => this.readClaims(event.id)));
    const checks = await this.checkClaims(streamName, events, claims);
    const stored = checks.flatMap((check) => (check.stored ? [check.stored] : []));
    const head = last && { streamVersion: Number(last.revision), hash: sealOf(last).hash };
    const plan = planAppend(streamName, events, expected, head, stored);
    if (plan.kind === 'already-stored') return { done: true, written: false, result: plan.result };
    // Claimed for another stream whose append may still land: refusing is the only way not to store it twice.
    const claimed = checks.findIndex((check) => check.claimedBy !== undefined);
    if (claimed >= 0) throw new DuplicateEventIdError(streamName, events[claimed].id);

    const claimedAll = await Promise.all(
      events.map((event, index) => this.claim(event.id, claims[index], streamName, plan.firstVersion + index)),
    );
    if (claimedAll.includes(false)) return { done: false };
    // The exact head revision, whatever `expected` was: the batch is sealed onto this head and no other.
    if (!(await this.appendUnlessRaced(stream, [...writes], last ? last.revision : NO_STREAM))) return { done: false };

    // Read back rather than trust the reply: an identical retry the server deduplicated must answer like the first.
    const written = await this.readRecords(stream, {
      direction: FORWARDS,
      fromRevision: BigInt(plan.firstVersion),
      maxCount: events.length,
    });
    if (written.length !== events.length || written.some((record, index) => record.id !== events[index].id)) return { done: false };
    const first = { streamVersion: plan.firstVersion, position: positionOf(written[0]) };
    const lastWritten = { streamVersion: plan.firstVersion + events.length - 1, position: positionOf(written[written.length - 1]) };
    return { done: true, written: true, result: appendResultFrom(streamName, first, lastWritten) };
  }

  private async readClaims(eventId: string): Promise<Claim[]> {
    const records = await this.readRecords(this.claimStream(eventId), { direction: FORWARDS, fromRevision: START });
    return records.map((record) => {
      const data = record.data;
      if (!isObject(data) || typeof data['streamName'] !== 'string' || !Number.isSafeInteger(data['streamVersion'])) {
        throw new Error(`${record.streamId}@${record.revision}: not a claim written by this adapter`);
      }
      return { revision: record.revision, streamName: data['streamName'], streamVersion: Number(data['streamVersion']) };
    });
  }

  /** Looks at each claimed place: the id there means stored; another id means the claim lost; nothing yet means it may still land. */
  private async checkClaims(streamName: string, events: readonly SealedEvent[], claims: readonly Claim[][]): Promise<ClaimCheck[]> {
    const ranges = new Map<string, { from: number; to: number }>();
    for (const claim of claims.flat()) {
      const range = ranges.get(claim.streamName);
      ranges.set(claim.streamName, {
        from: Math.min(range?.from ?? claim.streamVersion, claim.streamVersion),
        to: Math.max(range?.to ?? claim.streamVersion, claim.streamVersion),
      });
    }
    const found = new Map<string, Map<number, KurrentRecord>>();
    await Promise.all(
      [...ranges].map(async ([name, range]) => {
        const records = await this.readRecords(this.kurrentStreamName(name), {
          direction: FORWARDS,
          fromRevision: BigInt(range.from),
          maxCount: range.to - range.from + 1,
        });
        found.set(name, new Map(records.map((record) => [Number(record.revision), record])));
      }),
    );
    return events.map((event, index) => {
      let claimedBy: string | undefined;
      for (const claim of claims[index]) {
        const record = found.get(claim.streamName)?.get(claim.streamVersion);
        if (record?.id === event.id) {
          return {
            stored: { eventId: event.id, streamName: claim.streamName, streamVersion: claim.streamVersion, position: positionOf(record) },
          };
        }
        if (record === undefined && claim.streamName !== streamName) claimedBy = claim.streamName;
      }
      return { claimedBy };
    });
  }

  /** Makes this place the id's latest claim; false if another writer claimed it since we read. */
  private async claim(eventId: string, claims: readonly Claim[], streamName: string, streamVersion: number): Promise<boolean> {
    const latest = claims[claims.length - 1];
    if (latest !== undefined && latest.streamName === streamName && latest.streamVersion === streamVersion) return true;
    const event = jsonEvent({ id: randomUUID(), type: CLAIM_EVENT_TYPE, data: { streamName, streamVersion } });
    return this.appendUnlessRaced(this.claimStream(eventId), event, latest === undefined ? NO_STREAM : latest.revision);
  }

  private async lastCheckpoint(name: string): Promise<{ revision: bigint; position: number } | undefined> {
    const [last] = await this.readRecords(this.checkpointStream(name), { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    if (last === undefined) return undefined;
    const data = last.data;
    if (!isObject(data) || typeof data['position'] !== 'number')
      throw new Error(`${last.streamId}: not a checkpoint written by this adapter`);
    return { revision: last.revision, position: data['position'] };
  }

  /** True if written; false if the stream was not at `state` (someone else wrote first). */
  private async appendUnlessRaced(stream: string, events: EventData | EventData[], state: AppendStreamState): Promise<boolean> {
    try {
      // With throwOnAppendFailure=false in the URL the client answers instead of throwing: read the answer either way.
      const result = await this.client.appendToStream(stream, events, { streamState: state });
      return result.success;
    } catch (error) {
      if (isCommandError(error as Error) && (error as { type?: unknown }).type === ErrorType.WRONG_EXPECTED_VERSION) return false;
      throw error;
    }
  }

  /** A missing stream reads as empty. */
  private async readRecords(
    stream: string,
    options: { direction: Direction; fromRevision: ReadRevision; maxCount?: number },
  ): Promise<KurrentRecord[]> {
    const records: KurrentRecord[] = [];
    try {
      const read = this.client.readStream(stream, {
        direction: options.direction,
        fromRevision: options.fromRevision,
        resolveLinkTos: false,
        ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
      });
      for await (const resolved of read) if (resolved.event) records.push(resolved.event);
    } catch (error) {
      if (isCommandError(error as Error) && (error as { type?: unknown }).type === ErrorType.STREAM_NOT_FOUND) return [];
      throw error;
    }
    return records;
  }

  private async readAllRecords(options: { direction: Direction; fromPosition: ReadPosition; maxCount?: number }): Promise<KurrentRecord[]> {
    const records: KurrentRecord[] = [];
    const read = this.client.readAll({
      direction: options.direction,
      fromPosition: options.fromPosition,
      resolveLinkTos: false,
      filter: this.allFilter,
      ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
    });
    for await (const resolved of read) {
      // The server filters streams already; this also keeps out what KurrentDB itself writes there ($streamDeleted, links).
      const event = resolved.event;
      if (event && this.ownsStream(event.streamId) && !event.type.startsWith('$')) records.push(event);
    }
    return records;
  }

  private ownsStream(kurrentStream: string): boolean {
    return this.namespace === undefined ? !kurrentStream.includes('$') : kurrentStream.startsWith(this.streamPrefix);
  }

  private toRecordedEvent(streamName: string, record: KurrentRecord): RecordedEvent {
    const seal = sealOf(record);
    const data = jsonOf(record.data);
    if (!isObject(data)) throw new Error(`${record.streamId}@${record.revision}: data is not a JSON object`);
    return {
      id: record.id,
      streamName,
      // The version it was sealed for: a stream rewritten behind the store's back then fails verification.
      streamVersion: seal.streamVersion,
      position: positionOf(record),
      type: record.type,
      data: data as JsonObject,
      metadata: seal.metadata,
      recordedAt: seal.recordedAt,
      hash: seal.hash,
      previousHash: seal.previousHash,
    };
  }

  private claimStream(eventId: string): string {
    return `${this.internalPrefix}id-${eventId}`;
  }

  private checkpointStream(name: string): string {
    if (name === '') throw new Error('A checkpoint name cannot be empty');
    return `${this.internalPrefix}checkpoint-${name}`;
  }

  /** Refuses work once closed, and bounds every operation so an unresponsive server cannot hang its caller. */
  private async guarded<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) throw new EventStoreClosedError();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`KurrentDB did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      return await Promise.race([work(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function toEventData(event: SealedEvent): EventData {
  if (typeof event.id !== 'string' || !LOWER_CASE_UUID.test(event.id)) {
    throw new InvalidEventError(`Event id must be a lower-case UUID for KurrentDB, got ${JSON.stringify(event.id)}`);
  }
  // KurrentDB's own event types ($>, $metadata, ...) start with $; $all reads leave such events out.
  if (event.type.startsWith('$')) throw new InvalidEventError(`Event ${event.id}: types starting with $ are KurrentDB's own`);
  const seal: StoredSeal = {
    streamVersion: event.streamVersion,
    recordedAt: event.recordedAt,
    hash: event.hash,
    previousHash: event.previousHash,
    metadata: event.metadata,
  };
  try {
    // The client serialises inside its request stream, where a failure would never reach us.
    JSON.stringify(event.data);
    JSON.stringify(seal);
  } catch (error) {
    throw new InvalidEventError(`Event ${event.id} cannot be written as JSON: ${(error as Error).message}`);
  }
  return jsonEvent({ id: event.id, type: event.type, data: event.data, metadata: { ...seal } });
}

function sealOf(record: KurrentRecord): StoredSeal {
  const seal = record.metadata;
  if (
    !isObject(seal) ||
    !Number.isSafeInteger(seal['streamVersion']) ||
    typeof seal['recordedAt'] !== 'string' ||
    typeof seal['hash'] !== 'string' ||
    (seal['previousHash'] !== null && typeof seal['previousHash'] !== 'string') ||
    !isObject(seal['metadata'])
  ) {
    throw new Error(`${record.streamId}@${record.revision}: not an event written by this adapter (no seal in its metadata)`);
  }
  return seal as unknown as StoredSeal;
}

/** Commit and prepare position are one number for every self-committed record, which is all KurrentDB writes now. */
function positionOf(record: KurrentRecord): number {
  const position = record.position;
  if (position === undefined || position.commit === NO_POSITION) {
    throw new Error(`${record.streamId}@${record.revision}: the server sent no log position (KurrentDB 22.6 or later sends one)`);
  }
  if (position.commit !== position.prepare) {
    throw new Error(`${record.streamId}@${record.revision}: written in an explicit transaction, so its position is not one number`);
  }
  if (position.commit > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`${record.streamId}@${record.revision}: position beyond 2^53`);
  return Number(position.commit);
}

/** The client parses data it was told is JSON; this also reads JSON that arrives as bytes. */
function jsonOf(value: unknown): unknown {
  if (!(value instanceof Uint8Array)) return value;
  try {
    return JSON.parse(Buffer.from(value).toString('utf8'));
  } catch {
    return value;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function assertMaxCount(maxCount: number | undefined): void {
  if (maxCount !== undefined && (!Number.isInteger(maxCount) || maxCount < 1)) {
    throw new RangeError(`maxCount must be a positive whole number, got ${maxCount}`);
  }
}
