import 'reflect-metadata';
import type { Request } from 'express';
import type { DisclosureRecorder } from '@escalation-hub/casework-application';
import type { Actor } from '@escalation-hub/casework-domain';
import { actors } from '@escalation-hub/casework-domain/testing';
import { ClaimItemCommand } from '../claim-item/claim-item.command';
import { ClaimItemHandler } from '../claim-item/claim-item.handler';
import { DecideEscalationCommand } from '../decide-escalation/decide-escalation.command';
import { DecideEscalationHandler } from '../decide-escalation/decide-escalation.handler';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { ProviderFeedController } from './provider-feed.controller';
import type { FeedQueryDto } from './provider-feed.dto';

const CRC07_CASE = 'X300007';
const CRC11_CASE = 'X300011';
const request = { ip: '10.0.0.9', headers: { 'user-agent': 'crc-poller' } } as unknown as Request;
const principalOf = (actor: Actor) => ({ tokenId: `t-${actor.id}`, name: actor.id, role: actor.role, provider: actor.provider });

type FeedPage = { events: { cursor: string; id: string; type: string; crn: string }[]; next: string };

describe('provider-feed', () => {
  let testbed: UseCaseTestbed;
  let pages: Parameters<DisclosureRecorder['recordFeedPage']>[0][];
  let feed: (actor: Actor, query?: FeedQueryDto) => Promise<FeedPage>;

  // CRC07's case: its escalation, claimed by an officer, then kept with CRC07. CRC11 manages a case of its own.
  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    pages = [];
    const controller = new ProviderFeedController(testbed.readModels, { recordFeedPage: async (page) => void pages.push(page) });
    feed = (actor, query = {}) => controller.feed(query, principalOf(actor), request) as Promise<FeedPage>;

    await testbed.allocate(CRC07_CASE);
    const escalationId = await testbed.escalate(CRC07_CASE);
    await new ClaimItemHandler(testbed.runner, testbed.items).execute(new ClaimItemCommand(escalationId, actors.officer));
    await new DecideEscalationHandler(testbed.runner, testbed.items).execute(
      new DecideEscalationCommand(escalationId, actors.officer, {
        outcome: 'RETAIN_WITH_PROVIDER',
        rationale: 'Manageable with more contact.',
      }),
    );
    await testbed.allocate(CRC11_CASE, { ldu: 'N11-LDU1', provider: 'CRC11' });
  });
  afterEach(() => testbed.close());

  it('gives CRC07 its case’s events oldest first, each with its cursor, never the claim, and records the page it was given', async () => {
    const page = await feed(actors.crc07);

    expect(page.events).toEqual([
      expect.objectContaining({ cursor: 'p1', crn: CRC07_CASE, type: 'case.allocated' }),
      expect.objectContaining({ cursor: 'p2', crn: CRC07_CASE, type: 'escalation.recorded' }),
      expect.objectContaining({
        cursor: 'p3',
        crn: CRC07_CASE,
        type: 'escalation.decided',
        data: expect.objectContaining({ outcome: 'RETAIN_WITH_PROVIDER' }),
      }),
    ]);
    expect(page.next).toBe('p3');
    expect((await testbed.eventsOf(CRC07_CASE)).map((event) => event.type)).toContain('item.claimed');
    expect(JSON.stringify(page)).not.toMatch(/claim/i);
    expect(JSON.stringify(page)).not.toContain(actors.officer.id);
    expect(pages).toEqual([
      {
        actor: actors.crc07,
        after: 'p0',
        next: 'p3',
        events: page.events.map(({ id, crn, type, cursor }) => ({ id, crn, type, cursor })),
        from: '10.0.0.9',
        userAgent: 'crc-poller',
      },
    ]);
  });

  it('pages by limit and resumes after a cursor with only what came after; an empty poll keeps the cursor and records nothing', async () => {
    const first = await feed(actors.crc07, { limit: 2 });
    expect(first.events.map((event) => event.cursor)).toEqual(['p1', 'p2']);
    expect(first.next).toBe('p2');

    const second = await feed(actors.crc07, { after: first.next });
    expect(second.events.map((event) => [event.cursor, event.type])).toEqual([['p3', 'escalation.decided']]);

    expect(await feed(actors.crc07, { after: second.next })).toEqual({ events: [], next: 'p3' });
    expect(pages.map(({ after, next, events }) => ({ after, next, served: events.length }))).toEqual([
      { after: 'p0', next: 'p2', served: 2 },
      { after: 'p2', next: 'p3', served: 1 },
    ]);
  });

  it('shows CRC11 only its own case, nothing of CRC07’s', async () => {
    const page = await feed(actors.crc11);

    expect(page.events).toEqual([expect.objectContaining({ cursor: 'p1', crn: CRC11_CASE, type: 'case.allocated' })]);
    expect(JSON.stringify(page)).not.toContain(CRC07_CASE);
    expect(pages).toEqual([expect.objectContaining({ actor: actors.crc11, events: [expect.objectContaining({ crn: CRC11_CASE })] })]);
  });
});
