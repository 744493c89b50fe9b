import type {
  AppendResult,
  EventStorePort,
  ExpectedState,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SealedEvent,
} from './event-store.port';
import { EmptyAppendError, InvalidEventError, StreamHeadMovedError } from './event-store.errors';
import { computeEventHash } from './hash-chain/event-hash';
import { loneSurrogatePath } from './hash-chain/canonical-json';
import { assertDistinctIds } from './adapters/append-rules';
import { ChainVerification, ChainVerifier } from './hash-chain/chain-verifier';
import { AllSubscription, SubscribeToAllOptions, subscribeToAll } from './subscription';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Sealing races only with writers of the same stream; a handful of retries settles any real contention. */
const MAX_SEAL_ATTEMPTS = 20;
const DEFAULT_PAGE_SIZE = 500;

/** An append as the log made it: what the store answered, and the hash of the last event sealed when it was written. */
export interface LoggedAppend extends AppendResult {
  /** Absent when nothing was written (`alreadyStored`): the stored events are then the earlier append's. */
  readonly lastHash?: string;
}

export interface EventLogOptions {
  /** Injected so tests and replays control time. */
  readonly clock?: () => Date;
}

/**
 * What the application uses: the port plus the hash chain. It seals every event (time, hash,
 * previous hash) before handing it to the adapter, so all engines store verifiable chains.
 */
export class EventLog {
  private readonly clock: () => Date;

  constructor(
    readonly port: EventStorePort,
    options: EventLogOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * Seals the events onto the stream's head and appends them. `knownHead` is the head the caller has
   * just read (null: no stream yet), which saves reading it again; if it has moved, the adapter says
   * so and the head is read afresh.
   */
  async append(
    streamName: string,
    events: readonly NewEvent[],
    expected: ExpectedState = 'any',
    knownHead?: Pick<RecordedEvent, 'streamVersion' | 'hash'> | null,
  ): Promise<LoggedAppend> {
    if (events.length === 0) throw new EmptyAppendError(streamName);
    events.forEach(assertValidEvent);
    assertDistinctIds(events.map((event) => ({ id: event.id.toLowerCase() })));
    for (let attempt = 1; ; attempt += 1) {
      const head =
        attempt === 1 && knownHead !== undefined
          ? (knownHead ?? undefined)
          : (await this.port.readStream(streamName, { direction: 'backwards', maxCount: 1 }))[0];
      const sealed = sealEvents(streamName, head, events, this.clock().toISOString());
      try {
        const result = await this.port.append(streamName, sealed, expected);
        return result.alreadyStored ? result : { ...result, lastHash: sealed[sealed.length - 1].hash };
      } catch (error) {
        if (!(error instanceof StreamHeadMovedError) || attempt >= MAX_SEAL_ATTEMPTS) throw error;
      }
    }
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertPageSize(options.maxCount);
    return this.port.readStream(streamName, options);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    assertPageSize(options.maxCount);
    return this.port.readAll(options);
  }

  /** Streams a stream page by page, from `fromVersion` on: memory stays flat however long it is. */
  async *iterateStream(streamName: string, pageSize = DEFAULT_PAGE_SIZE, fromVersion = 0): AsyncGenerator<RecordedEvent> {
    for (;;) {
      const page = await this.port.readStream(streamName, { fromVersion, maxCount: pageSize });
      yield* page;
      if (page.length < pageSize) return;
      fromVersion = page[page.length - 1].streamVersion + 1;
    }
  }

  /** Streams the global log after `from` (exclusive), page by page. */
  async *iterateAll(from?: number, pageSize = DEFAULT_PAGE_SIZE): AsyncGenerator<RecordedEvent> {
    let after = from;
    for (;;) {
      const page = await this.port.readAll({ from: after, maxCount: pageSize });
      yield* page;
      if (page.length < pageSize) return;
      after = page[page.length - 1].position;
    }
  }

  subscribeToAll(options: SubscribeToAllOptions): AllSubscription {
    return subscribeToAll(this.port, options);
  }

  /** Recomputes the stream's hash chain from what is stored. */
  async verifyStream(streamName: string): Promise<ChainVerification> {
    const verifier = new ChainVerifier();
    for await (const event of this.iterateStream(streamName)) verifier.check(event);
    return verifier.result();
  }
}

/** Stamps and chains `events` onto `head` (the stream's current last event, if any). */
export function sealEvents(
  streamName: string,
  head: Pick<RecordedEvent, 'streamVersion' | 'hash'> | undefined,
  events: readonly NewEvent[],
  recordedAt: string,
): SealedEvent[] {
  let previousHash = head ? head.hash : null;
  let streamVersion = head ? head.streamVersion + 1 : 0;
  return events.map((event) => {
    const content = {
      streamName,
      streamVersion,
      id: event.id.toLowerCase(),
      type: event.type,
      data: event.data,
      metadata: event.metadata ?? {},
      recordedAt,
      previousHash,
    };
    const hash = computeEventHash(content);
    previousHash = hash;
    streamVersion += 1;
    return {
      id: content.id,
      streamVersion: content.streamVersion,
      type: content.type,
      data: content.data,
      metadata: content.metadata,
      recordedAt,
      hash,
      previousHash: content.previousHash,
    };
  });
}

function assertPageSize(maxCount: number | undefined): void {
  if (maxCount !== undefined && (!Number.isInteger(maxCount) || maxCount < 1)) {
    throw new RangeError(`maxCount must be a positive whole number, got ${maxCount}`);
  }
}

function assertValidEvent(event: NewEvent): void {
  if (typeof event.id !== 'string' || !UUID.test(event.id)) {
    throw new InvalidEventError(`Event id must be a UUID, got ${JSON.stringify(event.id)}`);
  }
  if (typeof event.type !== 'string' || event.type.trim() === '' || loneSurrogatePath(event.type)) {
    throw new InvalidEventError('type must be a non-empty string of Unicode text', event.id);
  }
  // Values JSON cannot carry faithfully (NaN, Dates, …) are refused when the event is hashed.
  for (const [field, value] of [
    ['data', event.data],
    ['metadata', event.metadata ?? {}],
  ] as const) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new InvalidEventError(`${field} must be a JSON object`, event.id);
    }
    const loneSurrogate = loneSurrogatePath(value, field);
    if (loneSurrogate) throw new InvalidEventError(`${loneSurrogate} holds a lone surrogate, which is not Unicode text`, event.id);
  }
}
