import type { EventLog } from '../event-log';
import type { AllSubscription } from '../subscription';
import type { ProjectionDefinition, ReadModelStore } from './read-model-store.port';

export interface ProjectorOptions {
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
  /** Wait before resubscribing after a failure (doubles up to 30 s). */
  readonly retryDelayMs?: number;
  readonly onError?: (error: unknown, projection: string) => void;
}

export interface ProjectorStatus {
  readonly name: string;
  readonly running: boolean;
  readonly caughtUp: boolean;
  /** Position of the last event applied and committed with the read model. */
  readonly position: number | undefined;
  readonly lastError?: string;
}

/**
 * Keeps one read model up to date: subscribes to `$all` from the read model's own checkpoint and
 * applies each batch together with the new checkpoint. Can rebuild from zero at any time.
 */
export class Projector<P extends ProjectionDefinition> {
  private subscription: AllSubscription | undefined;
  private running = false;
  private caughtUp = false;
  private position: number | undefined;
  private lastError: string | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelayMs: number;
  /** Bumped by every start and stop, so work begun for an earlier run cannot outlive it. */
  private generation = 0;
  private caughtUpWaiters: (() => void)[] = [];
  private positionWaiters: { position: number; resolve: () => void }[] = [];

  constructor(
    private readonly log: EventLog,
    private readonly readModels: ReadModelStore<P>,
    readonly projection: P,
    private readonly options: ProjectorOptions = {},
  ) {
    this.retryDelayMs = options.retryDelayMs ?? 1000;
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
    if (this.caughtUp) return Promise.resolve();
    return new Promise((resolve) => this.caughtUpWaiters.push(resolve));
  }

  /**
   * Resolves once the read model has applied the event at `position` (or after `timeoutMs`,
   * returning false: the read model is lagging, the event itself is safely stored).
   */
  waitForPosition(position: number, timeoutMs = 2000): Promise<boolean> {
    if ((this.position ?? 0) >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = { position, resolve: () => (clearTimeout(timer), resolve(true)) };
      const timer = setTimeout(() => {
        this.positionWaiters = this.positionWaiters.filter((candidate) => candidate !== waiter);
        resolve(false);
      }, timeoutMs);
      this.positionWaiters.push(waiter);
    });
  }

  status(): ProjectorStatus {
    const base = { name: this.projection.name, running: this.running, caughtUp: this.caughtUp, position: this.position };
    return this.lastError ? { ...base, lastError: this.lastError } : base;
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
    await this.readModels.reset(this.projection);
    if (generation !== this.generation) return; // stopped or started again meanwhile: that call wins
    this.caughtUp = false;
    await this.start();
  }

  private async subscribe(generation: number): Promise<void> {
    const checkpoint = await this.readModels.prepare(this.projection);
    if (generation !== this.generation) return; // stopped or restarted while preparing
    this.position = checkpoint;
    const subscription = this.log.subscribeToAll({
      from: checkpoint,
      batchSize: this.options.batchSize,
      pollIntervalMs: this.options.pollIntervalMs,
      handler: async (events) => {
        await this.readModels.applyBatch(this.projection, events, this.position);
        const position = events[events.length - 1].position;
        this.position = position;
        this.lastError = undefined;
        if (this.positionWaiters.length > 0) {
          const reached = this.positionWaiters.filter((waiter) => waiter.position <= position);
          this.positionWaiters = this.positionWaiters.filter((waiter) => waiter.position > position);
          reached.forEach((waiter) => waiter.resolve());
        }
        this.retryDelayMs = this.options.retryDelayMs ?? 1000;
      },
      onCaughtUp: () => {
        this.caughtUp = true;
        this.caughtUpWaiters.splice(0).forEach((resolve) => resolve());
      },
    });
    this.subscription = subscription;
    subscription.done.catch((error: unknown) => this.retryAfterFailure(error, generation));
  }

  /** Resubscribes from the committed checkpoint (a failed batch was rolled back whole), backing off. */
  private retryAfterFailure(error: unknown, generation: number): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    this.options.onError?.(error, this.projection.name);
    if (generation !== this.generation) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(delay * 2, 30_000);
    this.retryTimer = setTimeout(() => {
      if (generation !== this.generation) return;
      this.subscribe(generation).catch((failure: unknown) => this.retryAfterFailure(failure, generation));
    }, delay);
  }
}
