import 'reflect-metadata';
import { CaseNotFoundError, MappaLevelNotAllowedError, RoleNotAllowedError } from '@escalation-hub/casework-domain';
import { actors } from '@escalation-hub/casework-domain/testing';
import { DecideEscalationCommand } from '../decide-escalation/decide-escalation.command';
import { DecideEscalationHandler } from '../decide-escalation/decide-escalation.handler';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { RecordMappaChangeCommand } from './record-mappa-change.command';
import { RecordMappaChangeHandler } from './record-mappa-change.handler';

const CRN = 'X100204';

describe('record-mappa-change', () => {
  let testbed: UseCaseTestbed;
  let handler: RecordMappaChangeHandler;

  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    handler = new RecordMappaChangeHandler(testbed.runner);
    await testbed.allocate(CRN);
  });
  afterEach(() => testbed.close());

  it('records a MAPPA registration and moves the provider’s case to the public service, saying why', async () => {
    const answer = await handler.execute(new RecordMappaChangeCommand(CRN, actors.officer, { category: 2, level: 1 }));
    const reason = 'Moves to the public service: managed under MAPPA (category 2, level 1)';
    expect(answer).toEqual({ crn: CRN, outcome: 'MOVED_TO_NPS', managedBy: 'NPS', reason, revision: 2, created: true });
    const [, changed, reassessed] = await testbed.eventsOf(CRN);
    expect(changed).toMatchObject({
      type: 'mappa.changed',
      actor: actors.officer,
      data: { mappa: { category: 2, level: 1 }, previous: null },
    });
    expect(reassessed).toMatchObject({
      type: 'case.reassessed',
      actor: actors.officer,
      data: { trigger: 'MAPPA_CHANGE', outcome: 'MOVED_TO_NPS', managedBy: 'NPS', fromProvider: 'CRC07', reason },
    });
  });

  it('records the end of MAPPA management; the public service keeps the case it now manages', async () => {
    await handler.execute(new RecordMappaChangeCommand(CRN, actors.officer, { category: 2, level: 1 }));
    const answer = await handler.execute(new RecordMappaChangeCommand(CRN, actors.spo, null));
    expect(answer).toMatchObject({
      outcome: 'STAYS_WITH_NPS',
      managedBy: 'NPS',
      reason: expect.stringContaining('a case it manages stays with it when its risk decreases'),
      revision: 4,
    });
    const events = await testbed.eventsOf(CRN);
    expect(events[3]).toMatchObject({
      type: 'mappa.changed',
      actor: actors.spo,
      data: { mappa: null, previous: { category: 2, level: 1 } },
    });
    expect(events[4]).toMatchObject({ type: 'case.reassessed', data: { outcome: 'STAYS_WITH_NPS', fromProvider: null } });
  });

  it('records nothing for the MAPPA the case has already (the same change sent again), and says where the case stands', async () => {
    await handler.execute(new RecordMappaChangeCommand(CRN, actors.officer, { category: 2, level: 1 }));
    const again = await handler.execute(new RecordMappaChangeCommand(CRN, actors.officer, { category: 2, level: 1 }));
    expect(again).toEqual({
      crn: CRN,
      outcome: 'STAYS_WITH_NPS',
      managedBy: 'NPS',
      reason: 'Stays with the public service: managed under MAPPA (category 2, level 1)',
      revision: 2,
      created: false,
    });
    expect(await testbed.eventsOf(CRN)).toHaveLength(3);
    // Another level is a change; and no MAPPA on a case never under it is none.
    expect(await handler.execute(new RecordMappaChangeCommand(CRN, actors.officer, { category: 2, level: 2 }))).toMatchObject({
      created: true,
    });
    const other = 'X100205';
    await testbed.allocate(other);
    expect(await handler.execute(new RecordMappaChangeCommand(other, actors.officer, null))).toMatchObject({
      outcome: 'STAYS_WITH_PROVIDER',
      revision: 0,
      created: false,
    });
    expect(await testbed.eventsOf(other)).toHaveLength(1);
  });

  it('says a case an SPO kept with its provider at high risk stays there when nothing new is recorded', async () => {
    const escalationId = await testbed.escalate(CRN);
    await new DecideEscalationHandler(testbed.runner, testbed.items).execute(
      new DecideEscalationCommand(escalationId, actors.spo, {
        outcome: 'RETAIN_WITH_PROVIDER',
        rationale: 'Weekly contact and a partner programme.',
        revisedRosh: 'HIGH',
        highRiskRetentionReason: 'Stable accommodation; engaging well.',
      }),
    );
    const before = await testbed.eventsOf(CRN);
    expect(await handler.execute(new RecordMappaChangeCommand(CRN, actors.officer, null))).toEqual({
      crn: CRN,
      outcome: 'STAYS_WITH_PROVIDER',
      managedBy: 'CRC07',
      reason: 'Stays with CRC07: nothing new was recorded, so the case was not reassessed',
      revision: before.length - 1,
      created: false,
    });
    expect(await testbed.eventsOf(CRN)).toHaveLength(before.length);
  });

  it('refuses category 3 at level 1, a provider and an unknown case, recording nothing', async () => {
    await expect(handler.execute(new RecordMappaChangeCommand(CRN, actors.officer, { category: 3, level: 1 }))).rejects.toBeInstanceOf(
      MappaLevelNotAllowedError,
    );
    await expect(handler.execute(new RecordMappaChangeCommand(CRN, actors.crc07, { category: 3, level: 2 }))).rejects.toBeInstanceOf(
      RoleNotAllowedError,
    );
    await expect(handler.execute(new RecordMappaChangeCommand('X199999', actors.officer, null))).rejects.toBeInstanceOf(CaseNotFoundError);
    expect(await testbed.eventsOf(CRN)).toHaveLength(1);
  });
});
