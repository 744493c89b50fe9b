import { Worker, WorkerOptions } from 'node:worker_threads';
import {
  AppendResult,
  EventStoreClosedError,
  EventStorePort,
  ExpectedState,
  notifyAppended,
  ProjectionDefinition,
  ProjectionProgress,
  ProjectionRunner,
  ProjectorStatus,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SealedEvent,
  SqliteEventStore,
} from '@escalation-hub/event-store';
import type { LeafSource, LoggedLeaf } from '@escalation-hub/audit-application';
import { receivedError, StorageMessage, StorageRequest, StorageWorkerData } from './storage-thread.protocol';

/** A request as its sender writes it: the thread numbers it. (Distributes over the union, which Omit alone does not.) */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Request = WithoutId<StorageRequest>;

export interface StorageThreadOptions extends StorageWorkerData {
  /** The built worker script (see storage-worker.ts); it runs `runStorageWorker` with the read models below. */
  readonly workerFile: string;
  /** How to start it, when it is not plain JavaScript (tests run it from its TypeScript source). */
  readonly workerOptions?: Pick<WorkerOptions, 'execArgv' | 'env'>;
  readonly projections: readonly ProjectionDefinition[];
  readonly onProjectionError?: (error: Error, projection: string) => void;
  /** The thread stopped without being asked: nothing more can be stored until the hub restarts. */
  readonly onFailure?: (error: Error) => void;
}

/**
 * The embedded hub's storage thread, from the hub's side (ADR 0011): the event store's writes and the
 * read models run there, on the other core, and the request thread keeps only what a request needs.
 * `store` is an event store whose appends and checkpoints go to that thread and are answered once
 * durable, and whose reads use a connection of this thread's (WAL: readers never wait for the writer,
 * and see a commit as soon as it is made). `projector` follows the thread's projector.
 */
export class StorageThread {
  readonly store: ThreadedEventStore;
  readonly projector: ThreadedProjector;
  /** The integrity log's leaves, read and hashed on the thread; the log's tree stays on this one. */
  readonly leaves: LeafSource;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private failure: Error | undefined;
  private closing = false;
  private closed: Promise<void> = Promise.resolve();

  private constructor(
    private readonly worker: Worker,
    reader: SqliteEventStore,
    durability: { journalMode: string; synchronous: string },
    private readonly options: StorageThreadOptions,
  ) {
    this.store = new ThreadedEventStore(this, reader, durability);
    this.projector = new ThreadedProjector(this, options.projections);
    this.leaves = {
      readAll: ({ from, maxCount }) => this.request<LoggedLeaf[]>({ kind: 'read-leaves', from, maxCount }),
      onAppended: (listener) => this.store.onAppended(listener),
    };
    worker.on('message', (message: StorageMessage) => this.receive(message));
    worker.on('messageerror', (error) => this.fail(error));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`The storage thread exited (code ${code})`)));
  }

  /** Starts the thread and waits until it has opened (and migrated) both files. */
  static async start(options: StorageThreadOptions): Promise<StorageThread> {
    const { eventsFile, readModelsFile, readModelsSource } = options;
    const workerData: StorageWorkerData = { eventsFile, readModelsFile, readModelsSource };
    const worker = new Worker(options.workerFile, { ...options.workerOptions, workerData });
    const durability = await new Promise<{ journalMode: string; synchronous: string }>((resolve, reject) => {
      const failed = (error: Error) => reject(error);
      const exited = (code: number) => reject(new Error(`The storage thread exited while opening the store (code ${code})`));
      worker.once('error', failed);
      worker.once('exit', exited);
      worker.once('message', (message: StorageMessage) => {
        worker.off('error', failed);
        worker.off('exit', exited);
        if (message.kind === 'ready') resolve(message.durability);
        else reject(new Error(`The storage thread said ${message.kind} before it was ready`));
      });
    });
    try {
      return new StorageThread(worker, new SqliteEventStore({ filename: eventsFile }), durability, options);
    } catch (error) {
      await worker.terminate();
      throw error;
    }
  }

  request<T>(request: Request): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing && request.kind !== 'close') return Promise.reject(new EventStoreClosedError());
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      try {
        this.worker.postMessage({ ...request, id } as StorageRequest);
      } catch (error) {
        this.pending.delete(id);
        reject(error);
      }
    });
  }

  /** Why the thread can no longer store anything, if it cannot. */
  get failed(): Error | undefined {
    return this.failure;
  }

  /** Stops the projector, commits what was sent, closes both files and waits for the thread to end. */
  async close(): Promise<void> {
    if (this.closing) return this.closed;
    this.closing = true;
    this.closed = (async () => {
      const exited = new Promise((resolve) => this.worker.once('exit', resolve));
      if (this.failure) return;
      // Ended by itself once its files are closed; stopped if it does not answer.
      const answered = await Promise.race([
        this.request({ kind: 'close' }).then(() => true, () => false),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), 30_000).unref()),
      ]);
      if (!answered) await this.worker.terminate();
      await exited;
    })();
    return this.closed;
  }

  private receive(message: StorageMessage): void {
    switch (message.kind) {
      case 'reply': {
        const waiting = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.ok) waiting?.resolve(message.value);
        else waiting?.reject(receivedError(message.error));
        return;
      }
      case 'progress':
        return this.projector.receive(message.statuses);
      case 'projection-error':
        return this.options.onProjectionError?.(receivedError(message.error), message.projection);
      case 'ready':
        return;
    }
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = this.closing ? new EventStoreClosedError() : error;
    for (const waiting of this.pending.values()) waiting.reject(this.failure);
    this.pending.clear();
    if (this.closing) return;
    this.projector.stopped(error.message);
    this.options.onFailure?.(error);
  }
}

