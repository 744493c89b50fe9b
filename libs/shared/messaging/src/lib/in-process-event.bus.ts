import { EventLog, ProjectionRunner, Projector, SqlProjection, SqlReadModelStore } from '@escalation-hub/event-store';
import type { EventBus, EventBusHealth } from './event-bus.port';

/**
 * The embedded adapter: one projector follows the store's `$all` and applies each batch to every read
 * model in one transaction, each from its own checkpoint (a read model whose version changed rebuilds
 * while the others go on). Run by the lease holder only (`exclusive`); a process without the lease
 * serves what the holder has committed, and waits on the committed checkpoints. The projector runs on
 * this thread unless another runner is given (the embedded hub's storage thread: ADR 0011).
 */
export class InProcessEventBus implements EventBus {
  readonly transport = 'in-process';
  readonly exclusive = true;
  readonly projector: ProjectionRunner;
  private running = false;

  constructor(
    log: EventLog,
    private readonly readModels: SqlReadModelStore,
    projections: readonly SqlProjection[],
    onError?: (error: unknown, projection: string) => void,
    runner?: ProjectionRunner,
  ) {
    this.projector = runner ?? new Projector(log, readModels, projections, { onError });
  }

  async start(): Promise<void> {
    this.running = true;
    await this.projector.start();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.projector.stop();
  }

  /** Resolves once every projector has caught up with the store as it was when it started. */
  whenCaughtUp(): Promise<void> {
    return this.projector.whenCaughtUp();
  }

  async waitFor(position: number, timeoutMs = 2_000, readModels?: readonly string[]): Promise<boolean> {
    if (this.running) return this.projector.waitForPosition(position, timeoutMs, readModels);
    // Another process projects: watch the committed checkpoints instead.
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const positions = (await this.committedPositions()).filter(({ name }) => !readModels || readModels.includes(name));
      if (positions.every((entry) => (entry.position ?? 0) >= position)) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async health(): Promise<EventBusHealth> {
    if (!this.running)
      return { details: { transport: this.transport, backgroundWork: 'standby', projections: await this.committedPositions() } };
    const statuses = this.projector.statuses();
    const details = { transport: this.transport, backgroundWork: 'leader', projections: statuses };
    const failed = statuses.filter((status) => status.lastError);
    if (failed.length > 0) return { details, problem: failed.map((status) => `${status.name}: ${status.lastError}`).join('; ') };
    const behind = statuses.filter((status) => !status.caughtUp);
    if (behind.length > 0) {
      return { details, problem: `catching up: ${behind.map((status) => `${status.name} at ${status.position ?? 0}`).join(', ')}` };
    }
    return { details };
  }

  /** Each read model's committed checkpoint, whichever process applied it. */
  committedPositions(): Promise<{ name: string; position: number | undefined }[]> {
    return Promise.all(
      this.projector.projections.map(async (projection) => ({
        name: projection.name,
        position: await this.readModels.checkpoint(projection.name),
      })),
    );
  }
}
