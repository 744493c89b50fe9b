import type { EventLog } from '../event-log';
import type { AllSubscription } from '../subscription';
import type { ProjectionDefinition, ReadModelStore } from './read-model-store.port';

export interface ProjectorOptions {
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
  /** Wait before resubscribing after a failure (doubles up to 30 s). */
  readonly retryDelayMs?: number;
  readonly onError?: (error: unknown, projection: string) => void;
  /** Called after each batch is committed, after a failure and once caught up: `statuses()` has changed. */
  readonly onProgress?: () => void;
}

export interface ProjectorStatus {
  readonly name: string;
  readonly running: boolean;
  readonly caughtUp: boolean;
  /** Position of the last event applied and committed with the read model. */
  readonly position: number | undefined;
  readonly lastError?: string;
}

/** What runs read models, wherever it runs (this thread: Projector; a storage thread: the runtime's ThreadedProjector). */
export interface ProjectionRunner {
  readonly projections: readonly ProjectionDefinition[];
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once the read models reflect every event that existed when they (re)started. */
  whenCaughtUp(): Promise<void>;
  /** Resolves true once the named read models (all, if none named) have applied `position`, or false after `timeoutMs`. */
  waitForPosition(position: number, timeoutMs?: number, names?: readonly string[]): Promise<boolean>;
  statuses(): ProjectorStatus[];
}

/**
 * Where each read model has got to, and who is waiting for it: shared by the projector and by
 * anything that follows one from elsewhere (another thread's progress, posted to this one).
 */
export class ProjectionProgress {
  private positions = new Map<string, number | undefined>();
  private caughtUp = false;
  private caughtUpWaiters: (() => void)[] = [];
  private positionWaiters: { reached: () => boolean; resolve: () => void }[] = [];

  constructor(private readonly names: readonly string[]) {}

  get isCaughtUp(): boolean {
    return this.caughtUp;
  }

  position(name: string): number | undefined {
    return this.positions.get(name);
  }

  /** Takes the positions (from the checkpoints, or after a batch) and wakes whoever they satisfy. */
  update(positions: ReadonlyMap<string, number | undefined>): void {
    for (const [name, position] of positions) this.positions.set(name, position);
    if (this.positionWaiters.length === 0) return;
    const reached = this.positionWaiters.filter((waiter) => waiter.reached());
    this.positionWaiters = this.positionWaiters.filter((waiter) => !reached.includes(waiter));
    reached.forEach((waiter) => waiter.resolve());
  }

  /** `false` when the read models start again from their checkpoints (a restart, a rebuild). */
  setCaughtUp(caughtUp: boolean): void {
    this.caughtUp = caughtUp;
    if (caughtUp) this.caughtUpWaiters.splice(0).forEach((resolve) => resolve());
  }

  whenCaughtUp(): Promise<void> {
    if (this.caughtUp) return Promise.resolve();
    return new Promise((resolve) => this.caughtUpWaiters.push(resolve));
  }

  waitForPosition(position: number, timeoutMs = 2000, names?: readonly string[]): Promise<boolean> {
    const wanted = names ? this.names.filter((name) => names.includes(name)) : this.names;
    const reached = () => Math.min(...wanted.map((name) => this.positions.get(name) ?? 0)) >= position;
    if (reached()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = { reached, resolve: () => (clearTimeout(timer), resolve(true)) };
      const timer = setTimeout(() => {
        this.positionWaiters = this.positionWaiters.filter((candidate) => candidate !== waiter);
        resolve(false);
      }, timeoutMs);
      this.positionWaiters.push(waiter);
    });
  }
}

/**
 * Keeps read models up to date: one subscription to `$all`, from the lowest of their checkpoints,
 * reads each batch once and applies it to every read model in one transaction, each from its own
 * checkpoint, with the new checkpoints. Can rebuild them from zero at any time.
 */
export class Projector<P extends ProjectionDefinition> implements ProjectionRunner {
  readonly projections: readonly P[];
  private subscription: AllSubscription | undefined;
  private running = false;
  /** Each read model's position (the last event applied and committed with it), and who waits for one. */
  private readonly progress: ProjectionProgress;
  private lastError: string | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelayMs: number;
  /** Bumped by every start and stop, so work begun for an earlier run cannot outlive it. */
  private generation = 0;

