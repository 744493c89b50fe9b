import 'reflect-metadata';
import { ItemAlreadyDecidedError, RoleNotAllowedError, TransferDeciderConflictError } from '@escalation-hub/casework-domain';
import { actors } from '@escalation-hub/casework-domain/testing';
import { RequestTransferCommand } from '../request-transfer/request-transfer.command';
import { RequestTransferHandler } from '../request-transfer/request-transfer.handler';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { DecideTransferCommand } from './decide-transfer.command';
import { DecideTransferHandler } from './decide-transfer.handler';

const CRN = 'X100024';
const TRANSFER_ID = 'tr-1';

describe('decide-transfer', () => {
  let testbed: UseCaseTestbed;
  let handler: DecideTransferHandler;
  let dueAt: string;

  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    handler = new DecideTransferHandler(testbed.runner, testbed.items);
    await testbed.allocate(CRN); // N07-LDU1, managed by CRC07
    // The officer asks Leeds to take the case over, as the request-transfer slice records it.
    ({ dueAt } = await new RequestTransferHandler(testbed.runner).execute(
      new RequestTransferCommand(CRN, actors.officer, {
        transferId: TRANSFER_ID,
        toLdu: 'LDU-LDS-S',
        toProvider: 'CRC11',
        reason: 'He has moved home to Leeds.',
      }),
    ));
  });
  afterEach(() => testbed.close());

  it('the receiving area accepts a transfer found by its id alone: the case moves with its provider; it is answered once', async () => {
    const decision = { outcome: 'ACCEPTED', rationale: 'We have capacity in Leeds South.', seenRevision: 1 } as const;
    const answer = await handler.execute(new DecideTransferCommand(TRANSFER_ID, actors.otherOfficer, decision));
    expect(answer).toEqual({
      transferId: TRANSFER_ID,
      crn: CRN,
      outcome: 'ACCEPTED',
      late: false,
      ldu: 'LDU-LDS-S',
      managedBy: 'CRC11',
      revision: 3,
    });
    const [, , decided, moved] = await testbed.eventsOf(CRN);
    expect(decided).toMatchObject({ type: 'transfer.decided', actor: actors.otherOfficer });
    expect(decided.data).toEqual({ transferId: TRANSFER_ID, ...decision, toLdu: 'LDU-LDS-S', toProvider: 'CRC11', dueAt, late: false });
    expect(moved).toMatchObject({
      type: 'case.moved-area',
      actor: actors.otherOfficer,
      data: { transferId: TRANSFER_ID, fromLdu: 'N07-LDU1', toLdu: 'LDU-LDS-S', fromProvider: 'CRC07', managedBy: 'CRC11' },
    });

    await expect(
      handler.execute(new DecideTransferCommand(TRANSFER_ID, actors.spo, { outcome: 'REFUSED', rationale: 'No.' }, CRN)),
    ).rejects.toBeInstanceOf(ItemAlreadyDecidedError);
    expect(await testbed.eventsOf(CRN)).toHaveLength(4);
  });

  it('a refusal, with its reason, leaves the case where it was', async () => {
    const decision = { outcome: 'REFUSED', rationale: 'His address in Leeds is not confirmed.' } as const;
    const answer = await handler.execute(new DecideTransferCommand(TRANSFER_ID, actors.spo, decision, CRN));
    expect(answer).toEqual({
      transferId: TRANSFER_ID,
      crn: CRN,
      outcome: 'REFUSED',
      late: false,
      ldu: 'N07-LDU1',
      managedBy: 'CRC07',
      revision: 2,
    });
    const events = await testbed.eventsOf(CRN);
    expect(events).toHaveLength(3);
    expect(events[2]).toMatchObject({ type: 'transfer.decided', actor: actors.spo, data: { ...decision, seenRevision: null } });
  });

  it('refuses an answer from whoever asked for the transfer, and from a provider, recording nothing', async () => {
    const decision = { outcome: 'ACCEPTED', rationale: 'Fine by me.' } as const;
    await expect(handler.execute(new DecideTransferCommand(TRANSFER_ID, actors.officer, decision))).rejects.toBeInstanceOf(
      TransferDeciderConflictError,
    );
    await expect(handler.execute(new DecideTransferCommand(TRANSFER_ID, actors.crc07, decision, CRN))).rejects.toBeInstanceOf(
      RoleNotAllowedError,
    );
    expect(await testbed.eventsOf(CRN)).toHaveLength(2);
  });
});
