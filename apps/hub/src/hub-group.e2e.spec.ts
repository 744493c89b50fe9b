import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  clientFor,
  freePort,
  issueToken,
  RunningHub,
  startHub,
  stopHub,
  TEST_STORES,
  TestStore,
  waitForReady,
} from './testing/hub-process';

const postgres = TEST_STORES.find((store) => store.name === 'PostgreSQL');

/** Several hub processes on one PostgreSQL database, as a production deployment runs them. */
describe('a group of hubs on one PostgreSQL database', () => {
  let dir: string;
  let store: TestStore;
  const hubs: RunningHub[] = [];
  const tokens: Record<string, string> = {};
  // Short due times and scans, so an item becomes overdue within the test.
  const start = async () => {
    const hub = startHub({
      ...store.env,
      PORT: String(await freePort()),
      LOG_LEVEL: 'info',
      HUB_IMMEDIATE_HOURS: '0.0005',
      HUB_OVERDUE_SCAN_INTERVAL_MS: '100',
    });
    hubs.push(hub);
    await waitForReady(hub);
    return hub;
  };
  const escalation = {
    requestId: 'g-1',
    raisedBy: 'Jo Bloggs',
    proposedRosh: 'HIGH',
    urgency: 'IMMEDIATE',
    triggers: ['THREAT_DISCLOSED'],
    summary: 'Threat disclosed at the appointment.',
  };
  const health = async (hub: RunningHub) =>
    ((await (await fetch(`${hub.baseUrl}/health/ready`)).json()) as { checks: { projections: { backgroundWork: string } } }).checks
      .projections;

  beforeAll(async () => {
    if (!postgres) throw new Error('no PostgreSQL test store');
    dir = mkdtempSync(join(tmpdir(), 'hub-group-'));
    store = postgres.open(join(dir, 'data'));
    tokens['crc07'] = issueToken(store.env, 'provider', 'crc07', 'CRC07');
    tokens['po.alice'] = issueToken(store.env, 'decision-maker', 'po.alice');
  }, 60_000);

  afterAll(async () => {
    await Promise.all(hubs.map((hub) => stopHub(hub)));
    await store.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the background work in one process, serves from all, and hands over when the leader dies', async () => {
    const first = await start();
    const second = await start();
    expect((await health(first)).backgroundWork).toBe('leader');
    expect((await health(second)).backgroundWork).toBe('standby');
    // Exactly one process runs the projectors: the standby's are not running at all.
    const leaderGauge = async (hub: RunningHub) =>
      /^hub_background_work_leader (\d)$/m.exec(await (await fetch(`${hub.baseUrl}/metrics`)).text())?.[1];
    expect([await leaderGauge(first), await leaderGauge(second)]).toEqual(['1', '0']);
    expect(second.output()).not.toContain('Projection caught up');
    expect(first.output()).toContain('Projection caught up');

    // Written through the standby, read straight back from it: it waits for the leader's projections.
    const viaStandby = (who: string) => clientFor(second.baseUrl, tokens[who]);
    const allocated = await viaStandby('po.alice').post('/v1/cases', {
      crn: 'G100001',
      ldu: 'LDU-MAN-N',
      provider: 'CRC07',
      sentence: { type: 'Licence', lengthMonths: 30, offenceCategory: 'VIOLENT' },
      rosh: 'MEDIUM',
      mappa: null,
      exceptionalPublicInterest: false,
    });
    expect(allocated.status).toBe(201);
    const posted = await viaStandby('crc07').post('/v1/cases/G100001/escalations', escalation);
    expect(posted.status).toBe(201);
    const { escalationId } = posted.body;
    expect((await viaStandby('po.alice').get('/v1/queue')).body.items.map((item: { itemId: string }) => item.itemId)).toEqual([
      escalationId,
    ]);
    // The same request through the other hub is the same escalation, not a second one.
    const retried = await clientFor(first.baseUrl, tokens['crc07']).post('/v1/cases/G100001/escalations', escalation);
    expect(retried).toMatchObject({ status: 200, body: { escalationId } });

    // The leader dies without a chance to clean up; the standby takes the lease and carries on.
    first.process.kill('SIGKILL');
    await first.exited;
    for (let i = 0; i < 100 && (await health(second)).backgroundWork !== 'leader'; i += 1)
      await new Promise((wait) => setTimeout(wait, 100));
    expect((await health(second)).backgroundWork).toBe('leader');
    const third = await start();
    expect((await health(third)).backgroundWork).toBe('standby');

    // Overdue marks happen once, whichever process runs the scheduler, and projections keep moving.
    const overdueMarks = async () =>
      (await clientFor(third.baseUrl, tokens['crc07']).get('/v1/feed?limit=1000')).body.events.filter(
        (event: { type: string; data: { itemId?: string } }) => event.type === 'item.overdue' && event.data.itemId === escalationId,
      );
    for (let i = 0; i < 100 && (await overdueMarks()).length === 0; i += 1) await new Promise((wait) => setTimeout(wait, 100));
    await new Promise((wait) => setTimeout(wait, 500));
    expect(await overdueMarks()).toHaveLength(1);
    const decided = await clientFor(third.baseUrl, tokens['po.alice']).post(`/v1/escalations/${escalationId}/decision`, {
      outcome: 'RETAIN_WITH_PROVIDER',
      rationale: 'Manageable with weekly reporting.',
    });
    expect(decided).toMatchObject({ status: 201, body: { late: true } });
    expect((await clientFor(second.baseUrl, tokens['po.alice']).get('/v1/queue')).body.items).toEqual([]);
  }, 90_000);
});
