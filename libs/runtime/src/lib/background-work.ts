import { JsonLogger } from '@escalation-hub/platform';
import { Leadership } from '@escalation-hub/casework-application';
import { TreeHeadSigner, VerifiableLog } from '@escalation-hub/audit-application';
import type { Lease } from '@escalation-hub/sql';

/** Work that only one process of a group may do at a time. */
export interface BackgroundJob {
  readonly name: string;
  start(): Promise<void>;
  /** `clean` on an orderly shutdown of the holder (the integrity checkpointer then signs a last checkpoint). */
  stop(options: { clean: boolean }): Promise<void>;
}

/**
 * Signs a checkpoint of the whole log every N events and a last one when the leader stops. The
 * tree and its checks live in VerifiableLog, which every process serving audits keeps; this job
 * only decides when to sign, so one process signs at a time.
 */
export class IntegrityService implements BackgroundJob {
  readonly name = 'integrity checkpoints';
  private running = false;
  private unsubscribe: (() => void) | undefined;
  private signedUpTo = 0;
  private signing: Promise<void> = Promise.resolve();
  private lastError: string | undefined;

  constructor(
    private readonly verifiable: VerifiableLog,
    private readonly signer: TreeHeadSigner,
    private readonly checkpointEvery: number,
    private readonly logger: JsonLogger,
  ) {}

  status() {
    return {
      running: this.running,
      state: this.verifiable.state,
      treeSize: this.verifiable.size,
      signedTreeSize: Math.max(this.signedUpTo, this.verifiable.latestSignedSize),
      ...(this.verifiable.state === 'compromised' ? { problems: this.verifiable.problems } : {}),
      ...(this.signer.lastJournalError ? { journalError: this.signer.lastJournalError } : {}),
      ...(this.signer.witnesses ? { witnesses: this.signer.witnesses.status() } : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.verifiable.whenIntact().catch(() => undefined);
    // What the witnesses hold, checked before anything is signed: a rolled-back store is caught here.
    if (this.verifiable.state === 'intact') await this.signer.witnesses?.check().catch(() => undefined);
    this.unsubscribe = this.verifiable.onGrown(() => this.signDue());
    this.signDue();
  }

  /** `clean`: catches up and signs what was added since the last checkpoint (an orderly shutdown of the leader). */
  async stop(options: { clean: boolean }): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unsubscribe?.();
    await this.signing;
    if (!options.clean || this.verifiable.state !== 'intact') return;
    try {
      await this.verifiable.catchUp();
      const signed = Math.max(this.signedUpTo, this.verifiable.latestSignedSize);
      if (this.verifiable.grewPast(signed)) await this.signer.sign();
    } catch (error) {
      this.logger.error(error instanceof Error ? error : String(error), 'IntegrityService');
    }
  }

  /** Signs at exactly every N events, however large the batches the tree grew by. */
  private signDue(): void {
    this.signing = this.signing.then(async () => {
      while (this.running && this.verifiable.state === 'intact') {
        const next = Math.max(this.signedUpTo, this.verifiable.latestSignedSize) + this.checkpointEvery;
        if (this.verifiable.size < next) return;
        try {
          await this.signer.sign(next);
          this.signedUpTo = next;
          this.lastError = undefined;
        } catch (error) {
          this.lastError = error instanceof Error ? error.message : String(error);
          this.logger.error(error instanceof Error ? error : String(error), 'IntegrityService');
          return;
        }
      }
    });
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
