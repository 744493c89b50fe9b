import 'reflect-metadata';
import type { Actor } from '@escalation-hub/casework-domain';
import { ItemIdTakenError, RoleNotAllowedError, TransferAlreadyOpenError, TransferToSameAreaError } from '@escalation-hub/casework-domain';
import { actors } from '@escalation-hub/casework-domain/testing';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { RequestTransferCommand } from './request-transfer.command';
import { RequestTransferHandler } from './request-transfer.handler';

const CRN = 'X100023';
/** The testbed allocates the case to N07-LDU1, managed by CRC07. */
const transfer: RequestTransferCommand['transfer'] = {
  transferId: 'tr-1',
  toLdu: 'LDU-LDS-S',
  toProvider: 'CRC11',
  reason: 'He has moved home to Leeds.',
};

describe('request-transfer', () => {
  let testbed: UseCaseTestbed;
  let handler: RequestTransferHandler;

  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    handler = new RequestTransferHandler(testbed.runner);
    await testbed.allocate(CRN);
  });
  afterEach(() => testbed.close());

  it('records the request from the case’s area to the receiving one and answers its due time; the same request again records nothing', async () => {
    const answer = await handler.execute(new RequestTransferCommand(CRN, actors.officer, transfer));
    // The routine rule: five working days after a Wednesday morning.
    expect(answer).toEqual({ transferId: 'tr-1', crn: CRN, dueAt: '2026-11-11T10:00:00.000Z', revision: 1, created: true });
    const [, requested] = await testbed.eventsOf(CRN);
    expect(requested).toMatchObject({ type: 'transfer.requested', actor: actors.officer });
    expect(requested.data).toEqual({ ...transfer, fromLdu: 'N07-LDU1', fromProvider: 'CRC07', dueAt: answer.dueAt });

    expect(await handler.execute(new RequestTransferCommand(CRN, actors.officer, { ...transfer }))).toEqual({ ...answer, created: false });
    expect(await testbed.eventsOf(CRN)).toHaveLength(2);
  });

  it('makes an id of its own when none is given', async () => {
    const answer = await handler.execute(new RequestTransferCommand(CRN, actors.spo, { ...transfer, transferId: '' }));
    expect(answer).toMatchObject({ transferId: expect.stringMatching(/^tr-.+/), created: true });
    const [, requested] = await testbed.eventsOf(CRN);
    expect(requested).toMatchObject({ actor: actors.spo, data: { transferId: answer.transferId } });
  });

  it('refuses the case’s own area, a provider, a second transfer while one is open, and a taken id, recording nothing', async () => {
    const refused = (actor: Actor, changes: Partial<RequestTransferCommand['transfer']>) =>
      handler.execute(new RequestTransferCommand(CRN, actor, { ...transfer, ...changes }));
    await expect(refused(actors.officer, { toLdu: 'N07-LDU1' })).rejects.toBeInstanceOf(TransferToSameAreaError);
    await expect(refused(actors.crc07, {})).rejects.toBeInstanceOf(RoleNotAllowedError);
    expect(await testbed.eventsOf(CRN)).toHaveLength(1);

    await handler.execute(new RequestTransferCommand(CRN, actors.officer, transfer));
    await expect(refused(actors.otherOfficer, { transferId: 'tr-2' })).rejects.toBeInstanceOf(TransferAlreadyOpenError);
    await expect(refused(actors.officer, { toLdu: 'LDU-MAN-N' })).rejects.toBeInstanceOf(ItemIdTakenError);
    expect(await testbed.eventsOf(CRN)).toHaveLength(2);
  });
});
