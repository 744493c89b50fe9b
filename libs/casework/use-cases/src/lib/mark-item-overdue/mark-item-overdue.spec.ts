import 'reflect-metadata';
import { ItemNotFoundError, RoleNotAllowedError } from '@escalation-hub/casework-domain';
import { A_WORKING_MORNING, actors } from '@escalation-hub/casework-domain/testing';
import { DecideEscalationCommand } from '../decide-escalation/decide-escalation.command';
import { DecideEscalationHandler } from '../decide-escalation/decide-escalation.handler';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { MarkItemOverdueCommand } from './mark-item-overdue.command';
import { MarkItemOverdueHandler } from './mark-item-overdue.handler';

const CRN = 'X100027';
/** The testbed's escalation is URGENT: due one working day after A_WORKING_MORNING (a Wednesday). */
const DUE_AT = '2026-11-05T10:00:00.000Z';
const after = (ms: number) => new Date(Date.parse(DUE_AT) + ms);

describe('mark-item-overdue', () => {
  let now: Date;
  let testbed: UseCaseTestbed;
  let handler: MarkItemOverdueHandler;
  let escalationId: string;

  beforeEach(async () => {
    now = A_WORKING_MORNING;
    testbed = openUseCaseTestbed(() => now);
    handler = new MarkItemOverdueHandler(testbed.runner);
    await testbed.allocate(CRN);
    escalationId = await testbed.escalate(CRN);
  });
  afterEach(() => testbed.close());

  it('marks an open item overdue once its due time has passed, and only once', async () => {
    expect((await testbed.eventsOf(CRN))[1].data).toMatchObject({ dueAt: DUE_AT });
    now = after(-1);
    expect(await handler.execute(new MarkItemOverdueCommand(CRN, escalationId))).toEqual({ marked: false });
    expect(await testbed.eventsOf(CRN)).toHaveLength(2);

    now = after(60_000);
    expect(await handler.execute(new MarkItemOverdueCommand(CRN, escalationId))).toEqual({ marked: true });
    const events = await testbed.eventsOf(CRN);
    expect(events).toHaveLength(3);
    expect(events[2]).toMatchObject({ type: 'item.became-overdue', actor: actors.scheduler, occurredAt: now.toISOString() });
    expect(events[2].data).toEqual({ itemId: escalationId, kind: 'ESCALATION', dueAt: DUE_AT });

    now = after(3_600_000);
    expect(await handler.execute(new MarkItemOverdueCommand(CRN, escalationId))).toEqual({ marked: false });
    expect(await testbed.eventsOf(CRN)).toHaveLength(3);
  });

  it('marks nothing on an item decided in time', async () => {
    await new DecideEscalationHandler(testbed.runner, testbed.items).execute(
      new DecideEscalationCommand(
        escalationId,
        actors.officer,
        { outcome: 'TRANSFER_TO_NPS', rationale: 'Threats to a named victim.' },
        CRN,
      ),
    );
    const recorded = (await testbed.eventsOf(CRN)).length;
    now = after(60_000);
    expect(await handler.execute(new MarkItemOverdueCommand(CRN, escalationId))).toEqual({ marked: false });
    expect(await testbed.eventsOf(CRN)).toHaveLength(recorded);
  });

  it('is the hub scheduler’s alone, and refuses an item the case does not have, recording nothing', async () => {
    now = after(60_000);
    await expect(handler.execute(new MarkItemOverdueCommand(CRN, escalationId, actors.officer))).rejects.toBeInstanceOf(
      RoleNotAllowedError,
    );
    await expect(handler.execute(new MarkItemOverdueCommand(CRN, 'esc-nobody'))).rejects.toBeInstanceOf(ItemNotFoundError);
    expect(await testbed.eventsOf(CRN)).toHaveLength(2);
  });
});
