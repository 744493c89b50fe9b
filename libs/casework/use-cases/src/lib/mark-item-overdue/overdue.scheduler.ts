import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  CaseworkReadModels,
  CLAIM_EXPIRY_SECONDS,
  CLOCK,
  Clock,
  LEADERSHIP,
  Leadership,
  OVERDUE_SCAN_INTERVAL_MS,
} from '@escalation-hub/casework-application';
import { ClaimExpiryResult, ExpireClaimCommand } from '../expire-claim/expire-claim.command';
import { MarkItemOverdueCommand, OverdueMarkResult } from './mark-item-overdue.command';

/**
 * Keeps the queue's clocks: every few seconds, marks each open item past its due time as overdue, and
 * frees each item whose claim has been held CLAIM_EXPIRY_SECONDS or longer (its holder went home).
 * The case's rules make each happen once whatever happens here (restarts, a lease changing hands):
 * a second one decides to nothing, and a race loses on the stream version and re-decides.
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
    @Inject(CLAIM_EXPIRY_SECONDS) private readonly claimExpirySeconds: number,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.scanOnce(), this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Marks every item now past due and lets every lapsed claim go; returns how many items were marked overdue. Never runs twice at once. */
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
    await this.letLapsedClaimsGo();
    return marked;
  }

  private async letLapsedClaimsGo(): Promise<void> {
    const claimedBefore = new Date(this.clock().getTime() - this.claimExpirySeconds * 1000);
    for (const item of await this.readModels.itemsWithClaimsBefore(claimedBefore, 500)) {
      try {
        await this.commandBus.execute<ExpireClaimCommand, ClaimExpiryResult>(
          new ExpireClaimCommand(item.crn, item.itemId, this.claimExpirySeconds),
        );
      } catch (error) {
        this.logger.error(`Could not let the claim on ${item.itemId} lapse: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
