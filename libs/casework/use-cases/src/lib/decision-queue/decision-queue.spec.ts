import 'reflect-metadata';
import type { Actor, Urgency } from '@escalation-hub/casework-domain';
import { actors, hoursLater } from '@escalation-hub/casework-domain/testing';
import { ClaimItemCommand } from '../claim-item/claim-item.command';
import { ClaimItemHandler } from '../claim-item/claim-item.handler';
import { DecideEscalationCommand } from '../decide-escalation/decide-escalation.command';
import { DecideEscalationHandler } from '../decide-escalation/decide-escalation.handler';
import { RequestEscalationCommand } from '../request-escalation/request-escalation.command';
import { RequestEscalationHandler } from '../request-escalation/request-escalation.handler';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { DecisionQueueController } from './decision-queue.controller';
import type { QueueQueryDto } from './decision-queue.dto';

// The queue is read at 13:00, three hours after the escalations were raised (10:00 on a working Wednesday).
const READ_AT = hoursLater(3);

describe('decision-queue', () => {
  let testbed: UseCaseTestbed;
  let queue: (query?: QueueQueryDto) => Promise<{ asOf: string; total: number; items: { itemId: string }[] }>;
  let routine: string;
  let urgent: string;
  let immediate: string;

  const escalate = async (crn: string, urgency: Urgency, actor: Actor = actors.crc07) => {
    const request = {
      requestId: `k-${crn}`,
      raisedBy: 'Jo Bloggs',
      proposedRosh: 'HIGH',
      urgency,
      triggers: ['VICTIM_CONCERN'],
      summary: 'Seen near her work.',
    } as const;
    const { escalationId } = await new RequestEscalationHandler(testbed.runner).execute(new RequestEscalationCommand(crn, actor, request));
    return escalationId;
  };
  const decide = (escalationId: string, outcome: 'RETAIN_WITH_PROVIDER' | 'MORE_INFORMATION_REQUIRED') =>
    new DecideEscalationHandler(testbed.runner, testbed.items).execute(
      new DecideEscalationCommand(escalationId, actors.officer, {
        outcome,
        rationale: 'Considered.',
        questions: outcome === 'RETAIN_WITH_PROVIDER' ? null : ['What did the police record?'],
      }),
    );

  // Three CRC07 cases, each with one escalation, raised least urgent first so the queue's order is its own.
  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    const controller = new DecisionQueueController(testbed.readModels, () => READ_AT);
    queue = (query = {}) => controller.queue(query);
    for (const crn of ['X200001', 'X200002', 'X200003']) await testbed.allocate(crn);
    routine = await escalate('X200001', 'ROUTINE');
    urgent = await escalate('X200002', 'URGENT');
    immediate = await escalate('X200003', 'IMMEDIATE');
  });
  afterEach(() => testbed.close());

  it('lists open items overdue first, then by due time, each with its due time and overdue as of the query', async () => {
    const item = { kind: 'ESCALATION', ldu: 'N07-LDU1', provider: 'CRC07', claimedBy: null, openedAt: '2026-11-04T10:00:00.000Z' };
    expect(await queue()).toEqual({
      asOf: READ_AT.toISOString(),
      total: 3,
      items: [
        {
          ...item,
          itemId: immediate,
          crn: 'X200003',
          dueAt: '2026-11-04T12:00:00.000Z',
          overdue: true,
          summary: expect.stringContaining('IMMEDIATE'),
        },
        {
          ...item,
          itemId: urgent,
          crn: 'X200002',
          dueAt: '2026-11-05T10:00:00.000Z',
          overdue: false,
          summary: expect.stringContaining('URGENT'),
        },
        {
          ...item,
          itemId: routine,
          crn: 'X200001',
          dueAt: '2026-11-11T10:00:00.000Z',
          overdue: false,
          summary: expect.stringContaining('ROUTINE'),
        },
      ],
    });
  });

  it('shows who holds a claimed item, drops a decided one, and moves one awaiting the provider’s answer to awaiting=PROVIDER', async () => {
    await new ClaimItemHandler(testbed.runner, testbed.items).execute(new ClaimItemCommand(urgent, actors.officer));
    await decide(immediate, 'RETAIN_WITH_PROVIDER');
    await decide(routine, 'MORE_INFORMATION_REQUIRED');

    expect((await queue()).items).toEqual([expect.objectContaining({ itemId: urgent, claimedBy: actors.officer.id })]);
    expect((await queue({ awaiting: 'PROVIDER' })).items).toEqual([expect.objectContaining({ itemId: routine, claimedBy: null })]);
  });

  it('filters by provider and cuts the list at the limit, keeping the most urgent', async () => {
    await testbed.allocate('X200011', { ldu: 'N11-LDU1', provider: 'CRC11' });
    const crc11Item = await escalate('X200011', 'ROUTINE', actors.crc11);

    expect((await queue({ provider: 'CRC11' })).items).toEqual([
      expect.objectContaining({ itemId: crc11Item, provider: 'CRC11', ldu: 'N11-LDU1' }),
    ]);
    expect((await queue({ provider: 'CRC07', limit: 2 })).items.map((item) => item.itemId)).toEqual([immediate, urgent]);
    expect((await queue({ limit: 1 })).items.map((item) => item.itemId)).toEqual([immediate]);
  });

  it('reads the queue a page at a time in the same order, and counts every matching item', async () => {
    const page = async (offset: number) => {
      const { total, items } = await queue({ provider: 'CRC07', limit: 2, offset });
      return { total, items: items.map((item) => item.itemId) };
    };
    expect(await page(0)).toEqual({ total: 3, items: [immediate, urgent] });
    expect(await page(2)).toEqual({ total: 3, items: [routine] });
    expect(await page(3)).toEqual({ total: 3, items: [] });
    expect((await queue({ provider: 'CRC11' })).total).toBe(0);
  });
});
