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
import { providerEventValidator } from '@escalation-hub/casework-application/testing';

/** Casework through HTTP against the built hub, with tokens issued by its own command line. */
describe.each(TEST_STORES)('casework over HTTP on $name', (engine) => {
  let dir: string;
  let store: TestStore;
  let hub: RunningHub;
  let port: number;
  const tokens: Record<string, string> = {};
  const as = (who: string) => clientFor(hub.baseUrl, tokens[who]);
  // No per-token rate limit (hub.e2e tests it): on a fast machine these tests send one token more than its 20 a second.
  const env = (extra: Record<string, string> = {}) => ({
    ...store.env,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    HUB_TOKEN_RATE_LIMIT: '0',
    ...extra,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-casework-'));
    store = engine.open(join(dir, 'data'));
    for (const [name, role, provider] of [
      ['crc07', 'provider', 'CRC07'],
      ['crc11', 'provider', 'CRC11'],
      ['po.alice', 'decision-maker'],
      ['po.bob', 'decision-maker'],
      ['spo.carol', 'spo'],
      ['aco.erin', 'aco'],
      ['auditor.frank', 'auditor'],
    ]) {
      tokens[name] = issueToken(store.env, role, name, provider);
    }
    port = await freePort();
    hub = startHub(env());
    await waitForReady(hub);
  }, 60_000);

  afterAll(async () => {
    await stopHub(hub);
    await store.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const allocation = (crn: string, overrides: Record<string, unknown> = {}) => ({
    crn,
    ldu: 'LDU-MAN-N',
    provider: 'CRC07',
    sentence: { type: 'Licence', lengthMonths: 30, offenceCategory: 'VIOLENT' },
    rosh: 'MEDIUM',
    mappa: null,
    exceptionalPublicInterest: false,
    ...overrides,
  });
  const escalation = (requestId: string, overrides: Record<string, unknown> = {}) => ({
    requestId,
    raisedBy: 'Jo Bloggs, case manager',
    proposedRosh: 'HIGH',
    urgency: 'ROUTINE',
    triggers: ['VICTIM_CONCERN'],
    summary: 'Former partner reports him waiting outside her workplace.',
    ...overrides,
  });
  const breachPack = (requestId: string) => ({
    requestId,
    requirement: 'Unpaid work',
    failures: [{ date: '2026-10-01', description: 'Did not attend' }],
    warningsIssued: 1,
    providerRecommendation: 'RECALL',
    summary: 'Second unacceptable absence.',
  });

  it('allocates by the policy and refuses a second allocation', async () => {
    const kept = await as('po.alice').post('/v1/cases', allocation('A100001', { mappa: { category: 2, level: 2 } }));
    expect(kept.status).toBe(201);
    expect(kept.body).toEqual({
      crn: 'A100001',
      allocatedTo: 'NPS',
      reason: expect.stringContaining('MAPPA'),
      victimContactEligible: true,
      victimContactBasis: expect.stringContaining(
        '(12 months or more) for a violent offence: Domestic Violence, Crime and Victims Act 2004 s.35',
      ),
      sentenceKind: 'DETERMINATE_CUSTODY',
      revision: 0,
    });
    const toProvider = await as('spo.carol').post(
      '/v1/cases',
      allocation('A100002', { sentence: { type: 'Community Order', lengthMonths: 12, offenceCategory: 'VIOLENT' } }),
    );
    expect(toProvider.body).toMatchObject({ allocatedTo: 'CRC07', victimContactEligible: false });
    const again = await as('po.alice').post('/v1/cases', allocation('A100002'));
    expect(again.status).toBe(409);
    expect(again.contentType).toContain('application/problem+json');
    expect(again.body.code).toBe('CASE_ALREADY_EXISTS');
    const { sentence: _sentence, ...withoutSentence } = allocation('A100004');
    const fieldsOf = async (body: object) => [
      ...new Set((await as('po.alice').post('/v1/cases', body)).body.errors.map((error: { field: string }) => error.field)),
    ];
    expect(await fieldsOf(withoutSentence)).toEqual(['sentence']);
    const { mappa: _mappa, ...withoutMappa } = allocation('A100004');
    expect(await fieldsOf(withoutMappa)).toEqual(['mappa']);
    expect((await as('po.alice').post('/v1/cases', allocation('A100004', { provider: 'NPS' }))).status).toBe(400);
    expect((await as('crc07').post('/v1/cases', allocation('A100003'))).status).toBe(403);
  });

  it('records the sentence by kind and victim contact by the statute, and refuses what does not hold together', async () => {
    const order = await as('po.alice').post(
      '/v1/cases',
      allocation('A110001', {
        sentence: {
          type: 'Suspended Sentence Order',
          lengthMonths: 24,
          offenceCategory: 'SEXUAL',
          imposedOn: '2026-09-14',
          requirements: ['Unpaid work (150 hours)', 'Rehabilitation activity (20 days)'],
        },
      }),
    );
    expect(order.status).toBe(201);
    // However long, an order is not a sentence of imprisonment: no statutory victim contact.
    expect(order.body).toMatchObject({ sentenceKind: 'SUSPENDED_SENTENCE_ORDER', victimContactEligible: false });
    const twelveMonths = await as('po.alice').post(
      '/v1/cases',
      allocation('A110002', {
        sentence: {
          type: 'Twelve months',
          kind: 'DETERMINATE_CUSTODY',
          lengthMonths: 12,
          custodialTermMonths: 12,
          offenceCategory: 'VIOLENT',
        },
      }),
    );
    // "12 months or more" (the statute), not "over 12 months" (the 2013 briefing's paraphrase).
    expect(twelveMonths.body).toMatchObject({ sentenceKind: 'DETERMINATE_CUSTODY', victimContactEligible: true });
    const refused = async (crn: string, overrides: Record<string, unknown>) => {
      const reply = await as('po.alice').post('/v1/cases', allocation(crn, overrides));
      return [reply.status, reply.body.code ?? reply.body.errors?.map((error: { field: string }) => error.field).join(',')];
    };
    expect(await refused('A110003', { sentence: { type: 'Fine', lengthMonths: 0, offenceCategory: 'OTHER' } })).toEqual([
      422,
      'SENTENCE_KIND_UNKNOWN',
    ]);
    expect(
      await refused('A110003', {
        sentence: { type: 'Community Order', lengthMonths: 12, offenceCategory: 'OTHER', custodialTermMonths: 6 },
      }),
    ).toEqual([422, 'SENTENCE_INCONSISTENT']);
    expect(await refused('A110003', { mappa: { category: 3, level: 1 } })).toEqual([422, 'MAPPA_LEVEL_NOT_ALLOWED']);
    expect(
      await refused('A110003', { sentence: { type: 'Custody', kind: 'UNKNOWN', lengthMonths: 12, offenceCategory: 'OTHER' } }),
    ).toEqual([400, 'sentence.kind']);
    expect(
      await refused('A110003', {
        sentence: { type: 'Custody', lengthMonths: 12, offenceCategory: 'OTHER', licenceConditions: ['Curfew\u202e'] },
      }),
    ).toEqual([400, 'sentence.licenceConditions']);
    expect(
      await refused('A110003', { sentence: { type: 'Custody', lengthMonths: 12, offenceCategory: 'OTHER', imposedOn: '14/09/2026' } }),
    ).toEqual([400, 'sentence.imposedOn']);
    // Nothing was recorded for any of them.
    expect((await as('po.alice').get('/v1/cases/A110003')).status).toBe(404);
  });

  it('reassesses on a RoSH review or MAPPA change: moves a provider case, keeps a public-service case, and records why', async () => {
    await as('po.alice').post('/v1/cases', allocation('R120001'));
    expect((await as('crc07').post('/v1/cases/R120001/escalations', escalation('r120-1'))).status).toBe(201);
    const review = { level: 'HIGH', assessor: 'po.alice', assessedOn: '2026-11-03', assessmentReference: 'OASYS-0042' };
    expect((await as('crc07').post('/v1/cases/R120001/rosh-reviews', review)).status).toBe(403);
    const moved = await as('po.alice').post('/v1/cases/R120001/rosh-reviews', review);
    expect(moved.status).toBe(201);
    expect(moved.body).toEqual({
      crn: 'R120001',
      outcome: 'MOVED_TO_NPS',
      managedBy: 'NPS',
      reason: 'Moves to the public service: risk of serious harm is HIGH',
      revision: 3,
    });
    expect((await as('po.alice').get('/v1/cases/R120001')).body).toMatchObject({ managedBy: 'NPS', rosh: 'HIGH' });
    // The same review sent again records nothing and says where the case stands; the assessment with another level is refused.
    const resent = await as('po.alice').post('/v1/cases/R120001/rosh-reviews', review);
    expect([resent.status, resent.body]).toEqual([
      200,
      { ...moved.body, outcome: 'STAYS_WITH_NPS', reason: 'Stays with the public service: risk of serious harm is HIGH' },
    ]);
    const contradicted = await as('po.alice').post('/v1/cases/R120001/rosh-reviews', { ...review, level: 'MEDIUM' });
    expect([contradicted.status, contradicted.body.code]).toEqual([409, 'ASSESSMENT_ALREADY_RECORDED']);
    expect((await as('po.alice').get('/v1/cases/R120001')).body).toMatchObject({ rosh: 'HIGH', revision: 3 });
    // The provider is told the case left it, and why: not the review itself. It may post no more.
    const feed = (await as('crc07').get('/v1/feed?limit=1000')).body.events.filter((event: { crn: string }) => event.crn === 'R120001');
    expect(feed.map((event: { type: string }) => event.type)).toEqual(['case.allocated', 'escalation.recorded', 'case.transferred']);
    expect(feed[2].data).toEqual({ to: 'NPS', escalationId: null, rationale: 'Moves to the public service: risk of serious harm is HIGH' });
    expect((await as('crc07').post('/v1/cases/R120001/escalations', escalation('r120-2'))).body.code).toBe('CASE_NOT_MANAGED_BY_PROVIDER');

    // A case the public service kept stays with it when its risk falls, and that is recorded, not left as silence.
    await as('po.alice').post('/v1/cases', allocation('R120002', { rosh: 'VERY_HIGH' }));
    const stays = await as('spo.carol').post('/v1/cases/R120002/rosh-reviews', { ...review, level: 'MEDIUM' });
    expect(stays.body).toMatchObject({
      outcome: 'STAYS_WITH_NPS',
      managedBy: 'NPS',
      reason: expect.stringContaining('stays with it when its risk decreases'),
    });
    const mappa = await as('po.alice').post('/v1/cases/R120002/mappa-changes', { mappa: { category: 2, level: 1 } });
    expect(mappa.body).toMatchObject({
      outcome: 'STAYS_WITH_NPS',
      reason: 'Stays with the public service: managed under MAPPA (category 2, level 1)',
    });
    const mappaAgain = await as('po.alice').post('/v1/cases/R120002/mappa-changes', { mappa: { category: 2, level: 1 } });
    expect([mappaAgain.status, mappaAgain.body]).toEqual([200, mappa.body]);
    const timeline = (await as('auditor.frank').get('/v1/cases/R120002/timeline')).body.events.map((entry: { type: string }) => entry.type);
    expect(timeline).toEqual(['case.allocated', 'rosh.reviewed', 'case.reassessed', 'mappa.changed', 'case.reassessed']);

    // Refused, and nothing recorded: MAPPA category 3 at level 1, a review without its date, a case that does not exist.
    expect((await as('po.alice').post('/v1/cases/R120002/mappa-changes', { mappa: { category: 3, level: 1 } })).body.code).toBe(
      'MAPPA_LEVEL_NOT_ALLOWED',
    );
    const undated = await as('po.alice').post('/v1/cases/R120002/rosh-reviews', { ...review, assessedOn: '3 Nov' });
    expect([undated.status, undated.body.errors.map((error: { field: string }) => error.field)]).toEqual([400, ['assessedOn']]);
    expect((await as('po.alice').post('/v1/cases/R129999/rosh-reviews', review)).status).toBe(404);
    expect((await as('auditor.frank').get('/v1/cases/R120002/timeline')).body.events).toHaveLength(5);
  });

  it('takes a new sentence as a new allocation assessment, and exceptional public interest only from an ACO with a reason', async () => {
    await as('po.alice').post(
      '/v1/cases',
      allocation('R130001', { sentence: { type: 'Community Order', lengthMonths: 12, offenceCategory: 'VIOLENT' } }),
    );
    const custody = {
      type: 'Custody',
      lengthMonths: 30,
      custodialTermMonths: 30,
      offenceCategory: 'VIOLENT',
      licenceConditions: ['Not to contact the victim'],
    };
    const sentenced = await as('po.bob').post('/v1/cases/R130001/sentences', { sentence: custody });
    expect(sentenced.status).toBe(201);
    expect(sentenced.body).toMatchObject({ outcome: 'STAYS_WITH_PROVIDER', managedBy: 'CRC07' });
    // The provider supervises the new sentence: it is told, and its view of the case follows.
    expect((await as('crc07').get('/v1/cases/R130001')).body).toMatchObject({
      sentence: { kind: 'DETERMINATE_CUSTODY', licenceConditions: ['Not to contact the victim'] },
      victimContactEligible: true,
    });
    expect((await as('po.alice').post('/v1/cases/R130001/sentences', { sentence: { ...custody, type: 'Fine' } })).body.code).toBe(
      'SENTENCE_KIND_UNKNOWN',
    );

    // Exceptional public interest: an ACO, with a reason.
    expect((await as('po.alice').post('/v1/cases/R130001/public-interest', { reason: 'High profile' })).status).toBe(403);
    expect((await as('aco.erin').post('/v1/cases/R130001/public-interest', { reason: ' ' })).status).toBe(400);
    const moved = await as('aco.erin').post('/v1/cases/R130001/public-interest', { reason: 'Very high profile: national press interest' });
    expect(moved.body).toMatchObject({ outcome: 'MOVED_TO_NPS', reason: 'Moves to the public service: exceptional public interest' });
    // Sent again with the same reason, it records nothing (200), and the case shows the reason and who authorised it.
    const again = await as('aco.erin').post('/v1/cases/R130001/public-interest', { reason: 'Very high profile: national press interest' });
    expect([again.status, again.body.outcome, again.body.revision]).toEqual([200, 'STAYS_WITH_NPS', moved.body.revision]);
    expect((await as('po.alice').get('/v1/cases/R130001')).body.publicInterest).toEqual({
      reason: 'Very high profile: national press interest',
      authorisedBy: 'aco.erin',
    });
    const feed = (await as('crc07').get('/v1/feed?limit=1000')).body.events.filter((event: { crn: string }) => event.crn === 'R130001');
    expect(feed.map((event: { type: string }) => event.type)).toEqual(['case.allocated', 'sentence.recorded', 'case.transferred']);
    const withInterest = { exceptionalPublicInterest: true, publicInterestReason: 'Very high profile' };
    expect((await as('po.alice').post('/v1/cases', allocation('R130002', withInterest))).status).toBe(403);
    expect((await as('aco.erin').post('/v1/cases', allocation('R130002', { exceptionalPublicInterest: true }))).body.code).toBe(
      'PUBLIC_INTEREST_REASON_REQUIRED',
    );
    // A reason without the public interest it gives would be dropped: refused, and nothing is recorded.
    const reasonAlone = await as('aco.erin').post(
      '/v1/cases',
      allocation('R130002', { ...withInterest, exceptionalPublicInterest: false }),
    );
    expect([reasonAlone.status, reasonAlone.body.errors]).toEqual([
      400,
      [expect.objectContaining({ field: 'publicInterestReason', message: expect.stringContaining('only with exceptionalPublicInterest') })],
    ]);
    expect((await as('aco.erin').get('/v1/cases/R130002')).status).toBe(404);
    expect((await as('aco.erin').post('/v1/cases', allocation('R130002', withInterest))).body).toMatchObject({
      allocatedTo: 'NPS',
      reason: 'Retained by the public service: exceptional public interest',
    });
  });

  it('keeps a case with its provider at HIGH RoSH only with an SPO and a reason, recorded on the decision', async () => {
    await as('po.alice').post('/v1/cases', allocation('R140001'));
    const { escalationId } = (await as('crc07').post('/v1/cases/R140001/escalations', escalation('r140-1'))).body;
    const retain = { outcome: 'RETAIN_WITH_PROVIDER', rationale: 'Manageable with weekly contact.', revisedRosh: 'HIGH' };
    const alone = await as('po.alice').post(`/v1/escalations/${escalationId}/decision`, retain);
    expect([alone.status, alone.body.code]).toEqual([422, 'HIGH_RISK_RETENTION_NEEDS_SPO']);
    const countersigned = await as('spo.carol').post(`/v1/escalations/${escalationId}/decision`, {
      ...retain,
      highRiskRetentionReason: 'Stable accommodation and a partner programme under way',
    });
    expect(countersigned.body).toMatchObject({ outcome: 'RETAIN_WITH_PROVIDER', managedBy: 'CRC07' });
    const decided = (await as('auditor.frank').get('/v1/cases/R140001/timeline')).body.events.find(
      (event: { type: string }) => event.type === 'escalation.decided',
    );
    expect(decided.data.highRiskRetention).toEqual({
      reason: 'Stable accommodation and a partner programme under way',
      countersignedBy: 'spo.carol',
    });
  });

  it('asks the provider for more information without closing the escalation, and keeps each side’s time apart', async () => {
    await as('po.alice').post('/v1/cases', allocation('R150001'));
    const knewAt = new Date(Date.now() - 26 * 3_600_000).toISOString();
    const posted = await as('crc07').post('/v1/cases/R150001/escalations', escalation('r150-1', { providerKnewAt: knewAt }));
    expect(posted.status).toBe(201);
    const { escalationId, dueAt } = posted.body;
    const future = await as('crc07').post(
      '/v1/cases/R150001/escalations',
      escalation('r150-2', { providerKnewAt: new Date(Date.now() + 3_600_000).toISOString() }),
    );
    expect([future.status, future.body.code]).toEqual([422, 'PROVIDER_KNEW_AT_IN_FUTURE']);

    await as('po.alice').post(`/v1/queue/${escalationId}/claim`);
    const asked = await as('po.alice').post(`/v1/escalations/${escalationId}/decision`, {
      outcome: 'MORE_INFORMATION_REQUIRED',
      rationale: 'Cannot weigh this without the victim liaison officer’s account.',
      questions: ['When did she last see him there?', 'Has she told the police?'],
    });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({
      escalationId,
      outcome: 'MORE_INFORMATION_REQUIRED',
      late: false,
      managedBy: 'CRC07',
      answerDueAt: expect.any(String),
    });
    const again = await as('po.alice').post(`/v1/escalations/${escalationId}/decision`, {
      outcome: 'MORE_INFORMATION_REQUIRED',
      rationale: 'And?',
    });
    expect([again.status, again.body.code]).toEqual([409, 'INFORMATION_ALREADY_REQUESTED']);

    // Out of the queue, listed as waiting on the provider; still open on the case, with its clock.
    const queued = async (awaiting = '') =>
      (await as('po.alice').get(`/v1/queue?limit=1000${awaiting}`)).body.items.map((item: { itemId: string }) => item.itemId);
    expect(await queued()).not.toContain(escalationId);
    expect(await queued('&awaiting=PROVIDER')).toContain(escalationId);
    const waitingCase = (await as('po.alice').get('/v1/cases/R150001')).body;
    const waitingRevision: number = waitingCase.revision;
    const waiting = waitingCase.items.find((item: { itemId: string }) => item.itemId === escalationId);
    expect(waiting).toMatchObject({ open: true, awaiting: 'PROVIDER', providerKnewAt: knewAt, decision: null });
    expect(waiting.clock.providerBeforeEscalatingMinutes).toBeGreaterThanOrEqual(26 * 60 - 1);

    // The provider is asked (never told who asked), answers once, and a retry of the same answer changes nothing.
    const feed = (await as('crc07').get('/v1/feed?limit=1000')).body.events.filter((event: { crn: string }) => event.crn === 'R150001');
    const question = feed.find((event: { type: string }) => event.type === 'escalation.information-requested');
    expect(question.data).toEqual({
      escalationId,
      questions: ['When did she last see him there?', 'Has she told the police?'],
      rationale: 'Cannot weigh this without the victim liaison officer’s account.',
      answerDueAt: asked.body.answerDueAt,
    });
    expect(JSON.stringify(question)).not.toMatch(/po\.alice/);
    const otherProvider = await as('crc11').post(`/v1/cases/R150001/escalations/${escalationId}/information`, {
      answer: 'x',
      answeredBy: 'y',
    });
    expect(otherProvider.status).toBe(404);
    const blank = await as('crc07').post(`/v1/cases/R150001/escalations/${escalationId}/information`, { answer: ' ', answeredBy: 'Jo' });
    expect(blank.status).toBe(400);
    const answer = { answer: 'Yesterday at 17:30; she reported it to the police (ref 4471).', answeredBy: 'Jo Bloggs, case manager' };
    const answered = await as('crc07').post(`/v1/cases/R150001/escalations/${escalationId}/information`, answer);
    expect(answered.status).toBe(201);
    expect(answered.body).toEqual({ escalationId, crn: 'R150001', dueAt: expect.any(String), late: false, revision: expect.any(Number) });
    expect(Date.parse(answered.body.dueAt)).toBeGreaterThanOrEqual(Date.parse(dueAt));
    const retried = await as('crc07').post(`/v1/cases/R150001/escalations/${escalationId}/information`, answer);
    expect([retried.status, retried.body]).toEqual([200, answered.body]);
    const unasked = await as('crc07').post(`/v1/cases/R150001/escalations/${escalationId}/information`, { ...answer, answer: 'More.' });
    expect([unasked.status, unasked.body.code]).toEqual([409, 'INFORMATION_NOT_REQUESTED']);

    // Back in the queue, held by the decider who asked; decided with the answer on record.
    expect(await queued()).toContain(escalationId);
    const provider = (await as('crc07').get('/v1/cases/R150001')).body.items.find(
      (item: { itemId: string }) => item.itemId === escalationId,
    );
    expect(provider.informationRequests).toEqual([
      {
        questions: ['When did she last see him there?', 'Has she told the police?'],
        rationale: 'Cannot weigh this without the victim liaison officer’s account.',
        askedAt: expect.any(String),
        answerDueAt: asked.body.answerDueAt,
        answer: { text: answer.answer, answeredBy: answer.answeredBy, answeredAt: expect.any(String), late: false },
      },
    ]);
    // Decided on the case as it was read before the answer came: the auditor sees what came after what was seen.
    const decision = {
      outcome: 'TRANSFER_TO_NPS',
      rationale: 'Loitering confirmed and reported to police: the public service takes the case.',
      revisedRosh: 'HIGH',
    };
    const beyond = await as('po.alice').post(`/v1/escalations/${escalationId}/decision`, { ...decision, seenRevision: 99 });
    expect([beyond.status, beyond.body.code]).toEqual([422, 'SEEN_REVISION_UNKNOWN']);
    const decided = await as('po.alice').post(`/v1/escalations/${escalationId}/decision`, { ...decision, seenRevision: waitingRevision });
    expect(decided.body).toMatchObject({ outcome: 'TRANSFER_TO_NPS', managedBy: 'NPS', late: false });
    const entries = (await as('auditor.frank').get('/v1/cases/R150001/timeline')).body.events;
    const decidedEntry = entries.find((event: { type: string }) => event.type === 'escalation.decided');
    expect(decidedEntry.data.seenRevision).toBe(waitingRevision);
    expect(decidedEntry.unseen).toEqual({
      seenRevision: waitingRevision,
      events: [{ revision: waitingRevision + 1, type: 'escalation.information-provided' }],
    });
    const timeline = entries.map((event: { type: string }) => event.type);
    expect(timeline).toEqual([
      'case.allocated',
      'escalation.requested',
      'item.claimed',
      'escalation.information-requested',
      'escalation.information-provided',
      'escalation.decided',
      'case.transferred-to-nps',
    ]);
    const validate = providerEventValidator();
    for (const { cursor: _cursor, ...event } of (await as('crc07').get('/v1/feed?limit=1000')).body.events)
      expect(validate(event)).toEqual([]);
  });

  it('closes a case: withdraws its open items, tells its provider, takes nothing more until a new sentence', async () => {
    await as('po.alice').post('/v1/cases', allocation('R160001'));
    const request = escalation('r160-1');
    const { escalationId } = (await as('crc07').post('/v1/cases/R160001/escalations', request)).body;
    await as('po.alice').post(`/v1/queue/${escalationId}/claim`);
    const today = new Date().toISOString().slice(0, 10);
    const vague = await as('po.alice').post('/v1/cases/R160001/closure', { reason: 'OTHER', closedOn: today });
    expect([vague.status, vague.body.code]).toEqual([422, 'CLOSURE_DETAILS_REQUIRED']);
    const early = await as('po.alice').post('/v1/cases/R160001/closure', { reason: 'SENTENCE_ENDED', closedOn: '2099-01-01' });
    expect([early.status, early.body.code]).toEqual([422, 'CLOSED_ON_IN_FUTURE']);
    expect((await as('crc07').post('/v1/cases/R160001/closure', { reason: 'SENTENCE_ENDED', closedOn: today })).status).toBe(403);

    const closure = { reason: 'SENTENCE_ENDED', closedOn: '2026-11-30' };
    const closed = await as('po.alice').post('/v1/cases/R160001/closure', closure);
    expect(closed.status).toBe(201);
    expect(closed.body).toEqual({
      crn: 'R160001',
      reason: 'SENTENCE_ENDED',
      closedOn: '2026-11-30',
      withdrawnItems: [escalationId],
      revision: 4,
    });
    expect(await as('po.alice').post('/v1/cases/R160001/closure', closure)).toMatchObject({ status: 200, body: closed.body });

    const queue = (await as('po.alice').get('/v1/queue?limit=1000')).body.items.map((item: { itemId: string }) => item.itemId);
    expect(queue).not.toContain(escalationId);
    const staff = (await as('po.alice').get('/v1/cases/R160001')).body;
    expect(staff.closure).toMatchObject({ reason: 'SENTENCE_ENDED', details: null, closedOn: '2026-11-30', closedBy: 'po.alice' });
    expect(staff.items[0]).toMatchObject({
      open: false,
      awaiting: null,
      claimedBy: null,
      withdrawn: { reason: 'The case closed: the sentence ended' },
    });
    const refused = await as('crc07').post('/v1/cases/R160001/escalations', escalation('r160-2'));
    expect([refused.status, refused.body.code]).toEqual([409, 'CASE_CLOSED']);
    expect((await as('crc07').post('/v1/cases/R160001/escalations', request)).status).toBe(200);
    const review = await as('po.alice').post('/v1/cases/R160001/rosh-reviews', {
      level: 'HIGH',
      assessor: 'po.alice',
      assessedOn: '2026-11-30',
      assessmentReference: 'OASYS-R160',
    });
    expect([review.status, review.body.code]).toEqual([409, 'CASE_CLOSED']);

    const feed = (await as('crc07').get('/v1/feed?limit=1000')).body.events.filter((event: { crn: string }) => event.crn === 'R160001');
    expect(feed.map((event: { type: string }) => event.type)).toEqual(['case.allocated', 'escalation.recorded', 'case.closed']);
    expect(feed[2].data).toEqual({ reason: 'SENTENCE_ENDED', details: null, closedOn: '2026-11-30', withdrawnItems: [escalationId] });
    const validate = providerEventValidator();
    for (const { cursor: _cursor, ...event } of feed) expect(validate(event)).toEqual([]);
    const providerView = (await as('crc07').get('/v1/cases/R160001')).body;
    expect(providerView).toMatchObject({ closure: { reason: 'SENTENCE_ENDED', closedOn: '2026-11-30' } });
    expect(providerView.items[0].open).toBe(false);

    // A new sentence opens the case again, as a new allocation assessment.
    const sentenced = await as('po.alice').post('/v1/cases/R160001/sentences', {
      sentence: { type: 'Community Order', lengthMonths: 12, offenceCategory: 'OTHER', requirements: ['Unpaid work (100 hours)'] },
    });
    expect(sentenced.status).toBe(201);
    expect((await as('po.alice').get('/v1/cases/R160001')).body.closure).toBeNull();
    expect((await as('crc07').post('/v1/cases/R160001/escalations', escalation('r160-3'))).status).toBe(201);
  });

  it('carries risk information both ways on a provider’s case: the provider’s officer acknowledges and reviews what it holds', async () => {
    await as('po.alice').post('/v1/cases', allocation('K180001'));
    const information = (summary: string, source = 'POLICE') => ({
      source,
      channel: 'Phone call',
      knownAt: new Date(Date.now() - 60_000).toISOString(),
      receivedBy: 'Duty officer',
      threat: false,
      summary,
    });
    // The public service records what the police told it: the provider's officer holds it.
    const fromPolice = await as('po.alice').post(
      '/v1/cases/K180001/risk-information',
      information('Arrested for a domestic incident, released.'),
    );
    expect(fromPolice.status).toBe(201);
    expect(fromPolice.body).toMatchObject({ heldBy: 'CRC07' });
    const held = fromPolice.body.riskInformationId;
    expect(
      (await as('po.alice').get('/v1/queue?kind=RISK_INFORMATION')).body.items.map((item: { itemId: string }) => item.itemId),
    ).not.toContain(held);
    expect((await as('po.alice').get('/v1/queue?awaiting=PROVIDER')).body.items).toContainEqual(
      expect.objectContaining({ itemId: held, kind: 'RISK_INFORMATION', crn: 'K180001' }),
    );
    // The provider acknowledges (once) and reviews it; the same acknowledgement again records nothing.
    const acknowledged = await as('crc07').post(`/v1/risk-information/${held}/acknowledgement`, {});
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({ riskInformationId: held, crn: 'K180001', late: false });
    const again = await as('crc07').post(`/v1/risk-information/${held}/acknowledgement`, {});
    expect(again.body.acknowledgedAt).toBe(acknowledged.body.acknowledgedAt);
    const reviewed = await as('crc07').post(`/v1/risk-information/${held}/review`, {
      outcome: 'PLAN_UPDATED',
      rationale: 'Weekly home visits added.',
    });
    expect(reviewed.status).toBe(201);
    // The provider records what it learned itself; it holds that too.
    const own = await as('crc07').post(
      '/v1/cases/K180001/risk-information',
      information('His sister says he has a knife at home.', 'PERSON'),
    );
    expect(own.body).toMatchObject({ heldBy: 'CRC07' });
    // What it was told: its feed has both records, the acknowledgement and the review with its reasons.
    const feed = (await as('crc07').get('/v1/feed?limit=1000')).body.events.filter((event: { crn: string }) => event.crn === 'K180001');
    expect(feed.map((event: { type: string }) => event.type)).toEqual([
      'case.allocated',
      'risk-information.recorded',
      'risk-information.acknowledged',
      'risk-information.reviewed',
      'risk-information.recorded',
    ]);
    expect(feed[1].data).toMatchObject({ recordedBy: 'NPS', heldBy: 'CRC07', source: 'POLICE' });
    expect(feed[1].data).not.toHaveProperty('receivedBy');
    expect(feed[3].data).toMatchObject({ outcome: 'PLAN_UPDATED', rationale: 'Weekly home visits added.' });
    const view = (await as('crc07').get('/v1/cases/K180001')).body;
    expect(view.riskInformation.map((entry: { riskInformationId: string }) => entry.riskInformationId)).toEqual([
      held,
      own.body.riskInformationId,
    ]);
    // Another provider meets neither the case nor its items, and a provider's item id never names the case.
    expect((await as('crc11').post(`/v1/risk-information/${held}/review`, { outcome: 'NO_CHANGE', rationale: 'x' })).body.code).toBe(
      'ITEM_NOT_FOUND',
    );
    expect((await as('crc11').post('/v1/cases/K180001/risk-information', information('x'))).status).toBe(404);
  });

  it('moves a case to another area when the receiving area accepts, and records a refusal with its reason', async () => {
    await as('po.alice').post('/v1/cases', allocation('R170001'));
    const { escalationId } = (await as('crc07').post('/v1/cases/R170001/escalations', escalation('r170-1'))).body;
    const same = await as('po.alice').post('/v1/cases/R170001/transfers', { toLdu: 'LDU-MAN-N', toProvider: 'CRC11', reason: 'x' });
    expect([same.status, same.body.code]).toEqual([422, 'TRANSFER_TO_SAME_AREA']);
    const unknown = await as('po.alice').post('/v1/cases/R170001/transfers', { toLdu: 'LDU-LDS-S', toProvider: 'CRC99', reason: 'x' });
    expect([unknown.status, unknown.body.code]).toEqual([422, 'UNKNOWN_PROVIDER']);

    // Refused first, with a reason: the case stays.
    const first = await as('po.alice').post('/v1/cases/R170001/transfers', {
      toLdu: 'LDU-LDS-S',
      toProvider: 'CRC11',
      reason: 'Moving to Leeds.',
    });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ transferId: expect.stringMatching(/^tr-/), crn: 'R170001', dueAt: expect.any(String), revision: 2 });
    const queued = (await as('po.bob').get('/v1/queue?kind=TRANSFER&limit=1000')).body.items.find(
      (item: { itemId: string }) => item.itemId === first.body.transferId,
    );
    expect(queued).toMatchObject({ kind: 'TRANSFER', crn: 'R170001', summary: expect.stringContaining('LDU-LDS-S') });
    const own = await as('po.alice').post(`/v1/transfers/${first.body.transferId}/decision`, { outcome: 'ACCEPTED', rationale: 'Mine.' });
    expect([own.status, own.body.code]).toEqual([422, 'TRANSFER_DECIDER_CONFLICT']);
    const refused = await as('po.bob').post(`/v1/transfers/${first.body.transferId}/decision`, {
      outcome: 'REFUSED',
      rationale: 'No verified address in Leeds yet.',
    });
    expect(refused.body).toMatchObject({ outcome: 'REFUSED', ldu: 'LDU-MAN-N', managedBy: 'CRC07', late: false });

    // Asked again and accepted: the case, its provider and its management move.
    const second = await as('po.alice').post('/v1/cases/R170001/transfers', {
      transferId: 'tr-r170-2',
      toLdu: 'LDU-LDS-S',
      toProvider: 'CRC11',
      reason: 'Address in Leeds verified by the police.',
    });
    expect(second.status).toBe(201);
    // A transfer id is the case's item for good: another case cannot take it.
    await as('po.alice').post('/v1/cases', allocation('R170002'));
    const reused = await as('po.alice').post('/v1/cases/R170002/transfers', {
      transferId: 'tr-r170-2',
      toLdu: 'LDU-LDS-S',
      toProvider: 'CRC11',
      reason: 'x',
    });
    expect([reused.status, reused.body.code]).toEqual([409, 'ITEM_ID_TAKEN']);
    const accepted = await as('spo.carol').post('/v1/transfers/tr-r170-2/decision', {
      outcome: 'ACCEPTED',
      rationale: 'A case manager is allocated.',
    });
    expect(accepted.body).toMatchObject({ transferId: 'tr-r170-2', outcome: 'ACCEPTED', ldu: 'LDU-LDS-S', managedBy: 'CRC11' });

    const staff = (await as('po.alice').get('/v1/cases/R170001')).body;
    expect(staff).toMatchObject({ ldu: 'LDU-LDS-S', provider: 'CRC11', managedBy: 'CRC11' });
    expect(staff.managementPeriods.map((period: { managedBy: string }) => period.managedBy)).toEqual(['CRC07', 'CRC11']);
    // CRC07 was told where the case went and keeps only its past; CRC11 meets the case as allocated to it.
    const feedOf = async (who: string) =>
      (await as(who).get('/v1/feed?limit=1000')).body.events.filter((event: { crn: string }) => event.crn === 'R170001');
    const crc07 = await feedOf('crc07');
    expect(crc07.map((event: { type: string }) => event.type)).toEqual(['case.allocated', 'escalation.recorded', 'case.moved-area']);
    expect(crc07[2].data).toEqual({ toLdu: 'LDU-LDS-S', to: 'CRC11', rationale: 'A case manager is allocated.' });
    const crc11 = await feedOf('crc11');
    expect(crc11.map((event: { type: string }) => event.type)).toEqual(['case.allocated']);
    expect(crc11[0].data).toMatchObject({
      ldu: 'LDU-LDS-S',
      rosh: 'MEDIUM',
      reason: expect.stringContaining('Transferred from LDU-MAN-N to LDU-LDS-S'),
    });
    const validate = providerEventValidator();
    for (const { cursor: _cursor, ...event } of [...crc07, ...crc11]) expect(validate(event)).toEqual([]);
    const refusedPost = await as('crc07').post('/v1/cases/R170001/escalations', escalation('r170-2'));
    expect([refusedPost.status, refusedPost.body.code]).toEqual([422, 'CASE_NOT_MANAGED_BY_PROVIDER']);
    expect((await as('crc11').post('/v1/cases/R170001/escalations', escalation('r170-3'))).status).toBe(201);
    const crc11View = (await as('crc11').get('/v1/cases/R170001')).body;
    expect(crc11View.items.map((item: { requestId: string }) => item.requestId)).toEqual(['r170-3']);
    expect(JSON.stringify(crc11View)).not.toContain(escalationId);
    // CRC07's escalation, still open, followed the case to its new area in the queue.
    const leedsQueue = (await as('po.bob').get('/v1/queue?ldu=LDU-LDS-S&limit=1000')).body.items.map(
      (item: { itemId: string }) => item.itemId,
    );
    expect(leedsQueue).toContain(escalationId);
    // requestIds are each provider's own: CRC11 may use the one CRC07 used on this case.
    const sameId = await as('crc11').post('/v1/cases/R170001/escalations', escalation('r170-1'));
    expect(sameId.status).toBe(201);
    expect(sameId.body.escalationId).not.toBe(escalationId);
  });

  it('walks the whole path: IMMEDIATE escalation tops the queue, is claimed, transferred; the provider sees it and can post no more', async () => {
    await as('po.alice').post('/v1/cases', allocation('B200001'));
    await as('crc07').post('/v1/cases/B200001/escalations', escalation('b-routine'));
    const posted = await as('crc07').post(
      '/v1/cases/B200001/escalations',
      escalation('b-immediate', { urgency: 'IMMEDIATE', triggers: ['THREAT_DISCLOSED'] }),
    );
    expect(posted.status).toBe(201);
    const { escalationId } = posted.body;
    expect(posted.body).toEqual({ escalationId, crn: 'B200001', dueAt: expect.any(String), revision: 2 });
    expect(Date.parse(posted.body.dueAt) - Date.now()).toBeGreaterThan(1.9 * 3_600_000);

    const queue = await as('po.alice').get('/v1/queue');
    expect(queue.body.items[0]).toMatchObject({
      itemId: escalationId,
      kind: 'ESCALATION',
      crn: 'B200001',
      overdue: false,
      claimedBy: null,
    });

    expect((await as('po.alice').post(`/v1/queue/${escalationId}/claim`)).body).toMatchObject({ claimedBy: 'po.alice' });
    expect((await as('po.bob').post(`/v1/queue/${escalationId}/claim`)).status).toBe(409);
    expect((await as('po.bob').post(`/v1/queue/${escalationId}/release`)).status).toBe(409);
    expect((await as('po.alice').post(`/v1/queue/${escalationId}/release`)).body).toMatchObject({ claimedBy: null });
    expect((await as('po.alice').post(`/v1/queue/${escalationId}/claim`)).body).toMatchObject({ claimedBy: 'po.alice' });
    expect(
      (await as('po.alice').get('/v1/queue')).body.items.find((item: { itemId: string }) => item.itemId === escalationId).claimedBy,
    ).toBe('po.alice');

    const decided = await as('po.alice').post(`/v1/escalations/${escalationId}/decision`, {
      outcome: 'TRANSFER_TO_NPS',
      rationale: 'Threats to a named victim: the public service takes the case.',
      revisedRosh: 'HIGH',
    });
    expect(decided.status).toBe(201);
    expect(decided.body).toMatchObject({ escalationId, outcome: 'TRANSFER_TO_NPS', late: false, managedBy: 'NPS' });

    const feed = await as('crc07').get('/v1/feed?limit=1000');
    const ofCase = () => feed.body.events.filter((event: { crn: string }) => event.crn === 'B200001');
    // Provider events: its requests as recorded and the decision that moved the case; no claims or releases.
    expect(ofCase().map((event: { type: string }) => event.type)).toEqual([
      'case.allocated',
      'escalation.recorded',
      'escalation.recorded',
      'escalation.decided',
      'case.transferred',
    ]);
    const decision = ofCase().find((event: { type: string }) => event.type === 'escalation.decided');
    expect(decision).toEqual({
      cursor: expect.stringMatching(/^p\d+$/),
      id: expect.any(String),
      type: 'escalation.decided',
      version: 1,
      crn: 'B200001',
      occurredAt: expect.any(String),
      data: {
        escalationId,
        outcome: 'TRANSFER_TO_NPS',
        rationale: 'Threats to a named victim: the public service takes the case.',
        advice: null,
        revisedRosh: 'HIGH',
        dueAt: posted.body.dueAt,
        late: false,
      },
    });
    const validate = providerEventValidator();
    for (const { cursor: _cursor, ...event } of feed.body.events) expect(validate(event)).toEqual([]);
    expect(JSON.stringify(ofCase())).not.toMatch(/po\.alice|requestFingerprint|"position"|"revision"/);

    const refused = await as('crc07').post('/v1/cases/B200001/escalations', escalation('b-after-transfer'));
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'CASE_NOT_MANAGED_BY_PROVIDER' });
    expect((await as('po.alice').get('/v1/queue')).body.items.map((item: { itemId: string }) => item.itemId)).not.toContain(escalationId);
    const afterTransfer = (await as('crc07').get('/v1/cases/B200001')).body;
    expect(afterTransfer).toMatchObject({ managedBy: 'NPS', rosh: 'HIGH', transferredAt: expect.any(String), recallAdvice: [] });
    expect(afterTransfer.items.map((item: { requestId: string; open: boolean }) => [item.requestId, item.open])).toEqual([
      ['b-routine', true],
      ['b-immediate', false],
    ]);

    // What the public service records after the move stays with it: a decision on the provider's other
    // escalation, recall advice drafted, countersigned and issued.
    const routineId = afterTransfer.items[0].escalationId;
    await as('po.bob').post(`/v1/escalations/${routineId}/decision`, { outcome: 'RETAIN_WITH_PROVIDER', rationale: 'Superseded.' });
    const { recallAdviceId } = (
      await as('po.alice').post('/v1/cases/B200001/recall-advice', {
        recallType: 'STANDARD',
        emergency: true,
        rationale: 'Threats renewed after the transfer.',
        basedOn: [escalationId],
        fixedTermExclusion: { reason: 'RISK_OF_SERIOUS_HARM', details: 'Threats to a named victim renewed.' },
      })
    ).body;
    await as('spo.carol').post(`/v1/recall-advice/${recallAdviceId}/countersign`, { rationale: 'SPO agrees.' });
    expect((await as('aco.erin').post(`/v1/recall-advice/${recallAdviceId}/countersign`, { rationale: 'ACO agrees.' })).body).toMatchObject(
      {
        status: 'ISSUED',
      },
    );
    const later = (await as('crc07').get(`/v1/feed?after=${feed.body.next}&limit=1000`)).body.events;
    expect(later.filter((event: { crn: string }) => event.crn === 'B200001')).toEqual([]);
    expect((await as('crc07').get('/v1/cases/B200001')).body).toEqual(afterTransfer);
  });

  it('keeps a case the public service kept from the start from every provider, and logs what providers were shown', async () => {
    await as('po.alice').post('/v1/cases', allocation('K900001', { rosh: 'VERY_HIGH' }));
    await as('po.alice').post('/v1/cases', allocation('K900002'));
    const crc07 = as('crc07');
    // Exactly as for a case that does not exist.
    const kept = await crc07.get('/v1/cases/K900001');
    const missing = await crc07.get('/v1/cases/K999999');
    expect(kept.status).toBe(404);
    expect(kept.body.detail).toBe(missing.body.detail.replace('K999999', 'K900001'));
    expect((await crc07.post('/v1/cases/K900001/escalations', escalation('k-1'))).body).toMatchObject({
      status: 404,
      code: 'CASE_NOT_FOUND',
    });
    const start = (await crc07.get('/v1/feed?limit=1000')).body;
    expect(start.events.filter((event: { crn: string }) => event.crn === 'K900001')).toEqual([]);

    // Every disclosure is recorded: the read (also in the case's access log) and the feed page, naming its events.
    expect((await crc07.get('/v1/cases/K900002')).status).toBe(200);
    const reads = (await as('auditor.frank').get('/v1/cases/K900002/access-log')).body.reads;
    expect(reads.map((read: { actor: { id: string }; view: string }) => [read.actor.id, read.view])).toEqual([
      ['crc07', 'case'],
      ['auditor.frank', 'access-log'],
    ]);
    const auditor = as('auditor.frank');
    const listed = await auditor.get('/v1/audit/disclosures?provider=CRC07&crn=K900002');
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ page: 1, total: 2 });
    const [read, page] = listed.body.entries;
    expect(read).toMatchObject({
      provider: 'CRC07',
      channel: 'case-read',
      crns: ['K900002'],
      actor: { id: 'crc07' },
      detail: { view: 'case' },
    });
    // What the read showed: the provider events its answer was made of.
    expect(read.events).toEqual([
      { id: expect.any(String), crn: 'K900002', type: 'case.allocated', cursor: expect.stringMatching(/^p\d+$/) },
    ]);
    expect(page).toMatchObject({ channel: 'feed-page', detail: { after: 'p0', next: start.next } });
    expect(page.events).toEqual(
      expect.arrayContaining([{ id: expect.any(String), crn: 'K900002', type: 'case.allocated', cursor: expect.stringMatching(/^p\d+$/) }]),
    );
    expect(page.events).toHaveLength(start.events.length);
    expect((await auditor.get('/v1/audit/disclosures?crn=K900001')).body.total).toBe(0);
    // An empty poll discloses nothing and is not recorded; the provider's own reads never change the case.
    const disclosedBefore = (await auditor.get('/v1/audit/disclosures?provider=CRC07')).body.total;
    expect((await crc07.get(`/v1/feed?after=${start.next}`)).body.events).toEqual([]);
    expect((await auditor.get('/v1/audit/disclosures?provider=CRC07')).body.total).toBe(disclosedBefore);
    expect((await as('po.alice').get('/v1/cases/K900002')).body.revision).toBe(0);
    const csv = await fetch(`${hub.baseUrl}/v1/audit/disclosures?crn=K900002&format=csv`, {
      headers: { authorization: `Bearer ${tokens['auditor.frank']}` },
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).trim().split('\r\n')).toHaveLength(3);
    for (const who of ['crc07', 'po.alice', 'spo.carol', 'aco.erin']) expect((await as(who).get('/v1/audit/disclosures')).status).toBe(403);
    expect((await auditor.get('/v1/audit/disclosures?from=yesterday')).body.errors[0].field).toBe('from');
  });

  it('issues recall advice only after an SPO and then an ACO countersign', async () => {
    await as('po.alice').post('/v1/cases', allocation('C300001'));
    const pack = await as('crc07').post('/v1/cases/C300001/breach-packs', breachPack('c-bp-1'));
    expect(pack.status).toBe(201);
    const { breachPackId } = pack.body;
    expect((await as('po.alice').get('/v1/queue?kind=BREACH_PACK')).body.items.map((item: { itemId: string }) => item.itemId)).toContain(
      breachPackId,
    );
    expect(
      (await as('po.alice').post(`/v1/breach-packs/${breachPackId}/decision`, { outcome: 'RECALL', rationale: 'Breach established.' }))
        .status,
    ).toBe(201);
    expect(
      (await as('po.bob').post(`/v1/breach-packs/${breachPackId}/decision`, { outcome: 'WARNING', rationale: 'Second opinion.' })).status,
    ).toBe(409);

    expect(
      (
        await as('po.alice').post('/v1/cases/C300001/recall-advice', {
          recallType: 'FIXED_TERM',
          emergency: false,
          rationale: 'Cannot be managed in the community.',
          basedOn: ['esc-unknown'],
        })
      ).status,
    ).toBe(422);
    const terms = { recallType: 'FIXED_TERM', emergency: false, rationale: 'Cannot be managed in the community.', basedOn: [breachPackId] };
    const drafted = await as('po.alice').post('/v1/cases/C300001/recall-advice', { ...terms, recallAdviceId: 'ra-c3-first' });
    expect([drafted.status, drafted.body.status]).toEqual([201, 'AWAITING_SPO']);
    const { recallAdviceId } = drafted.body;
    // Sent again with its id (a retry), it records nothing; the same id with other terms is refused, not dropped.
    const resent = await as('po.alice').post('/v1/cases/C300001/recall-advice', { ...terms, recallAdviceId });
    expect([resent.status, resent.body]).toEqual([200, drafted.body]);
    const changed = await as('po.alice').post('/v1/cases/C300001/recall-advice', { ...terms, emergency: true, recallAdviceId });
    expect([changed.status, changed.body.code]).toEqual([409, 'ITEM_ID_TAKEN']);
    const countersign = (who: string, rationale = 'Agreed.') =>
      as(who).post(`/v1/recall-advice/${recallAdviceId}/countersign`, { rationale });

    expect((await as('po.alice').get('/v1/queue?kind=RECALL_COUNTERSIGN')).body.items).toEqual([
      expect.objectContaining({ itemId: recallAdviceId, summary: expect.stringContaining('awaiting SPO') }),
    ]);
    // Its author cannot claim it (and so cannot block it); the SPO can.
    expect((await as('po.alice').post(`/v1/queue/${recallAdviceId}/claim`)).status).toBe(422);
    expect((await as('spo.carol').post(`/v1/queue/${recallAdviceId}/claim`)).body).toMatchObject({ claimedBy: 'spo.carol' });
    expect((await countersign('po.alice')).status).toBe(403);
    expect((await countersign('aco.erin')).body).toMatchObject({ status: 422, code: 'COUNTERSIGNATURE_OUT_OF_ORDER' });
    expect((await countersign('spo.carol', '  ')).status).toBe(400);
    expect((await countersign('spo.carol')).body).toMatchObject({ recallAdviceId, status: 'AWAITING_ACO' });
    const beforeAco = (await as('crc07').get('/v1/feed?limit=1000')).body.events.map((event: { type: string }) => event.type);
    expect(beforeAco).not.toContain('recall-advice.issued');
    expect((await countersign('aco.erin', 'Approved for issue.')).body).toMatchObject({ recallAdviceId, status: 'ISSUED' });
    expect((await countersign('aco.erin')).status).toBe(409);

    const issued = (await as('crc07').get('/v1/feed?limit=1000')).body.events.find(
      (event: { type: string }) => event.type === 'recall-advice.issued',
    );
    expect(issued).toMatchObject({
      crn: 'C300001',
      data: {
        recallAdviceId,
        recallType: 'FIXED_TERM',
        emergency: false,
        rationale: 'Cannot be managed in the community.',
        basedOn: [breachPackId],
      },
    });
    // The provider's answers count only what it was shown: allocation, its pack, the decision, the issued advice.
    const later = await as('crc07').post('/v1/cases/C300001/escalations', escalation('c-after-recall'));
    expect(later.body.revision).toBe(4);
    expect((await as('crc07').post('/v1/cases/C300001/escalations', escalation('c-after-recall'))).body).toEqual(later.body);
    expect((await as('po.alice').get('/v1/cases/C300001')).body.revision).toBeGreaterThan(6);
    // Issued advice only: no draft, no countersignature, nobody's name.
    const feedText = JSON.stringify((await as('crc07').get('/v1/feed?limit=1000')).body);
    expect(feedText).not.toMatch(/recall-advice\.drafted|countersigned|Approved for issue|spo\.carol|aco\.erin/);
  });

  it('answers a retried requestId with the original result, also when sent concurrently, and refuses a changed body', async () => {
    await as('po.alice').post('/v1/cases', allocation('D400001'));
    const body = escalation('d-req-1');
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => as('crc07').post('/v1/cases/D400001/escalations', body)));
    expect(results.map((result) => result.status).sort()).toEqual([200, 200, 200, 200, 201]);
    results.forEach((result) => expect(result.body).toEqual(results[0].body));
    const reordered = {
      summary: body.summary,
      triggers: body.triggers,
      urgency: body.urgency,
      proposedRosh: body.proposedRosh,
      raisedBy: body.raisedBy,
      requestId: body.requestId,
    };
    expect((await as('crc07').post('/v1/cases/D400001/escalations', reordered)).status).toBe(200);
    const changed = await as('crc07').post('/v1/cases/D400001/escalations', { ...body, summary: 'Something else' });
    expect(changed.status).toBe(409);
    expect(changed.body.code).toBe('REQUEST_ID_REUSED');
    await as('po.alice').post('/v1/cases', allocation('D400002'));
    expect((await as('crc07').post('/v1/cases/D400002/escalations', body)).status).toBe(409);
    // One requestId sent to several cases at once: exactly one case takes it.
    const crns = ['D400010', 'D400011', 'D400012', 'D400013', 'D400014'];
    for (const crn of crns) await as('po.alice').post('/v1/cases', allocation(crn));
    const racing = await Promise.all(crns.map((crn) => as('crc07').post(`/v1/cases/${crn}/escalations`, escalation('d-shared'))));
    expect(racing.map((result) => result.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const winner = crns[racing.findIndex((result) => result.status === 201)];
    expect((await as('crc07').post(`/v1/cases/${winner}/escalations`, escalation('d-shared'))).status).toBe(200);
    const view = await as('po.alice').get('/v1/cases/D400001');
    expect(view.body.items).toHaveLength(1);
    expect(view.body.revision).toBe(1);
  });

  it('refuses hostile or ambiguous input with 400 and records nothing, not even a requestId', async () => {
    await as('po.alice').post('/v1/cases', allocation('D410001'));
    await as('po.alice').post('/v1/cases', allocation('D410002'));
    const timelineOf = async (crn: string) => (await as('auditor.frank').get(`/v1/cases/${crn}/timeline`)).body.events.length;
    const fieldsRefused = async (path: string, body: object, who = 'crc07') => {
      const answer = await as(who).post(path, body);
      expect({ path, body, status: answer.status }).toMatchObject({ status: 400 });
      return answer.body.errors.map((error: { field: string }) => error.field);
    };
    // Nested arrays where objects belong: refused by validation, not a 500, and the requestId stays free.
    const pack = breachPack('d-nested');
    const packWith = (failures: unknown) => ({ ...pack, failures });
    expect(
      await fieldsRefused('/v1/cases/D410001/breach-packs', packWith([[{ date: '2026-10-01', description: 'Did not attend' }]])),
    ).toEqual(['failures']);
    expect(await fieldsRefused('/v1/cases/D410001/breach-packs', packWith([[]]))).toEqual(['failures']);
    expect((await as('crc07').post('/v1/cases/D410002/breach-packs', pack)).status).toBe(201);
    // Text that reads differently from what is stored, or is not Unicode at all.
    for (const raisedBy of ['Jo\u0000Bloggs', 'Jo \u202eBloggs', 'Jo\u200bBloggs', 'Jo \ud800Bloggs', 'Jo\nBloggs', '   ']) {
      expect(await fieldsRefused('/v1/cases/D410001/escalations', escalation('d-text', { raisedBy }))).toEqual(['raisedBy']);
    }
    expect(await fieldsRefused('/v1/cases/D410001/escalations', escalation('d-text', { summary: 'Seen \u2066here' }))).toEqual(['summary']);
    const plain = await as('crc07').post('/v1/cases/D410001/escalations', escalation('d-text', { summary: 'Line one\nline two\tand 👩‍👧' }));
    expect(plain.status).toBe(201);
    // Identifiers have strict shapes; a provider code must be one the hub knows.
    for (const ldu of ['', '   ', 'ldu-man-n', 'LDU MAN', 'LDU\u200b']) {
      expect(await fieldsRefused('/v1/cases', allocation('D410003', { ldu }), 'po.alice')).toEqual(['ldu']);
    }
    expect(
      await fieldsRefused(
        '/v1/cases',
        allocation('D410003', { sentence: { type: ' ', lengthMonths: 12, offenceCategory: 'OTHER' } }),
        'po.alice',
      ),
    ).toEqual(['sentence.type']);
    const unknownProvider = await as('po.alice').post('/v1/cases', allocation('D410003', { provider: 'CRC99' }));
    expect(unknownProvider.status).toBe(422);
    expect(unknownProvider.body.code).toBe('UNKNOWN_PROVIDER');
    expect((await as('po.alice').get('/v1/cases/D410003')).status).toBe(404);
    expect(await timelineOf('D410001')).toBe(2);
  });

  it('refuses a lone surrogate in any text of any request with 400 naming the field, stores nothing and logs no error', async () => {
    // JSON's "\ud800" escape is the only way to send one (UTF-8 cannot encode it), and RFC 8785 cannot hash one: the
    // store would refuse the event, so the request must be refused first, as the sender's mistake.
    await as('po.alice').post('/v1/cases', allocation('D420001'));
    const { escalationId } = (await as('crc07').post('/v1/cases/D420001/escalations', escalation('l-1'))).body;
    const { breachPackId } = (await as('crc07').post('/v1/cases/D420001/breach-packs', breachPack('l-2'))).body;
    const { recallAdviceId } = (
      await as('po.alice').post('/v1/cases/D420001/recall-advice', {
        recallType: 'STANDARD',
        emergency: false,
        rationale: 'r',
        basedOn: [breachPackId],
        fixedTermExclusion: { reason: 'OTHER', details: 'd' },
      })
    ).body;
    expect([escalationId, breachPackId, recallAdviceId]).toEqual([expect.any(String), expect.any(String), expect.any(String)]);
    const eventsBefore = (await as('auditor.frank').get('/v1/cases/D420001/timeline')).body.events.length;
    const outputBefore = hub.output().length;
    const decision = { outcome: 'RETAIN_WITH_PROVIDER', rationale: 'Manageable.', advice: 'Weekly reporting.' };
    const attempts: [string, string, string, (text: string) => object][] = [
      [
        'po.alice',
        '/v1/cases',
        'sentence.type',
        (type) => allocation('D420002', { sentence: { type, lengthMonths: 12, offenceCategory: 'OTHER' } }),
      ],
      ['crc07', '/v1/cases/D420001/escalations', 'raisedBy', (raisedBy) => escalation('l-3', { raisedBy })],
      ['crc07', '/v1/cases/D420001/escalations', 'summary', (summary) => escalation('l-3', { summary })],
      ['crc07', '/v1/cases/D420001/breach-packs', 'requirement', (requirement) => ({ ...breachPack('l-4'), requirement })],
      [
        'crc07',
        '/v1/cases/D420001/breach-packs',
        'failures.0.description',
        (description) => ({ ...breachPack('l-4'), failures: [{ date: '2026-10-01', description }] }),
      ],
      ['crc07', '/v1/cases/D420001/breach-packs', 'summary', (summary) => ({ ...breachPack('l-4'), summary })],
      ['po.alice', `/v1/escalations/${escalationId}/decision`, 'rationale', (rationale) => ({ ...decision, rationale })],
      ['po.alice', `/v1/escalations/${escalationId}/decision`, 'advice', (advice) => ({ ...decision, advice })],
      ['po.alice', `/v1/breach-packs/${breachPackId}/decision`, 'rationale', (rationale) => ({ outcome: 'RECALL', rationale })],
      [
        'po.alice',
        '/v1/cases/D420001/recall-advice',
        'rationale',
        (rationale) => ({ recallType: 'FIXED_TERM', emergency: true, rationale, basedOn: [escalationId] }),
      ],
      ['spo.carol', `/v1/recall-advice/${recallAdviceId}/countersign`, 'rationale', (rationale) => ({ rationale })],
    ];
    for (const [who, path, field, bodyWith] of attempts) {
      for (const text of ['Seen \ud800 there', '\udc00Seen', 'Seen\udbff']) {
        const answer = await as(who).post(path, bodyWith(text));
        expect({ path, field, text, status: answer.status, contentType: answer.contentType }).toEqual({
          path,
          field,
          text,
          status: 400,
          contentType: expect.stringContaining('application/problem+json'),
        });
        expect(answer.body.errors.map((error: { field: string }) => error.field)).toEqual([field]);
      }
    }
    // A lone surrogate in a key is a field nobody defined.
    const key = await as('crc07').post('/v1/cases/D420001/escalations', { ...escalation('l-5'), 'note\ud800': 'x' });
    expect({ status: key.status, fields: key.body.errors.map((error: { field: string }) => error.field) }).toEqual({
      status: 400,
      fields: ['note\ud800'],
    });
    expect((await as('auditor.frank').get('/v1/cases/D420001/timeline')).body.events.length).toBe(eventsBefore);
    expect((await as('po.alice').get('/v1/cases/D420002')).status).toBe(404);
    // Refused at the edge as the sender's mistake: neither a server error nor the store's own refusal was logged.
    const logged = hub.output().slice(outputBefore);
    expect(logged).not.toContain('"level":"error"');
    expect(logged).not.toContain('lone surrogate');
  });

  it('lets exactly one of two racing decisions through', async () => {
    await as('po.alice').post('/v1/cases', allocation('E500001'));
    const { escalationId } = (await as('crc07').post('/v1/cases/E500001/escalations', escalation('e-1'))).body;
    const [first, second] = await Promise.all([
      as('po.alice').post(`/v1/escalations/${escalationId}/decision`, {
        outcome: 'RETAIN_WITH_PROVIDER',
        rationale: 'Manageable with weekly reporting.',
      }),
      as('po.bob').post(`/v1/escalations/${escalationId}/decision`, { outcome: 'TRANSFER_TO_NPS', rationale: 'Too risky.' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    // Only the winner's decision is recorded: a transfer adds the case's move to the public service.
    const transferred = second.status === 201;
    const timeline = await as('auditor.frank').get('/v1/cases/E500001/timeline');
    expect(timeline.body.events.map((event: { type: string }) => event.type)).toEqual([
      'case.allocated',
      'escalation.requested',
      'escalation.decided',
      ...(transferred ? ['case.transferred-to-nps'] : []),
    ]);
    expect(timeline.body.events[2].data.outcome).toBe(transferred ? 'TRANSFER_TO_NPS' : 'RETAIN_WITH_PROVIDER');
  });

  it('keeps providers to their own cases: another provider’s case is 404, never 403', async () => {
    await as('po.alice').post('/v1/cases', allocation('F600001'));
    const other = as('crc11');
    expect((await other.get('/v1/cases/F600001')).status).toBe(404);
    expect((await other.get('/v1/cases/Z999999')).status).toBe(404);
    expect((await other.post('/v1/cases/F600001/escalations', escalation('f-1'))).status).toBe(404);
    expect((await other.post('/v1/cases/F600001/breach-packs', breachPack('f-2'))).status).toBe(404);
    const feed = await other.get('/v1/feed?limit=1000');
    expect(feed.body.events.filter((event: { crn: string }) => event.crn === 'F600001')).toEqual([]);
    expect((await as('crc07').get('/v1/cases/F600001')).status).toBe(200);
    expect(
      (await as('auditor.frank').post('/v1/escalations/whatever/decision', { outcome: 'RETAIN_WITH_PROVIDER', rationale: 'x' })).status,
    ).toBe(403);
  });

  it('pages the provider feed with a resumable cursor', async () => {
    const client = as('crc07');
    const all = (await client.get('/v1/feed?limit=1000')).body.events;
    const paged: string[] = [];
    let cursor = '0';
    for (;;) {
      const page = await client.get(`/v1/feed?after=${cursor}&limit=3`);
      paged.push(...page.body.events.map((event: { cursor: string }) => event.cursor));
      if (page.body.events.length === 0) break;
      cursor = page.body.next;
    }
    expect(paged).toEqual(all.map((event: { cursor: string }) => event.cursor));
    expect((await client.get(`/v1/feed?after=${cursor}`)).body).toEqual({ events: [], next: cursor });
    expect((await client.get('/v1/feed?after=-1')).status).toBe(400);
    expect((await as('po.alice').get('/v1/feed')).status).toBe(403);
  });

  const headPosition = async () =>
    Number(/^hub_event_store_head_position (\d+)/m.exec(await (await fetch(`${hub.baseUrl}/metrics`)).text())?.[1]);

  it('rejects bad input with problem+json naming each field, and stores nothing', async () => {
    const before = await headPosition();
    const invalid = await as('crc07').post('/v1/cases/A100002/escalations', {
      requestId: 'g-1',
      raisedBy: '',
      proposedRosh: 'EXTREME',
      urgency: 'SOON',
      triggers: ['GOSSIP'],
      summary: 'x'.repeat(10_001),
      extra: true,
    });
    expect(invalid.status).toBe(400);
    expect(invalid.contentType).toContain('application/problem+json');
    expect(invalid.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'extra',
      'proposedRosh',
      'raisedBy',
      'summary',
      'triggers',
      'urgency',
    ]);
    expect((await as('po.alice').post('/v1/cases', { crn: 'X1' })).status).toBe(400);
    expect((await clientFor(hub.baseUrl).get('/v1/queue')).status).toBe(401);
    expect((await clientFor(hub.baseUrl, 'ehub_not-a-real-token').get('/v1/queue')).status).toBe(401);
    expect((await as('po.alice').get('/v1/queue?kind=PARCEL')).status).toBe(400);
    expect(
      (await as('po.alice').post('/v1/escalations/esc-unknown/decision', { outcome: 'RETAIN_WITH_PROVIDER', rationale: 'x' })).status,
    ).toBe(404);
    expect(
      (
        await as('po.alice').post('/v1/cases/A100002/recall-advice', {
          recallType: 'SOMETIMES',
          emergency: false,
          rationale: 'r',
          basedOn: [],
        })
      ).status,
    ).toBe(400);
    // Refusals by the rules store nothing either.
    expect((await as('po.alice').post('/v1/cases', allocation('A100002'))).status).toBe(409);
    expect((await as('crc07').post('/v1/cases/A100001/escalations', escalation('g-2'))).status).toBe(404);
    expect(
      (
        await as('po.alice').post('/v1/cases/A100002/recall-advice', {
          recallType: 'STANDARD',
          emergency: false,
          rationale: 'r',
          basedOn: ['esc-nope'],
        })
      ).status,
    ).toBe(422);
    // A community order is enforced in court, never by recall.
    const recallOnAnOrder = await as('po.alice').post('/v1/cases/A100002/recall-advice', {
      recallType: 'FIXED_TERM',
      emergency: false,
      rationale: 'r',
      basedOn: [],
    });
    expect([recallOnAnOrder.status, recallOnAnOrder.body.code]).toEqual([422, 'RECALL_NOT_AVAILABLE']);
    expect(await headPosition()).toBe(before);
  });

  it('filters the queue by kind, LDU and provider', async () => {
    await as('po.alice').post('/v1/cases', allocation('H700001', { ldu: 'LDU-SALFORD' }));
    await as('crc07').post('/v1/cases/H700001/breach-packs', breachPack('h-1'));
    const items = (await as('po.alice').get('/v1/queue?kind=BREACH_PACK&ldu=LDU-SALFORD&provider=CRC07')).body.items;
    expect(items.map((item: { crn: string }) => item.crn)).toEqual(['H700001']);
    expect((await as('po.alice').get('/v1/queue?provider=CRC99')).body.items).toEqual([]);
  });

  it('publishes its OpenAPI description and a browsable page', async () => {
    const document = (await clientFor(hub.baseUrl).get('/v1/openapi.json')).body;
    for (const path of [
      '/v1/cases',
      '/v1/cases/{crn}',
      '/v1/cases/{crn}/escalations',
      '/v1/cases/{crn}/breach-packs',
      '/v1/cases/{crn}/recall-advice',
      '/v1/feed',
      '/v1/queue',
      '/v1/queue/{itemId}/claim',
      '/v1/queue/{itemId}/release',
      '/v1/escalations/{escalationId}/decision',
      '/v1/breach-packs/{breachPackId}/decision',
      '/v1/recall-advice/{recallAdviceId}/countersign',
      '/v1/cases/{crn}/timeline',
      '/v1/cases/{crn}/state',
      '/v1/cases/{crn}/verify',
      '/v1/cases/{crn}/access-log',
      '/v1/audit/reports/late-decisions',
      '/v1/audit/disclosures',
    ]) {
      expect(document.paths).toHaveProperty([path]);
    }
    expect(document.components.schemas.RequestEscalationDto.required).toEqual(
      expect.arrayContaining(['requestId', 'urgency', 'triggers', 'summary']),
    );
    // Every operation says what it answers; a guarded one, what the guard refuses; one that reads input, what it refuses.
    type Operation = {
      security?: unknown[];
      requestBody?: unknown;
      parameters?: { in: string }[];
      responses: Record<string, { description: string }>;
    };
    const operations = Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, ...operation })),
    );
    const missing = (operation: Operation, statuses: string[]) => statuses.filter((status) => !operation.responses[status]?.description);
    const gaps = operations.flatMap((operation) => {
      const statuses = [
        ...(operation.security?.length ? ['401', '403'] : []),
        // The public key's one parameter never refuses: any format but pem gives the JSON.
        ...((operation.requestBody || operation.parameters?.some((parameter) => parameter.in === 'query')) &&
        operation.name !== 'GET /v1/audit/public-key'
          ? ['400']
          : []),
      ];
      const absent = Object.keys(operation.responses).length === 0 ? ['any'] : missing(operation, statuses);
      return absent.length ? [`${operation.name}: ${absent.join(', ')}`] : [];
    });
    expect(operations.length).toBeGreaterThan(40);
    expect(gaps).toEqual([]);
    const page = await fetch(`${hub.baseUrl}/v1/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    // Answers with personal data are never kept by a cache, nor sniffed as another type.
    for (const answer of [
      await fetch(`${hub.baseUrl}/v1/cases/A100001`, { headers: { authorization: `Bearer ${tokens['po.alice']}` } }),
      await fetch(`${hub.baseUrl}/v1/queue`),
    ]) {
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('revokes a token at once', async () => {
    const token = issueToken(store.env, 'auditor', 'auditor.temp');
    expect((await clientFor(hub.baseUrl, token).get('/v1/cases/A100001')).status).toBe(200);
    const { execFileSync } = await import('node:child_process');
    const { HUB_MAIN } = await import('./testing/hub-process');
    execFileSync(process.execPath, [HUB_MAIN, 'token', 'revoke', 'auditor.temp'], {
      env: { ...process.env, ...store.env },
      stdio: 'ignore',
    });
    expect((await clientFor(hub.baseUrl, token).get('/v1/cases/A100001')).status).toBe(401);
  });

  it('marks an item overdue exactly once, also across a restart', async () => {
    await stopHub(hub);
    hub = startHub(env({ HUB_IMMEDIATE_HOURS: '0.0005', HUB_OVERDUE_SCAN_INTERVAL_MS: '100' }));
    await waitForReady(hub);
    await as('po.alice').post('/v1/cases', allocation('J800001'));
    const { escalationId } = (await as('crc07').post('/v1/cases/J800001/escalations', escalation('j-1', { urgency: 'IMMEDIATE' }))).body;
    const overdueEvents = async () =>
      (await as('crc07').get('/v1/feed?limit=1000')).body.events.filter(
        (event: { type: string; data: { itemId?: string } }) => event.type === 'item.overdue' && event.data.itemId === escalationId,
      );
    for (let i = 0; i < 100 && (await overdueEvents()).length === 0; i += 1) await new Promise((wait) => setTimeout(wait, 100));
    expect(await overdueEvents()).toHaveLength(1);
    expect((await as('po.alice').get('/v1/queue')).body.items[0]).toMatchObject({ itemId: escalationId, overdue: true });

    await stopHub(hub);
    hub = startHub(env({ HUB_IMMEDIATE_HOURS: '0.0005', HUB_OVERDUE_SCAN_INTERVAL_MS: '100' }));
    await waitForReady(hub);
    await new Promise((wait) => setTimeout(wait, 600));
    expect(await overdueEvents()).toHaveLength(1);
    // A provider's retry is still recognised after the restart: the case's events remember it.
    const retried = await as('crc07').post('/v1/cases/J800001/escalations', escalation('j-1', { urgency: 'IMMEDIATE' }));
    expect(retried).toMatchObject({ status: 200, body: { escalationId } });
    const late = await as('po.alice').post(`/v1/escalations/${escalationId}/decision`, {
      outcome: 'RETAIN_WITH_PROVIDER',
      rationale: 'Decided late.',
    });
    expect(late.body).toMatchObject({ late: true });
  }, 60_000);

  it('frees an item whose claim was held too long, recording whose claim lapsed, and tells no provider', async () => {
    await stopHub(hub);
    hub = startHub(env({ HUB_CLAIM_EXPIRY_MINUTES: '0.05', HUB_OVERDUE_SCAN_INTERVAL_MS: '100' }));
    await waitForReady(hub);
    await as('po.alice').post('/v1/cases', allocation('J800002'));
    const { escalationId } = (await as('crc07').post('/v1/cases/J800002/escalations', escalation('j-2'))).body;
    expect((await as('po.alice').post(`/v1/queue/${escalationId}/claim`)).body).toMatchObject({ claimedBy: 'po.alice' });
    const holder = async () =>
      (await as('po.bob').get('/v1/queue?limit=1000')).body.items.find((item: { itemId: string }) => item.itemId === escalationId)
        .claimedBy;
    for (let i = 0; i < 100 && (await holder()) !== null; i += 1) await new Promise((wait) => setTimeout(wait, 100));
    expect(await holder()).toBeNull();
    const lapsed = (await as('auditor.frank').get('/v1/cases/J800002/timeline')).body.events.filter(
      (event: { type: string }) => event.type === 'item.claim-expired',
    );
    expect(lapsed).toEqual([
      expect.objectContaining({
        actor: { id: 'hub-scheduler', role: 'admin' },
        data: { itemId: escalationId, kind: 'ESCALATION', claimedBy: 'po.alice', claimedAt: expect.any(String), expiresAfterSeconds: 3 },
      }),
    ]);
    // Anyone may take it now; the provider hears nothing of claims.
    expect((await as('po.bob').post(`/v1/queue/${escalationId}/claim`)).body).toMatchObject({ claimedBy: 'po.bob' });
    const feed = (await as('crc07').get('/v1/feed?limit=1000')).body.events.filter((event: { crn: string }) => event.crn === 'J800002');
    expect(feed.map((event: { type: string }) => event.type)).toEqual(['case.allocated', 'escalation.recorded']);
  }, 60_000);
});
