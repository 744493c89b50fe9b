import { Inject, Injectable } from '@nestjs/common';
import { join } from 'node:path';
import { AllSubscription, EventLog, Projector, SqlProjection, SqlReadModelStore } from '@escalation-hub/event-store';
import { HubConfig, JsonLogger } from '@escalation-hub/platform';
import { CLOCK, Leadership, ReadModelFreshness } from '@escalation-hub/casework-application';
import { CheckpointJournal, IntegrityCheckpointer, SigningKey } from '@escalation-hub/audit-application';
import type { Lease } from '@escalation-hub/sql';
import { HUB_STORAGE, HubStorage } from './hub-storage';

export const PROJECTORS = Symbol('PROJECTORS');

/** Signs checkpoints of the whole log as it grows, and a last one when the leader stops. */
@Injectable()
export class IntegrityService {
  private subscription: AllSubscription | undefined;
  private readonly checkpointer: IntegrityCheckpointer;
  private running = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private lastError: string | undefined;

  constructor(
    private readonly log: EventLog,
    readonly key: SigningKey,
    @Inject(CLOCK) clock: () => Date,
    config: HubConfig,
    private readonly logger: JsonLogger,
  ) {
    const journal = new CheckpointJournal(join(config.dataDir, 'integrity-checkpoints.jsonl'));
    this.checkpointer = new IntegrityCheckpointer(log, key, clock, config.checkpointEveryEvents, journal);
  }

  status() {
    return { running: this.running, ...this.checkpointer.status(), ...(this.lastError ? { lastError: this.lastError } : {}) };
  }

  /** Follows $all in the background; a failure is logged, shown in health, and retried. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    void this.follow();
  }

  /** Stops following; `sign` catches up and signs a last checkpoint (a clean shutdown of the leader). */
  async stop(options: { sign: boolean }): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearTimeout(this.retryTimer);
    await this.subscription?.stop();
    this.subscription = undefined;
    if (!options.sign || this.lastError) return;
    try {
      await this.checkpointer.catchUp();
      await this.checkpointer.checkpoint();
    } catch (error) {
      this.logger.error(error instanceof Error ? error : String(error), 'IntegrityCheckpointer');
    }
  }

  /** Follows $all from the last checkpoint; after a failure, starts again from it a little later. */
  private async follow(): Promise<void> {
    try {
      const from = await this.checkpointer.resume();
      if (!this.running) return;
      const subscription = this.log.subscribeToAll({ from, batchSize: 1000, handler: (events) => this.checkpointer.apply(events) });
      this.subscription = subscription;
      this.lastError = undefined;
      await subscription.done;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      this.logger.error(error instanceof Error ? error : String(error), 'IntegrityCheckpointer');
      if (this.running) this.retryTimer = setTimeout(() => void this.follow(), 30_000);
    }
  }
}

/**
 * The hub's background work — every projector and the integrity checkpointer (the overdue scheduler
 * asks `isLeader` itself) — runs in the one process holding the storage's lease. The others serve
 * requests from the same read models and take over within `retryMs` of the holder going away.
 */
@Injectable()
export class BackgroundWork implements Leadership, ReadModelFreshness {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private transition: Promise<void> = Promise.resolve();
  private readonly lease: Lease;
  private readonly readModels: SqlReadModelStore;

  constructor(
    @Inject(HUB_STORAGE) storage: HubStorage,
    @Inject(PROJECTORS) readonly projectors: Projector<SqlProjection>[],
    private readonly integrity: IntegrityService,
    private readonly logger: JsonLogger,
  ) {
    this.lease = storage.lease;
    this.readModels = storage.readModels;
    this.lease.onLost(() => {
      this.logger.pino.warn('Lost the background-work lease: stopping projectors and checkpoints until it is taken again');
      this.transition = this.transition.then(() => this.stopWork({ sign: false }));
    });
  }

  /** Tries for the lease now and then every `retryMs` while another process holds it. */
  async start(retryMs = 2_000): Promise<void> {
    await this.tryToLead();
    this.timer = setInterval(() => void this.tryToLead(), retryMs);
    this.timer.unref();
  }

  isLeader(): boolean {
    return this.lease.isHeld() && !this.stopped;
  }

  /** Resolves once every read model has applied `position` (or after 2 s: the event itself is safely stored). */
  async waitFor(position: number): Promise<void> {
    if (this.isLeader()) {
      await Promise.all(this.projectors.map((projector) => projector.waitForPosition(position)));
      return;
    }
    // Another process projects: watch the committed checkpoints instead.
    const deadline = Date.now() + 2_000;
    while (Date.now() < deadline) {
      const positions = await Promise.all(this.projectors.map((projector) => this.readModels.checkpoint(projector.projection.name)));
      if (positions.every((reached) => (reached ?? 0) >= position)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Stops the work and gives the lease back (projectors first, then a last signed checkpoint). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.transition;
    await this.stopWork({ sign: true });
    await this.lease.release();
  }

  private tryToLead(): Promise<void> {
    this.transition = this.transition.then(async () => {
      if (this.stopped || this.lease.isHeld()) return;
      try {
        if (!(await this.lease.tryAcquire())) return;
      } catch (error) {
        this.logger.pino.warn(
          { error: error instanceof Error ? error.message : String(error) },
          'Could not ask for the background-work lease',
        );
        return;
      }
      this.logger.pino.info('Holding the background-work lease: running projectors and integrity checkpoints');
      try {
        for (const projector of this.projectors) {
          await projector.start();
          void projector.whenCaughtUp().then(() => this.logger.pino.info({ projection: projector.status() }, 'Projection caught up'));
        }
        await this.integrity.start();
      } catch (error) {
        // Hand the lease back so a healthier process can take it; this one tries again later.
        this.logger.error(error instanceof Error ? error : String(error), 'BackgroundWork');
        await this.stopWork({ sign: false });
        await this.lease.release();
      }
    });
    return this.transition;
  }

  private async stopWork(options: { sign: boolean }): Promise<void> {
    await Promise.all(this.projectors.map((projector) => projector.stop()));
    await this.integrity.stop(options);
  }
}
