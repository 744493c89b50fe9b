import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, STAFF_NEXT_READS } from '@escalation-hub/casework-application';
import { CaseItems } from '../case-items';
import type { ClaimResult } from '../claim-item/claim-item.command';
import { ReleaseItemCommand } from './release-item.command';

@CommandHandler(ReleaseItemCommand)
export class ReleaseItemHandler implements ICommandHandler<ReleaseItemCommand, ClaimResult> {
  constructor(
    private readonly runner: CaseCommandRunner,
    private readonly items: CaseItems,
  ) {}

  async execute({ itemId, actor, crn: knownCrn }: ReleaseItemCommand): Promise<ClaimResult> {
    const crn = await this.items.crnOf(itemId, knownCrn);
    const { state, revision } = await this.runner.run({ type: 'ReleaseItem', crn, actor, payload: { itemId } }, STAFF_NEXT_READS);
    const item = state.items[itemId];
    return { itemId, kind: item.kind, crn, claimedBy: item.claimedBy, revision };
  }
}
