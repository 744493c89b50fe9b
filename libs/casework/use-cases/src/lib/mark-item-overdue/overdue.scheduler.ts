import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseworkReadModels, CLOCK, Clock, LEADERSHIP, Leadership, OVERDUE_SCAN_INTERVAL_MS } from '@escalation-hub/casework-application';
import { MarkItemOverdueCommand, OverdueMarkResult } from './mark-item-overdue.command';

/**
 * Records lateness: every few seconds, marks each open item past its due time as overdue. The
 * case's rules make the mark happen once per item whatever happens here (restarts, a lease changing hands):
 * a second mark decides to nothing, and a race loses on the stream version and re-decides.
 */
@Injectable()
export class OverdueScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OverdueScheduler.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly commandBus: CommandBus,
    private readonly readModels: CaseworkReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OVERDUE_SCAN_INTERVAL_MS) private readonly intervalMs: number,
    @Inject(LEADERSHIP) private readonly leadership: Leadership,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.scanOnce(), this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Marks every item now past due; returns how many were marked. Never runs twice at once. */
  scanOnce(): Promise<number> {
    this.running ??= this.scan().finally(() => (this.running = undefined));
    return this.running;
  }

  private async scan(): Promise<number> {
    if (!this.leadership.isLeader()) return 0; // the process holding the lease marks them
    let marked = 0;
    for (const item of await this.readModels.itemsDueForOverdueMark(this.clock(), 500)) {
      try {
        const result = await this.commandBus.execute<MarkItemOverdueCommand, OverdueMarkResult>(
          new MarkItemOverdueCommand(item.crn, item.itemId),
        );
        if (result.marked) marked += 1;
      } catch (error) {
        this.logger.error(`Could not mark ${item.itemId} overdue: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return marked;
  }
}