/** The event store as the hub's thread sees it: writes on the storage thread, reads here. */
export class ThreadedEventStore implements EventStorePort {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly thread: StorageThread,
    private readonly reader: SqliteEventStore,
    private readonly writer: { journalMode: string; synchronous: string },
  ) {}

  /** The thread migrated the file when it opened it; migrating again (through this thread's connection) changes nothing. */
  migrate(): Promise<void> {
    return this.reader.migrate();
  }

  async append(streamName: string, events: readonly SealedEvent[], expected: ExpectedState): Promise<AppendResult> {
    const result = await this.thread.request<AppendResult>({ kind: 'append', streamName, events, expected });
    if (!result.alreadyStored) notifyAppended(this.listeners);
    return result;
  }

  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.reader.readStream(streamName, options);
  }

  hasStreamsStartingWith(prefix: string): Promise<boolean> {
    return this.reader.hasStreamsStartingWith(prefix);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.reader.readAll(options);
  }

  headPosition(): Promise<number | undefined> {
    return this.reader.headPosition();
  }

  readCheckpoint(name: string): Promise<number | undefined> {
    return this.reader.readCheckpoint(name);
  }

  compareAndSetCheckpoint(name: string, expected: number | undefined, next: number): Promise<boolean> {
    return this.thread.request<boolean>({ kind: 'compare-and-set-checkpoint', name, expected, next });
  }

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The settings of the connection that writes (on the storage thread). */
  durability(): { journalMode: string; synchronous: string; writer: 'storage thread' } {
    return { ...this.writer, writer: 'storage thread' };
  }

  async ping(): Promise<void> {
    if (this.thread.failed) throw this.thread.failed;
    await this.reader.ping();
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.thread.close();
    await this.reader.close();
  }
}

/** The storage thread's projector, followed from the hub's thread through the progress it posts. */
export class ThreadedProjector implements ProjectionRunner {
  private readonly progress: ProjectionProgress;
  private latest: ProjectorStatus[];

  constructor(
    private readonly thread: StorageThread,
    readonly projections: readonly ProjectionDefinition[],
  ) {
    this.progress = new ProjectionProgress(projections.map(({ name }) => name));
    this.latest = projections.map(({ name }) => ({ name, running: false, caughtUp: false, position: undefined }));
  }

  start(): Promise<void> {
    return this.thread.request({ kind: 'start-projector' });
  }

  async stop(): Promise<void> {
    // A thread already gone has nothing left to stop.
    if (!this.thread.failed) await this.thread.request({ kind: 'stop-projector' });
  }

  whenCaughtUp(): Promise<void> {
    return this.progress.whenCaughtUp();
  }

  waitForPosition(position: number, timeoutMs?: number, names?: readonly string[]): Promise<boolean> {
    return this.progress.waitForPosition(position, timeoutMs, names);
  }

  statuses(): ProjectorStatus[] {
    return this.latest;
  }

  /** The thread is gone: the read models stay as they were committed, and health says why they no longer move. */
  stopped(reason: string): void {
    this.latest = this.latest.map((status) => ({ ...status, running: false, lastError: `the storage thread stopped: ${reason}` }));
  }

  receive(statuses: ProjectorStatus[]): void {
    this.latest = statuses;
    this.progress.update(new Map(statuses.map(({ name, position }) => [name, position])));
    this.progress.setCaughtUp(statuses.every((status) => status.caughtUp));
  }
}
