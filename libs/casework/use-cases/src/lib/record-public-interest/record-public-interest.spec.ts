import 'reflect-metadata';
import { PublicInterestReasonRequiredError, RoleNotAllowedError } from '@escalation-hub/casework-domain';
import { actors } from '@escalation-hub/casework-domain/testing';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { RecordPublicInterestCommand } from './record-public-interest.command';
import { RecordPublicInterestHandler } from './record-public-interest.handler';

const CRN = 'X100205';

describe('record-public-interest', () => {
  let testbed: UseCaseTestbed;
  let handler: RecordPublicInterestHandler;

  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    handler = new RecordPublicInterestHandler(testbed.runner);
    await testbed.allocate(CRN);
  });
  afterEach(() => testbed.close());

  it('records the ACO’s reason as authorised by them and moves the provider’s case to the public service', async () => {
    const answer = await handler.execute(new RecordPublicInterestCommand(CRN, actors.aco, '  A very high profile case. '));
    const reason = 'Moves to the public service: exceptional public interest';
    expect(answer).toEqual({ crn: CRN, outcome: 'MOVED_TO_NPS', managedBy: 'NPS', reason, revision: 2, created: true });
    const [, recorded, reassessed] = await testbed.eventsOf(CRN);
    expect(recorded).toMatchObject({
      type: 'public-interest.recorded',
      actor: actors.aco,
      data: { reason: 'A very high profile case.', authorisedBy: actors.aco.id },
    });
    expect(reassessed).toMatchObject({
      type: 'case.reassessed',
      actor: actors.aco,
      data: { trigger: 'PUBLIC_INTEREST', outcome: 'MOVED_TO_NPS', managedBy: 'NPS', fromProvider: 'CRC07', reason },
    });
  });

  it('records nothing for the same reason sent again, and says where the case stands', async () => {
    await handler.execute(new RecordPublicInterestCommand(CRN, actors.aco, 'A very high profile case.'));
    expect(await handler.execute(new RecordPublicInterestCommand(CRN, actors.aco, 'A very high profile case.'))).toEqual({
      crn: CRN,
      outcome: 'STAYS_WITH_NPS',
      managedBy: 'NPS',
      reason: 'Stays with the public service: exceptional public interest',
      revision: 2,
      created: false,
    });
    expect(await testbed.eventsOf(CRN)).toHaveLength(3);
  });

  it('refuses anyone but an ACO, and an ACO without a reason, recording nothing', async () => {
    for (const actor of [actors.officer, actors.spo, actors.crc07]) {
      await expect(handler.execute(new RecordPublicInterestCommand(CRN, actor, 'A very high profile case.'))).rejects.toBeInstanceOf(
        RoleNotAllowedError,
      );
    }
    await expect(handler.execute(new RecordPublicInterestCommand(CRN, actors.aco, '   '))).rejects.toBeInstanceOf(
      PublicInterestReasonRequiredError,
    );
    expect(await testbed.eventsOf(CRN)).toHaveLength(1);
  });
});