  constructor(
    private readonly log: EventLog,
    private readonly readModels: ReadModelStore<P>,
    projections: P | readonly P[],
    private readonly options: ProjectorOptions = {},
  ) {
    this.projections = Array.isArray(projections) ? projections : [projections as P];
    this.progress = new ProjectionProgress(this.projections.map(({ name }) => name));
    this.retryDelayMs = options.retryDelayMs ?? 1000;
  }

  /** The projection, for a projector of one. */
  get projection(): P {
    return this.projections[0];
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const generation = ++this.generation;
    try {
      await this.subscribe(generation);
    } catch (error) {
      this.running = false; // a read model that cannot even be prepared fails the start
      throw error;
    }
  }

  /** Resolves once the read model reflects every event that existed when it (re)started. */
  whenCaughtUp(): Promise<void> {
    return this.progress.whenCaughtUp();
  }

  /**
   * Resolves once the read model has applied the event at `position` (or after `timeoutMs`,
   * returning false: the read model is lagging, the event itself is safely stored).
   */
  waitForPosition(position: number, timeoutMs = 2000, names?: readonly string[]): Promise<boolean> {
    return this.progress.waitForPosition(position, timeoutMs, names);
  }

  /** The status of the projection, for a projector of one. */
  status(): ProjectorStatus {
    return this.statuses()[0];
  }

  statuses(): ProjectorStatus[] {
    return this.projections.map(({ name }) => {
      const base = { name, running: this.running, caughtUp: this.progress.isCaughtUp, position: this.progress.position(name) };
      return this.lastError ? { ...base, lastError: this.lastError } : base;
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.generation += 1;
    clearTimeout(this.retryTimer);
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /** Drops the read model and replays every event into it. */
  async rebuild(): Promise<void> {
    const stopping = this.stop();
    const generation = this.generation; // taken before any await: a later stop() or start() must win
    await stopping;
    for (const projection of this.projections) await this.readModels.reset(projection);
    if (generation !== this.generation) return; // stopped or started again meanwhile: that call wins
    this.progress.setCaughtUp(false);
    await this.start();
  }

  private async subscribe(generation: number): Promise<void> {
    const checkpoints = new Map<string, number | undefined>();
    for (const projection of this.projections) checkpoints.set(projection.name, await this.readModels.prepare(projection));
    if (generation !== this.generation) return; // stopped or restarted while preparing
    this.progress.update(checkpoints);
    // From the read model furthest behind; the others skip what they have already.
    const from = [...checkpoints.values()].reduce((lowest, checkpoint) =>
      lowest === undefined || checkpoint === undefined ? undefined : Math.min(lowest, checkpoint),
    );
    const subscription = this.log.subscribeToAll({
      from,
      batchSize: this.options.batchSize,
      pollIntervalMs: this.options.pollIntervalMs,
      handler: async (events) => {
        const entries = this.projections.map((projection) => ({ projection, after: this.progress.position(projection.name) }));
        await this.readModels.applyBatches(entries, events);
        const last = events[events.length - 1].position;
        this.lastError = undefined;
        this.progress.update(new Map(entries.map(({ projection, after }) => [projection.name, Math.max(after ?? 0, last)])));
        this.retryDelayMs = this.options.retryDelayMs ?? 1000;
        this.options.onProgress?.();
      },
      onCaughtUp: () => {
        this.progress.setCaughtUp(true);
        this.options.onProgress?.();
      },
    });
    this.subscription = subscription;
    subscription.done.catch((error: unknown) => this.retryAfterFailure(error, generation));
  }

  /** Resubscribes from the committed checkpoint (a failed batch was rolled back whole), backing off. */
  private retryAfterFailure(error: unknown, generation: number): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    this.options.onError?.(error, this.projections.map(({ name }) => name).join(', '));
    this.options.onProgress?.();
    if (generation !== this.generation) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(delay * 2, 30_000);
    this.retryTimer = setTimeout(() => {
      if (generation !== this.generation) return;
      this.subscribe(generation).catch((failure: unknown) => this.retryAfterFailure(failure, generation));
    }, delay);
  }
}
