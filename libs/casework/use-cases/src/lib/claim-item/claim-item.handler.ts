import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, STAFF_NEXT_READS } from '@escalation-hub/casework-application';
import { CaseItems } from '../case-items';
import { ClaimItemCommand, ClaimResult } from './claim-item.command';

@CommandHandler(ClaimItemCommand)
export class ClaimItemHandler implements ICommandHandler<ClaimItemCommand, ClaimResult> {
  constructor(
    private readonly runner: CaseCommandRunner,
    private readonly items: CaseItems,
  ) {}

  async execute({ itemId, actor, crn: knownCrn }: ClaimItemCommand): Promise<ClaimResult> {
    const crn = await this.items.crnOf(itemId, knownCrn);
    const { state, revision } = await this.runner.run({ type: 'ClaimItem', crn, actor, payload: { itemId } }, STAFF_NEXT_READS);
    const item = state.items[itemId];
    return { itemId, kind: item.kind, crn, claimedBy: item.claimedBy, revision };
  }
}
