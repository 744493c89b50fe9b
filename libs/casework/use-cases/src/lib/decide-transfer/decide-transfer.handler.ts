import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, STAFF_NEXT_READS } from '@escalation-hub/casework-application';
import { CaseItems } from '../case-items';
import { DecideTransferCommand, TransferDecidedResult } from './decide-transfer.command';

@CommandHandler(DecideTransferCommand)
export class DecideTransferHandler implements ICommandHandler<DecideTransferCommand, TransferDecidedResult> {
  constructor(
    private readonly runner: CaseCommandRunner,
    private readonly items: CaseItems,
  ) {}

  async execute({ transferId, actor, decision, crn: knownCrn }: DecideTransferCommand): Promise<TransferDecidedResult> {
    const crn = await this.items.crnOf(transferId, knownCrn);
    const { state, revision } = await this.runner.run(
      {
        type: 'DecideTransfer',
        crn,
        actor,
        payload: { transferId, outcome: decision.outcome, rationale: decision.rationale, seenRevision: decision.seenRevision ?? null },
      },
      STAFF_NEXT_READS,
    );
    const item = state.items[transferId];
    const late = item.kind === 'TRANSFER' ? (item.decision?.late ?? false) : false;
    return { transferId, crn, outcome: decision.outcome, late, ldu: state.ldu, managedBy: state.managedBy, revision };
  }
}
