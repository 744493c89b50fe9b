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

/**
 * The stories the source documents tell, end to end through HTTP against the built hub. Due times are
 * shortened (HUB_IMMEDIATE_HOURS) so that "late" happens within the test.
 */
describe.each(TEST_STORES)('journeys from the source documents, on $name', (engine) => {
  let dir: string;
  let store: TestStore;
  let hub: RunningHub;
  const tokens: Record<string, string> = {};
  const as = (who: string) => clientFor(hub.baseUrl, tokens[who]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-journeys-'));
    store = engine.open(join(dir, 'data'));
    for (const [name, role, provider] of [
      ['crc07', 'provider', 'CRC07'],
      ['po.alice', 'decision-maker'],
      ['spo.carol', 'spo'],
      ['auditor.frank', 'auditor'],
    ]) {
      tokens[name] = issueToken(store.env, role, name, provider);
    }
    // Same-day items fall due in 3 seconds; the scheduler looks every 100 ms.
    hub = startHub({
      ...store.env,
      PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      HUB_IMMEDIATE_HOURS: '0.001',
      HUB_OVERDUE_SCAN_INTERVAL_MS: '100',
    });
    await waitForReady(hub);
  }, 60_000);

  afterAll(async () => {
    await stopHub(hub);
    await store.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * The 2021 post's life-licence case (seed 002): a public-service case (a life licence, MAPPA); his partner
   * tells his probation officer he has been loitering near her work and approached her twice on her way in,
   * "which should have prompted a review"; the public service reassesses, and the review of what she said
   * comes after its due time. The auditor sees the case as it stood before the review, and the late review.
   */
  it('follows the life licensee whose partner reported him loitering near her work, to a late review the auditor can see', async () => {
    const allocated = await as('po.alice').post('/v1/cases', {
      crn: 'L210001',
      ldu: 'LDU-MAN-N',
      provider: 'CRC07',
      sentence: {
        type: 'Life licence',
        kind: 'INDETERMINATE',
        lengthMonths: 0,
        custodialTermMonths: 180,
        offenceCategory: 'VIOLENT',
        licenceConditions: ['To disclose any developing intimate relationship to his probation officer'],
      },
      rosh: 'HIGH',
      mappa: { category: 2, level: 2 },
      exceptionalPublicInterest: false,
    });
    expect(allocated.status).toBe(201);
    expect(allocated.body).toMatchObject({ allocatedTo: 'NPS', victimContactEligible: true });
    // A public-service case from the start: no provider knows of it.
    expect((await as('crc07').get('/v1/cases/L210001')).status).toBe(404);

    // She told his probation officer yesterday evening; it is recorded this morning.
    const knownAt = new Date(Date.now() - 15 * 3_600_000).toISOString();
    const recorded = await as('po.alice').post('/v1/cases/L210001/risk-information', {
      source: 'VICTIM_OR_FAMILY',
      channel: 'Told his probation officer at the office',
      knownAt,
      receivedBy: 'po.alice, his probation officer',
      threat: false,
      summary: 'His partner says he has been loitering near her work and approached her twice on her way in, once at 04:30.',
    });
    expect(recorded.status).toBe(201);
    const { riskInformationId, dueAt } = recorded.body;
    expect(Date.parse(dueAt) - Date.now()).toBeLessThan(10_000); // same day: the IMMEDIATE rule
    const queued = (await as('spo.carol').get('/v1/queue?kind=RISK_INFORMATION')).body.items;
    expect(queued).toEqual([expect.objectContaining({ itemId: riskInformationId, crn: 'L210001', kind: 'RISK_INFORMATION' })]);

    // The public service reassesses on its own initiative: the risk rises, the case stays with it, and why is recorded.
    const reviewed = await as('spo.carol').post('/v1/cases/L210001/rosh-reviews', {
      level: 'VERY_HIGH',
      assessor: 'spo.carol',
      assessedOn: new Date().toISOString().slice(0, 10),
      assessmentReference: 'OASYS-L210001-2',
    });
    expect(reviewed.status).toBe(201);
    expect(reviewed.body).toMatchObject({ outcome: 'STAYS_WITH_NPS', managedBy: 'NPS' });

    // Nobody reviewed what she said in time: the scheduler marks it overdue.
    const overdue = async () =>
      (await as('auditor.frank').get('/v1/cases/L210001/timeline')).body.events.some(
        (event: { type: string }) => event.type === 'item.became-overdue',
      );
    for (let i = 0; i < 100 && !(await overdue()); i += 1) await new Promise((wait) => setTimeout(wait, 100));
    expect(await overdue()).toBe(true);
    const beforeReview = new Date().toISOString();
    await new Promise((wait) => setTimeout(wait, 20));

    const seenRevision = (await as('spo.carol').get('/v1/cases/L210001')).body.revision;
    const review = await as('spo.carol').post(`/v1/risk-information/${riskInformationId}/review`, {
      outcome: 'RECALL_CONSIDERED',
      rationale: 'Approaches to his partner at her work: recall considered with the ACO; police informed.',
      seenRevision,
    });
    expect(review.status).toBe(201);
    expect(review.body).toMatchObject({ riskInformationId, outcome: 'RECALL_CONSIDERED', late: true });

    // The auditor: the case as it stood before the review (the item open and overdue), then the late review.
    const asItStood = (await as('auditor.frank').get(`/v1/cases/L210001/state?asOf=${beforeReview}`)).body;
    const then = (asItStood.items as { itemId: string }[]).find((item) => item.itemId === riskInformationId);
    expect(then).toMatchObject({ decision: null, overdue: true });
    expect(asItStood).toMatchObject({ rosh: 'VERY_HIGH', managedBy: 'NPS', asOf: beforeReview });
    const timeline = (await as('auditor.frank').get('/v1/cases/L210001/timeline')).body.events;
    expect(timeline.map((event: { type: string }) => event.type)).toEqual([
      'case.allocated',
      'risk-information.recorded',
      'rosh.reviewed',
      'case.reassessed',
      'item.became-overdue',
      'risk-information.reviewed',
    ]);
    const last = timeline[timeline.length - 1];
    expect(last.lateness).toMatchObject({ itemId: riskInformationId, late: true });
    expect(last.data).toMatchObject({ seenRevision });
    expect(timeline[1].data).toMatchObject({ source: 'VICTIM_OR_FAMILY', knownAt, receivedBy: 'po.alice, his probation officer' });
    expect(timeline.every((event: { disclosedTo: string | null }) => event.disclosedTo === null)).toBe(true);
    const report = (await as('auditor.frank').get('/v1/audit/reports/late-decisions')).body.items;
    expect(report).toEqual([
      expect.objectContaining({
        itemId: riskInformationId,
        kind: 'RISK_INFORMATION',
        crn: 'L210001',
        status: 'DECIDED_LATE',
        decidedBy: 'spo.carol',
      }),
    ]);
    expect((await as('auditor.frank').get('/v1/cases/L210001/verify')).body).toMatchObject({ valid: true });
    // The auditor's reading is recorded too.
    const reads = (await as('auditor.frank').get('/v1/cases/L210001/access-log')).body.reads.map(
      (read: { actor: { id: string }; view: string }) => `${read.actor.id}:${read.view}`,
    );
    expect(reads).toEqual(expect.arrayContaining(['auditor.frank:state', 'auditor.frank:timeline', 'auditor.frank:verify']));
  }, 60_000);
});
