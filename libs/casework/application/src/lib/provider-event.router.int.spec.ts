import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventLog, SqliteEventStore } from '@escalation-hub/event-store';
import { CaseCommand, decide, disclosuresOf, DueTimePolicy } from '@escalation-hub/casework-domain';
import { actors, allocateCommand } from '@escalation-hub/casework-domain/testing';
import { CaseRepository } from './case.repository';
import { toCaseEvent } from './case-event.mapper';
import { ProviderEventRouter } from './provider-event.router';

const T0 = new Date('2026-11-04T10:00:00Z');

describe('ProviderEventRouter on a real SQLite store', () => {
  let dir: string;
  let store: SqliteEventStore;
  let log: EventLog;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hub-router-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    log = new EventLog(store);
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function record(command: CaseCommand): Promise<void> {
    const repository = new CaseRepository(log);
    const loaded = await repository.load(command.crn);
    const events = decide(loaded.state, command, { now: T0, dueTimes: new DueTimePolicy() });
    if (events.length) await repository.append(command.crn, events, loaded);
  }
  const escalate = (crn: string, id: string): CaseCommand => ({
    type: 'RequestEscalation',
    crn,
    actor: actors.crc07,
    payload: {
      escalationId: id,
      requestId: id,
      requestFingerprint: id,
      raisedBy: 'Jo',
      proposedRosh: 'HIGH',
      urgency: 'URGENT',
      triggers: ['OTHER'],
      summary: 's',
    },
  });
  const decideEscalation = (crn: string, id: string, outcome: 'RETAIN_WITH_PROVIDER' | 'TRANSFER_TO_NPS'): CaseCommand => ({
    type: 'DecideEscalation',
    crn,
    actor: actors.officer,
    payload: { escalationId: id, outcome, rationale: 'r', advice: null, revisedRosh: null },
  });

  it('routes what the feed’s rule discloses, also when it meets a case mid-stream after a restart', async () => {
    await record(allocateCommand({}, 'R000001'));
    await record(allocateCommand({ rosh: 'HIGH' }, 'R000002'));
    await record(allocateCommand({ provider: 'CRC11' }, 'R000003'));
    await record(escalate('R000001', 'a'));
    await record(escalate('R000001', 'b'));
    await record({ type: 'ClaimItem', crn: 'R000001', actor: actors.officer, payload: { itemId: 'a' } });
    await record(decideEscalation('R000001', 'a', 'TRANSFER_TO_NPS'));
    await record(decideEscalation('R000001', 'b', 'RETAIN_WITH_PROVIDER'));
    const all = await log.readAll({ maxCount: 100 });
    const expected = ['R000001', 'R000002', 'R000003'].flatMap((crn) =>
      disclosuresOf(
        all.filter((event) => event.streamName === `case-${crn}`).map((event) => ({ event: toCaseEvent(event), id: event.id })),
      ),
    );

    // One router reads the first half; a new one (a restart, an empty cache) the rest.
    const half = Math.floor(all.length / 2);
    const routed = [
      ...(await new ProviderEventRouter(log).route(all.slice(0, half))),
      ...(await new ProviderEventRouter(log).route(all.slice(half))),
    ];
    const key = ({ provider, event }: { provider: string; event: { id: string; type: string } }) => `${provider} ${event.type} ${event.id}`;
    expect(routed.map(({ disclosure }) => key(disclosure)).sort()).toEqual(expected.map(key).sort());
    expect(routed.map(({ disclosure }) => disclosure.event.type)).not.toContain('item.claimed');
    expect(routed.filter(({ disclosure }) => disclosure.provider === 'CRC07').map(({ disclosure }) => disclosure.event.type)).toEqual([
      'case.allocated',
      'escalation.recorded',
      'escalation.recorded',
      'escalation.decided',
      'case.transferred',
    ]);
    // A cache of one case still routes correctly: it replays what it forgot.
    const tiny = new ProviderEventRouter(log, 1);
    expect((await tiny.route(all)).map(({ disclosure }) => key(disclosure)).sort()).toEqual(expected.map(key).sort());
  });
});
