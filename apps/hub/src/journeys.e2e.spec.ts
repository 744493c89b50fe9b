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
      ['aco.erin', 'aco'],
      ['crc11', 'provider', 'CRC11'],
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

    // It reached the officer's side, which says so (an event, late), and then reviews it, late too.
    const acknowledged = await as('spo.carol').post(`/v1/risk-information/${riskInformationId}/acknowledgement`, {});
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({ riskInformationId, late: true });
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
      'risk-information.acknowledged',
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

  /**
   * A threat disclosed in a group a provider runs, on a case the public service manages (issue 18; the
   * domain brief's "a person told staff he felt like reoffending"; seed 002 line 67: the public service
   * goes on using "specialist service providers" to deliver its interventions). The provider records it;
   * the public service's officer acknowledges and reviews it the same day; the provider learns what came
   * of it and nothing else of the case.
   */
  it('carries a threat disclosed in a provider-run group on a public-service case to the officer, and its outcome back', async () => {
    const allocated = await as('po.alice').post('/v1/cases', {
      crn: 'G180001',
      ldu: 'LDU-MAN-N',
      provider: 'CRC07',
      sentence: {
        type: 'Extended determinate sentence',
        kind: 'EXTENDED_DETERMINATE',
        lengthMonths: 96,
        custodialTermMonths: 60,
        offenceCategory: 'VIOLENT',
      },
      rosh: 'HIGH',
      mappa: null,
      exceptionalPublicInterest: false,
    });
    expect(allocated.body).toMatchObject({ allocatedTo: 'NPS' });
    // CRC07 runs the group he attends: once referred, it may record what he said; CRC11 may not even learn the case exists.
    const said = {
      source: 'INTERVENTION_PROVIDER',
      channel: 'Said aloud in a thinking-skills group session',
      knownAt: new Date(Date.now() - 30 * 60_000).toISOString(),
      receivedBy: 'Group facilitator',
      threat: true,
      summary: 'Said he felt like doing it again, and named his former partner.',
    };
    // Until the public service refers him to CRC07's group, CRC07 cannot tell the case exists either.
    expect((await as('crc07').post('/v1/cases/G180001/risk-information', said)).status).toBe(404);
    const unknown = await as('po.alice').post('/v1/cases/G180001/interventions', {
      provider: 'CRC99',
      intervention: 'Thinking skills group',
    });
    expect([unknown.status, unknown.body.code]).toEqual([422, 'UNKNOWN_PROVIDER']);
    const referral = await as('po.alice').post('/v1/cases/G180001/interventions', {
      provider: 'CRC07',
      intervention: 'Thinking skills group',
    });
    expect(referral.status).toBe(201);
    expect((await as('crc11').post('/v1/cases/G180001/risk-information', said)).status).toBe(404);
    const recorded = await as('crc07').post('/v1/cases/G180001/risk-information', said);
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ crn: 'G180001', heldBy: 'NPS', revision: 0 });
    const { riskInformationId } = recorded.body;
    // The officer's queue has it, a threat, due the same day; the provider cannot act on it.
    const queued = (await as('po.alice').get('/v1/queue?kind=RISK_INFORMATION')).body.items;
    expect(queued).toContainEqual(expect.objectContaining({ itemId: riskInformationId, crn: 'G180001' }));
    expect((await as('crc07').post(`/v1/risk-information/${riskInformationId}/acknowledgement`, {})).status).toBe(403);
    expect((await as('crc11').post(`/v1/risk-information/${riskInformationId}/acknowledgement`, {})).body.code).toBe('ITEM_NOT_FOUND');
    expect((await as('po.alice').post(`/v1/risk-information/${riskInformationId}/acknowledgement`, {})).status).toBe(200);
    const review = await as('po.alice').post(`/v1/risk-information/${riskInformationId}/review`, {
      outcome: 'POLICE_INFORMED',
      rationale: 'Police public protection unit told; MAPPA referral to follow at Friday’s meeting.',
    });
    expect(review.status).toBe(201);
    // What the provider sees: what it recorded and what came of it, without the public service's reasons.
    const feed = (await as('crc07').get('/v1/feed?limit=1000')).body.events.filter((event: { crn: string }) => event.crn === 'G180001');
    expect(feed.map((event: { type: string }) => event.type)).toEqual([
      'risk-information.recorded',
      'risk-information.acknowledged',
      'risk-information.reviewed',
    ]);
    expect(feed[2].data).toEqual({ riskInformationId, outcome: 'POLICE_INFORMED', rationale: null, late: expect.any(Boolean) });
    expect(JSON.stringify(feed)).not.toMatch(/MAPPA referral|po\.alice|EXTENDED/);
    expect((await as('crc07').get('/v1/cases/G180001')).status).toBe(404);
    // The auditor sees each disclosure.
    // (Same-day items fall due in seconds here, so an overdue mark may come between: it is not disclosed.)
    const timeline = (await as('auditor.frank').get('/v1/cases/G180001/timeline')).body.events.filter(
      (event: { type: string }) => event.type !== 'item.became-overdue',
    );
    expect(timeline.map((event: { type: string; disclosedTo: string | null }) => [event.type, event.disclosedTo])).toEqual([
      ['case.allocated', null],
      ['intervention.referred', null],
      ['risk-information.recorded', 'CRC07'],
      ['risk-information.acknowledged', 'CRC07'],
      ['risk-information.reviewed', 'CRC07'],
    ]);
  }, 60_000);

  /**
   * A licence case to emergency recall (issue 18; domain brief, "Enforcement and recall": emergency recall
   * "runs in hours, any day and hour"): drafted as an emergency, countersigned by the SPO, returned once by
   * the ACO, revised, signed again by both and issued; then sent to PPCS, the licence revoked, and the person
   * returned to custody. The provider managing the case sees the issued advice and each step, nothing before.
   */
  it('takes a licence case to emergency recall, returned once by the ACO, then issued and followed to custody', async () => {
    await as('po.alice').post('/v1/cases', {
      crn: 'R180001',
      ldu: 'LDU-MAN-N',
      provider: 'CRC07',
      sentence: {
        type: 'Determinate sentence',
        kind: 'DETERMINATE_CUSTODY',
        lengthMonths: 30,
        custodialTermMonths: 30,
        offenceCategory: 'OTHER',
      },
      rosh: 'MEDIUM',
      mappa: null,
      exceptionalPublicInterest: false,
    });
    const { escalationId } = (
      await as('crc07').post('/v1/cases/R180001/escalations', {
        requestId: 'r18-1',
        raisedBy: 'Jo Bloggs',
        proposedRosh: 'HIGH',
        urgency: 'URGENT',
        triggers: ['THREAT_DISCLOSED'],
        summary: 'Left the approved premises after threatening staff; whereabouts unknown.',
      })
    ).body;
    const refused = await as('po.alice').post('/v1/cases/R180001/recall-advice', {
      recallType: 'STANDARD',
      emergency: true,
      rationale: 'Whereabouts unknown after threats.',
      basedOn: [escalationId],
    });
    expect([refused.status, refused.body.code]).toEqual([422, 'RECALL_TYPE_NOT_ALLOWED']);
    const drafted = await as('po.alice').post('/v1/cases/R180001/recall-advice', {
      recallType: 'STANDARD',
      emergency: true,
      rationale: 'Whereabouts unknown after threats.',
      basedOn: [escalationId],
      fixedTermExclusion: { reason: 'RISK_OF_SERIOUS_HARM', details: 'Threats to staff; he could not be safely released after 28 days.' },
    });
    expect(drafted.status).toBe(201);
    const { recallAdviceId, dueAt } = drafted.body;
    expect(Date.parse(dueAt) - Date.now()).toBeLessThanOrEqual(2 * 3_600_000);
    expect((await as('spo.carol').post(`/v1/recall-advice/${recallAdviceId}/countersign`, { rationale: 'Agreed.' })).body.status).toBe(
      'AWAITING_ACO',
    );
    const returned = await as('aco.erin').post(`/v1/recall-advice/${recallAdviceId}/return`, {
      reason: 'Say when and where he was last seen.',
    });
    expect(returned.body).toMatchObject({ status: 'RETURNED' });
    expect((await as('aco.erin').post(`/v1/recall-advice/${recallAdviceId}/countersign`, { rationale: 'x' })).body.code).toBe(
      'RECALL_ADVICE_RETURNED',
    );
    expect(
      (
        await as('spo.carol').post(`/v1/recall-advice/${recallAdviceId}/revision`, {
          recallType: 'STANDARD',
          emergency: true,
          rationale: 'x',
          note: 'x',
        })
      ).body.code,
    ).toBe('NOT_THE_AUTHOR');
    const revised = await as('po.alice').post(`/v1/recall-advice/${recallAdviceId}/revision`, {
      recallType: 'STANDARD',
      emergency: true,
      rationale: 'Left the approved premises at 21:40 last night after threatening staff; not seen since.',
      fixedTermExclusion: { reason: 'RISK_OF_SERIOUS_HARM', details: 'Threats to staff.' },
      note: 'Added when and where he was last seen.',
    });
    expect(revised.body).toMatchObject({ status: 'AWAITING_SPO' });
    await as('spo.carol').post(`/v1/recall-advice/${recallAdviceId}/countersign`, { rationale: 'Agreed, as revised.' });
    const issued = await as('aco.erin').post(`/v1/recall-advice/${recallAdviceId}/countersign`, { rationale: 'Approved for issue.' });
    expect(issued.body).toMatchObject({ status: 'ISSUED' });
    const at = () => new Date().toISOString();
    for (const step of ['SENT_TO_PPCS', 'LICENCE_REVOKED', 'UNLAWFULLY_AT_LARGE', 'RETURNED_TO_CUSTODY']) {
      const recorded = await as('po.alice').post(`/v1/recall-advice/${recallAdviceId}/steps`, { step, happenedAt: at() });
      expect([step, recorded.status]).toEqual([step, 201]);
    }
    expect(
      (await as('po.alice').post(`/v1/recall-advice/${recallAdviceId}/steps`, { step: 'UNLAWFULLY_AT_LARGE', happenedAt: at() })).body.code,
    ).toBe('RECALL_STEP_OUT_OF_ORDER');
    // The provider: the issued advice as revised, and each step; never the return or the signatures.
    const feed = (await as('crc07').get('/v1/feed?limit=1000')).body.events.filter((event: { crn: string }) => event.crn === 'R180001');
    expect(feed.map((event: { type: string }) => event.type)).toEqual([
      'case.allocated',
      'escalation.recorded',
      'recall-advice.issued',
      'recall.progressed',
      'recall.progressed',
      'recall.progressed',
      'recall.progressed',
    ]);
    expect(feed[2].data).toMatchObject({
      recallAdviceId,
      recallType: 'STANDARD',
      emergency: true,
      rationale: expect.stringContaining('21:40'),
    });
    expect(JSON.stringify(feed)).not.toMatch(/Say when and where|spo\.carol|aco\.erin|Agreed/);
    // The auditor: every step of the oversight, in order.
    const types = (await as('auditor.frank').get('/v1/cases/R180001/timeline')).body.events.map((event: { type: string }) => event.type);
    expect(types.filter((type: string) => type.startsWith('recall'))).toEqual([
      'recall-advice.drafted',
      'recall-advice.countersigned-by-spo',
      'recall-advice.returned',
      'recall-advice.revised',
      'recall-advice.countersigned-by-spo',
      'recall-advice.countersigned-by-aco',
      'recall-advice.issued',
      'recall.progressed',
      'recall.progressed',
      'recall.progressed',
      'recall.progressed',
    ]);
  }, 60_000);

  /**
   * Missed appointments under a community order, enforced (seed 001: Braddon "had missed eight probation
   * appointments" under a community sentence, and was not taken back to court). The provider records each
   * failure and a formal warning; the next unacceptable failure within 12 months makes breach proceedings due,
   * which both sides see; the provider's breach pack cites the failures; the public service returns it to
   * court (never recall, for an order) and records the court's stages.
   */
  it('takes a run of missed appointments on a community order to breach proceedings and court', async () => {
    await as('po.alice').post('/v1/cases', {
      crn: 'B180001',
      ldu: 'LDU-MAN-N',
      provider: 'CRC07',
      sentence: {
        type: 'Community order',
        kind: 'COMMUNITY_ORDER',
        lengthMonths: 18,
        offenceCategory: 'VIOLENT',
        requirements: ['Supervision appointments'],
      },
      rosh: 'MEDIUM',
      mappa: null,
      exceptionalPublicInterest: false,
    });
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
    const missed = (requestId: string, days: number) =>
      as('crc07').post('/v1/cases/B180001/failures-to-comply', {
        requestId,
        date: daysAgo(days),
        requirement: 'Supervision appointments',
        acceptable: false,
        judgedBy: 'Jo Bloggs, case manager',
        details: 'Did not attend; no contact, no reason given.',
      });
    const first = await missed('miss-1', 20);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ breachDue: null });
    const warned = await as('crc07').post('/v1/cases/B180001/warnings', {
      requestId: 'warn-1',
      issuedOn: daysAgo(19),
      failureIds: [first.body.failureId],
      issuedBy: 'Jo Bloggs, case manager',
      details: 'Formal warning by letter.',
    });
    expect(warned.status).toBe(201);
    // The next unacceptable failure within 12 months of the warning: breach proceedings are due, on both sides.
    const second = await missed('miss-2', 5);
    expect(second.body.breachDue).toMatchObject({ breachDueId: `bd-${second.body.failureId}` });
    const { breachDueId } = second.body.breachDue;
    expect((await missed('miss-2', 5)).status).toBe(200);
    const again = await as('crc07').post('/v1/cases/B180001/warnings', {
      requestId: 'warn-2',
      issuedOn: daysAgo(4),
      failureIds: [second.body.failureId],
      issuedBy: 'Jo Bloggs',
      details: 'Another letter.',
    });
    expect([again.status, again.body.code]).toEqual([422, 'WARNING_ALREADY_GIVEN']);
    expect((await as('po.alice').get('/v1/queue?awaiting=PROVIDER')).body.items).toContainEqual(
      expect.objectContaining({ itemId: breachDueId, kind: 'BREACH_DUE', crn: 'B180001' }),
    );
    // The provider's breach pack cites both failures and meets what fell due.
    const pack = await as('crc07').post('/v1/cases/B180001/breach-packs', {
      requestId: 'bp-1',
      requirement: 'Supervision appointments',
      failures: [
        { date: daysAgo(20), description: 'Did not attend' },
        { date: daysAgo(5), description: 'Did not attend' },
      ],
      warningsIssued: 1,
      providerRecommendation: 'RETURN_TO_COURT',
      summary: 'Second unacceptable failure within 12 months of a formal warning.',
      failureIds: [first.body.failureId, second.body.failureId],
    });
    expect(pack.status).toBe(201);
    const { breachPackId } = pack.body;
    expect(
      (await as('po.alice').get('/v1/queue?awaiting=PROVIDER')).body.items.map((item: { itemId: string }) => item.itemId),
    ).not.toContain(breachDueId);
    // An order is not recalled: it goes back to court.
    const recall = await as('po.alice').post(`/v1/breach-packs/${breachPackId}/decision`, { outcome: 'RECALL', rationale: 'x' });
    expect([recall.status, recall.body.code]).toEqual([422, 'BREACH_OUTCOME_NOT_ALLOWED']);
    const decided = await as('po.alice').post(`/v1/breach-packs/${breachPackId}/decision`, {
      outcome: 'RETURN_TO_COURT',
      rationale: 'Two unacceptable failures within 12 months of a warning; no exceptional reasons.',
    });
    expect(decided.status).toBe(201);
    for (const [stage, days, outcome] of [
      ['LAID', 3, undefined],
      ['LISTED', 2, undefined],
      ['OUTCOME', 0, 'ORDER_AMENDED'],
    ] as const) {
      const recorded = await as('po.alice').post(`/v1/breach-packs/${breachPackId}/court-stages`, {
        stage,
        on: daysAgo(days),
        ...(outcome ? { outcome, details: 'Curfew requirement added.' } : {}),
      });
      expect([stage, recorded.status]).toEqual([stage, 201]);
    }
    const finished = await as('po.alice').post(`/v1/breach-packs/${breachPackId}/court-stages`, { stage: 'LAID', on: daysAgo(0) });
    expect([finished.status, finished.body.code]).toEqual([409, 'COURT_STAGE_OUT_OF_ORDER']);
    // The outcome sent again with another result is refused, not taken as a resend and lost.
    const resent = { stage: 'OUTCOME', on: daysAgo(0), details: 'Curfew requirement added.' };
    expect(
      (await as('po.alice').post(`/v1/breach-packs/${breachPackId}/court-stages`, { ...resent, outcome: 'ORDER_AMENDED' })).status,
    ).toBe(201);
    const corrected = await as('po.alice').post(`/v1/breach-packs/${breachPackId}/court-stages`, { ...resent, outcome: 'ORDER_CONTINUED' });
    expect([corrected.status, corrected.body.code]).toEqual([409, 'COURT_STAGE_OUT_OF_ORDER']);
    // The provider sees its records, what fell due and each court stage; never the details of the court record.
    const feed = (await as('crc07').get('/v1/feed?limit=1000')).body.events.filter((event: { crn: string }) => event.crn === 'B180001');
    expect(feed.map((event: { type: string }) => event.type)).toEqual([
      'case.allocated',
      'compliance.failure-recorded',
      'compliance.warning-recorded',
      'compliance.failure-recorded',
      'breach.due',
      'breach-pack.recorded',
      'breach-pack.decided',
      'breach.court-stage-recorded',
      'breach.court-stage-recorded',
      'breach.court-stage-recorded',
    ]);
    expect(feed[9].data).toEqual({ breachPackId, stage: 'OUTCOME', on: daysAgo(0), outcome: 'ORDER_AMENDED' });
    const view = (await as('crc07').get('/v1/cases/B180001')).body;
    expect(view.compliance).toMatchObject({
      failures: [expect.anything(), expect.anything()],
      warnings: [expect.anything()],
      breachDue: [expect.objectContaining({ breachDueId })],
    });
    expect(view.items.find((item: { itemId: string }) => item.itemId === breachPackId).court).toHaveLength(3);
    // The auditor: the breach due met by the pack, and nothing of it late.
    const types = (await as('auditor.frank').get('/v1/cases/B180001/timeline')).body.events.map((event: { type: string }) => event.type);
    expect(types).toEqual(expect.arrayContaining(['breach.due', 'breach-pack.submitted', 'item.fulfilled', 'breach.court-stage-recorded']));
  }, 60_000);
});
