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
  private caughtUpWaiters: (() => void)[] = [];

  constructor(
    private readonly log: EventLog,
    private readonly readModels: ReadModelStore<P>,
    readonly projection: P,
    private readonly options: ProjectorOptions = {},
  ) {}

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.subscribe(this.options.retryDelayMs ?? 1000);
    } catch (error) {
      this.running = false; // a read model that cannot even be prepared fails the start
      throw error;
    }
  }

  /** Resolves once the read model reflects every event that existed when it started. */
  whenCaughtUp(): Promise<void> {
    if (this.caughtUp) return Promise.resolve();
    return new Promise((resolve) => this.caughtUpWaiters.push(resolve));
  }

  status(): ProjectorStatus {
    const base = { name: this.projection.name, running: this.running, caughtUp: this.caughtUp, position: this.position };
    return this.lastError ? { ...base, lastError: this.lastError } : base;
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.retryTimer);
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /** Drops the read model and replays every event into it. */
  async rebuild(): Promise<void> {
    await this.stop();
    await this.readModels.reset(this.projection);
    this.caughtUp = false;
    await this.start();
  }

  private async subscribe(retryDelayMs: number): Promise<void> {
    this.position = await this.readModels.prepare(this.projection);
    if (!this.running) return; // stopped while preparing
    const subscription = this.log.subscribeToAll({
      from: this.position,
      batchSize: this.options.batchSize,
      pollIntervalMs: this.options.pollIntervalMs,
      handler: async (events) => {
        await this.readModels.applyBatch(this.projection, events);
        this.position = events[events.length - 1].position;
        this.lastError = undefined;
      },
      onCaughtUp: () => {
        this.caughtUp = true;
        this.caughtUpWaiters.splice(0).forEach((resolve) => resolve());
      },
    });
    this.subscription = subscription;
    subscription.done.catch((error: unknown) => this.retryAfterFailure(error, retryDelayMs));
  }

  /** Resubscribes from the committed checkpoint: a failed batch was rolled back whole. */
  private retryAfterFailure(error: unknown, retryDelayMs: number): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    this.options.onError?.(error, this.projection.name);
    if (!this.running) return;
    this.retryTimer = setTimeout(() => {
      if (!this.running) return;
      const nextDelay = Math.min(retryDelayMs * 2, 30_000);
      this.subscribe(nextDelay).catch((failure: unknown) => this.retryAfterFailure(failure, nextDelay));
    }, retryDelayMs);
  }
}
