import type {
  AppendResult,
  EventStorePort,
  ExpectedState,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SealedEvent,
} from '../../event-store.port';
import { EventStoreClosedError } from '../../event-store.errors';
import { appendResultFrom, planAppend } from '../append-rules';
import { notifyAppended } from '../event-rows';

/**
 * Process-local store for fast unit tests of code that needs an event store. It passes the same
 * contract suite as the real engines; it keeps nothing across restarts, so production never uses it.
 */
export class InMemoryEventStore implements EventStorePort {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly byId = new Map<string, RecordedEvent>();
  private readonly checkpoints = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private closed = false;

  async migrate(): Promise<void> {
    this.assertOpen();
  }

  async append(streamName: string, events: readonly SealedEvent[], expected: ExpectedState): Promise<AppendResult> {
    this.assertOpen();
    const stream = this.streams.get(streamName) ?? [];
    const head = stream[stream.length - 1];
    const stored = events.flatMap((event) => {
      const found = this.byId.get(event.id);
      return found
        ? [{ eventId: found.id, streamName: found.streamName, streamVersion: found.streamVersion, position: found.position }]
        : [];
    });
    const plan = planAppend(streamName, events, expected, head, stored);
    if (plan.kind === 'already-stored') return plan.result;

    // Serialised like a real engine would store it: whatever JSON cannot hold fails the whole batch here.
    const recorded = events.map((event, index) => ({
      ...copyAsJson(event),
      streamName,
      streamVersion: plan.firstVersion + index,
      position: this.log.length + index + 1,
    }));
    for (const event of recorded) {
      stream.push(event);
      this.log.push(event);
      this.byId.set(event.id, event);
    }
    this.streams.set(streamName, stream);
    queueMicrotask(() => notifyAppended(this.listeners));
    return appendResultFrom(streamName, recorded[0], recorded[recorded.length - 1]);
  }

  async hasStreamsStartingWith(prefix: string): Promise<boolean> {
    this.assertOpen();
    return [...this.streams.keys()].some((name) => name.startsWith(prefix));
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const stream = this.streams.get(streamName) ?? [];
    const limit = options.maxCount ?? Infinity;
    if (options.direction === 'backwards') {
      const from = options.fromVersion ?? Infinity;
      return copyAsJson(
        stream
          .filter((event) => event.streamVersion <= from)
          .reverse()
          .slice(0, limit),
      );
    }
    const from = options.fromVersion ?? 0;
    return copyAsJson(stream.filter((event) => event.streamVersion >= from).slice(0, limit));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = options.maxCount ?? Infinity;
    if (options.direction === 'backwards') {
      const before = options.from ?? Infinity;
      return copyAsJson(
        this.log
          .filter((event) => event.position < before)
          .reverse()
          .slice(0, limit),
      );
    }
    const after = options.from ?? 0;
    return copyAsJson(this.log.filter((event) => event.position > after).slice(0, limit));
  }

  async headPosition(): Promise<number | undefined> {
    this.assertOpen();
    return this.log[this.log.length - 1]?.position;
  }

  async readCheckpoint(name: string): Promise<number | undefined> {
    this.assertOpen();
    return this.checkpoints.get(name);
  }

  async compareAndSetCheckpoint(name: string, expected: number | undefined, next: number): Promise<boolean> {
    this.assertOpen();
    if (this.checkpoints.get(name) !== expected) return false;
    this.checkpoints.set(name, next);
    return true;
  }

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async ping(): Promise<void> {
    this.assertOpen();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
  }

  /** Test hook: edits a stored event in place, as someone with direct access to storage could. */
  tamper(streamName: string, streamVersion: number, edit: (event: RecordedEvent) => RecordedEvent): void {
    const stream = this.streams.get(streamName) ?? [];
    const original = stream[streamVersion];
    const edited = edit(copyAsJson(original));
    stream[streamVersion] = edited;
    this.log[this.log.indexOf(original)] = edited;
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError();
  }
}

function copyAsJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
