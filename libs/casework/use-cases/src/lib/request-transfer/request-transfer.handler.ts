import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, STAFF_NEXT_READS } from '@escalation-hub/casework-application';
import { RequestTransferCommand, TransferRequestedResult } from './request-transfer.command';

@CommandHandler(RequestTransferCommand)
export class RequestTransferHandler implements ICommandHandler<RequestTransferCommand, TransferRequestedResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  async execute({ crn, actor, transfer }: RequestTransferCommand): Promise<TransferRequestedResult> {
    const transferId = transfer.transferId || `tr-${randomUUID()}`;
    const { state, events, revision } = await this.runner.run(
      {
        type: 'RequestTransfer',
        crn,
        actor,
        payload: { transferId, toLdu: transfer.toLdu, toProvider: transfer.toProvider, reason: transfer.reason },
      },
      STAFF_NEXT_READS,
    );
    return { transferId, crn, dueAt: state.items[transferId].dueAt, revision, created: events.length > 0 };
  }
}
