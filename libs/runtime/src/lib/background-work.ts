import { join } from 'node:path';
import { AllSubscription, EventLog } from '@escalation-hub/event-store';
import { HubConfig, JsonLogger } from '@escalation-hub/platform';
import { Leadership } from '@escalation-hub/casework-application';
import { CheckpointJournal, IntegrityCheckpointer, SigningKey } from '@escalation-hub/audit-application';
import type { Lease } from '@escalation-hub/sql';

/** Work that only one process of a group may do at a time. */
export interface BackgroundJob {
  readonly name: string;
  start(): Promise<void>;
  /** `clean` on an orderly shutdown of the holder (the integrity checkpointer then signs a last checkpoint). */
  stop(options: { clean: boolean }): Promise<void>;
}

/** Signs checkpoints of the whole log as it grows, and a last one when the leader stops. */
export class IntegrityService implements BackgroundJob {
  readonly name = 'integrity checkpoints';
  private subscription: AllSubscription | undefined;
  private readonly checkpointer: IntegrityCheckpointer;
  private running = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private lastError: string | undefined;

  constructor(
    private readonly log: EventLog,
    readonly key: SigningKey,
    clock: () => Date,
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

  /** Stops following; `clean` catches up and signs a last checkpoint (an orderly shutdown of the leader). */
  async stop(options: { clean: boolean }): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearTimeout(this.retryTimer);
    await this.subscription?.stop();
    this.subscription = undefined;
    if (!options.clean || this.lastError) return;
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
 * Background jobs that run in the one process holding a lease (the in-process projectors, the
 * integrity checkpointer, the outbox; the overdue scheduler asks `isLeader` itself). The others
 * stand by and take over within `retryMs` of the holder going away.
 */
export class LeasedWork implements Leadership {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private transition: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    private readonly lease: Lease,
    readonly jobs: readonly BackgroundJob[],
    private readonly logger: JsonLogger,
  ) {
    this.lease.onLost(() => {
      this.logger.pino.warn({ work: this.name }, 'Lost the lease: stopping its jobs until it is taken again');
      this.transition = this.transition.then(() => this.stopJobs({ clean: false }));
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

  /** Stops the jobs (in order, cleanly) and gives the lease back. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.transition;
    await this.stopJobs({ clean: true });
    await this.lease.release();
  }

  private tryToLead(): Promise<void> {
    this.transition = this.transition.then(async () => {
      if (this.stopped || this.lease.isHeld()) return;
      try {
        if (!(await this.lease.tryAcquire())) return;
      } catch (error) {
        this.logger.pino.warn(
          { work: this.name, error: error instanceof Error ? error.message : String(error) },
          'Could not ask for the lease',
        );
        return;
      }
      this.logger.pino.info({ work: this.name, jobs: this.jobs.map((job) => job.name) }, 'Holding the lease: running its jobs');
      try {
        for (const job of this.jobs) await job.start();
      } catch (error) {
        // Hand the lease back so a healthier process can take it; this one tries again later.
        this.logger.error(error instanceof Error ? error : String(error), this.name);
        await this.stopJobs({ clean: false });
        await this.lease.release();
      }
    });
    return this.transition;
  }

  private async stopJobs(options: { clean: boolean }): Promise<void> {
    for (const job of this.jobs) await job.stop(options);
  }
}
