import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner } from '@escalation-hub/casework-application';
import { ClaimExpiryResult, ExpireClaimCommand } from './expire-claim.command';

@CommandHandler(ExpireClaimCommand)
export class ExpireClaimHandler implements ICommandHandler<ExpireClaimCommand, ClaimExpiryResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  async execute({ crn, itemId, expiresAfterSeconds, actor }: ExpireClaimCommand): Promise<ClaimExpiryResult> {
    const { events } = await this.runner.run({ type: 'ExpireClaim', crn, actor, payload: { itemId, expiresAfterSeconds } }, []);
    return { expired: events.length > 0 };
  }
}
