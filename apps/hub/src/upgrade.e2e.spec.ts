import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { providerEventValidator } from '@escalation-hub/casework-application/testing';
import {
  aThreatReported,
  anAllocation,
  clientFor,
  freePort,
  HUB_MAIN,
  RunningHub,
  startHub,
  stopHub,
  theFixturesEscalation,
  waitForReady,
} from './testing/hub-process';

interface Manifest {
  tokens: Record<string, string>;
  cases: {
    K100002: { routine: string; breach: string; immediate: string; recallAfterTransfer: string };
    K100003: { escalation: string; recallWhileManaged: string; pendingDraft: string };
    K100004: { escalation: string };
  };
  feedCursors: { crc07BeforeDecisions: string };
  feeds: { crc07: { next: string; events: { type: string }[] } };
}

/** A routine escalation posted on an upgraded store. */
const escalationAfterUpgrade = (requestId: string) => ({
  requestId,
  raisedBy: 'Jo Bloggs',
  proposedRosh: 'HIGH',
  urgency: 'ROUTINE',
  triggers: ['OTHER'],
  summary: 'Posted after the upgrade.',
});

/** The hub on the fixture is ready with its log intact and every read model caught up, and each case verifies. */
async function expectIntactAndVerified(fixture: ReturnType<typeof hubOnFixture>, crns: string[]): Promise<void> {
  const health = (await clientFor(fixture.baseUrl()).get('/health/ready')).body;
  expect(health.checks.eventStore.integrity).toMatchObject({ state: 'intact' });
  for (const projection of health.checks.projections.projections) expect(projection).toMatchObject({ running: true, caughtUp: true });
  for (const crn of crns)
    expect((await fixture.as('auditor.frank').get(`/v1/cases/${crn}/verify`)).body).toMatchObject({
      valid: true,
      log: { valid: true, state: 'intact' },
    });
}

/**
 * A hub of this release on a copy of a fixture store, started before the describe's tests and
 * stopped after: `data` is the copy's folder (with `env`), `as(name)` a client with the fixture's token.
 */
function hubOnFixture(name: string, env: Record<string, string> = {}) {
  const fixture = resolve(__dirname, `testing/fixtures/${name}`);
  const context = {
    manifest: JSON.parse(readFileSync(join(fixture, 'manifest.json'), 'utf8')) as Manifest,
    dir: '',
    hub: undefined as RunningHub | undefined,
    env: () => ({ HUB_DATA_DIR: join(context.dir, 'data'), ...env }),
    as: (who: string) => clientFor((context.hub as RunningHub).baseUrl, context.manifest.tokens[who]),
    cli: (...args: string[]) =>
      spawnSync(process.execPath, [HUB_MAIN, ...args], { env: { ...process.env, ...context.env() }, encoding: 'utf8' }),
    baseUrl: () => (context.hub as RunningHub).baseUrl,
    /** Starts the hub again on the same copy, after a test stopped it. */
    start: async () => {
      context.hub = startHub({ ...context.env(), PORT: String(await freePort()), LOG_LEVEL: 'warn' });
      await waitForReady(context.hub);
    },
    /** Stops the hub (a test may, to check the store with the command line). */
    stop: async () => {
      if (context.hub) await stopHub(context.hub);
      context.hub = undefined;
    },
  };
  beforeAll(async () => {
    context.dir = mkdtempSync(join(tmpdir(), `hub-upgrade-${name}-`));
    cpSync(fixture, join(context.dir, 'data'), { recursive: true });
    context.hub = startHub({ ...context.env(), PORT: String(await freePort()), LOG_LEVEL: 'warn' });
    await waitForReady(context.hub);
  }, 60_000);
  afterAll(async () => {
    await context.stop();
    rmSync(context.dir, { recursive: true, force: true });
  });
  return context;
}

/**
 * This release on the store the previous release left: it starts, replays and verifies it, and its
 * provider contract classifies the events recorded before the contract existed by the same rule.
 */
describe('upgrading a store written by release eed1634', () => {
  const fixture = hubOnFixture('store-eed1634');
  const { manifest, as } = fixture;

  it('still verifies every case it wrote and serves them to staff as they were', async () => {
    for (const crn of ['K100001', 'K100002', 'K100003', 'K100004']) {
      expect((await as('auditor.frank').get(`/v1/cases/${crn}/verify`)).body).toMatchObject({ valid: true });
    }
    const timeline = (await as('auditor.frank').get('/v1/cases/K100002/timeline')).body.events;
    expect(timeline).toHaveLength(15);
    const staffView = (await as('po.alice').get('/v1/cases/K100002')).body;
    expect(staffView).toMatchObject({ managedBy: 'NPS', revision: 14 });
    expect(staffView.managementPeriods.map((period: { managedBy: string }) => period.managedBy)).toEqual(['CRC07', 'NPS']);
    const reads = (await as('auditor.frank').get('/v1/cases/K100002/access-log')).body.reads;
    expect(reads.slice(0, 2).map((read: { actor: { id: string } }) => read.actor.id)).toEqual(['auditor.frank', 'po.alice']);
  });

  it('gives providers only what the rule discloses, for events recorded before the rule existed', async () => {
    const feed = (await as('crc07').get('/v1/feed?limit=1000')).body.events as { cursor: string; crn: string; type: string }[];
    expect(feed.map((event) => `${event.crn} ${event.type}`)).toEqual([
      'K100002 case.allocated',
      'K100002 escalation.recorded',
      'K100002 breach-pack.recorded',
      'K100002 escalation.recorded',
      'K100002 escalation.decided',
      'K100002 breach-pack.decided',
      'K100002 escalation.decided',
      'K100002 case.transferred',
      'K100003 case.allocated',
      'K100003 escalation.recorded',
      'K100003 recall-advice.issued',
    ]);
    const validate = providerEventValidator();
    for (const { cursor: _cursor, ...event } of feed) expect(validate(event)).toEqual([]);
    // The previous release had shown CRC07 the drafts and claims; the new feed never repeats them.
    expect(manifest.feeds.crc07.events.map((event) => event.type)).toContain('recall-advice.drafted');
    expect(JSON.stringify(feed)).not.toMatch(/drafted|countersigned|claimed|requestFingerprint|po\.alice|spo\.carol|aco\.erin/);

    expect((await as('crc07').get('/v1/cases/K100001')).status).toBe(404);
    expect((await as('crc07').get('/v1/cases/K100004')).status).toBe(404);
    expect((await as('crc11').get('/v1/cases/K100004')).body.items[0].decision).toMatchObject({ outcome: 'MORE_INFORMATION_REQUIRED' });
    const transferred = (await as('crc07').get('/v1/cases/K100002')).body;
    expect(transferred).toMatchObject({ managedBy: 'NPS', rosh: 'HIGH', recallAdvice: [] });
    const managed = (await as('crc07').get('/v1/cases/K100003')).body;
    expect(managed.recallAdvice.map((advice: { recallAdviceId: string }) => advice.recallAdviceId)).toEqual([
      manifest.cases.K100003.recallWhileManaged,
    ]);
  });

  it('honours the cursors the previous release handed out', async () => {
    // Taken after the second escalation: the provider resumes with the decisions, nothing lost or repeated.
    const resumed = (await as('crc07').get(`/v1/feed?after=${manifest.feedCursors.crc07BeforeDecisions}&limit=1000`)).body;
    expect(resumed.events.map((event: { type: string }) => event.type)).toEqual([
      'escalation.decided',
      'breach-pack.decided',
      'escalation.decided',
      'case.transferred',
      'case.allocated',
      'escalation.recorded',
      'recall-advice.issued',
    ]);
    expect(resumed.next).toMatch(/^p\d+$/);
    // The old feed's last cursor: the provider had everything already.
    expect((await as('crc07').get(`/v1/feed?after=${manifest.feeds.crc07.next}`)).body.events).toEqual([]);
  });

  it('takes new work on the old store, and verify --all still vouches for the whole of it', async () => {
    const posted = await as('crc07').post('/v1/cases/K100003/escalations', {
      requestId: 'after-upgrade',
      raisedBy: 'Jo Bloggs',
      proposedRosh: 'HIGH',
      urgency: 'URGENT',
      triggers: ['OTHER'],
      summary: 'Posted after the upgrade.',
    });
    expect(posted.status).toBe(201);
    // The previous release reserved requestIds in streams of their own: they still bind, and retries still answer.
    const allocated = await as('po.alice').post('/v1/cases', anAllocation('K100005'));
    expect(allocated.status).toBe(201);
    const oldRequest = {
      requestId: 'k3-urgent',
      raisedBy: 'Jo Bloggs, case manager',
      proposedRosh: 'HIGH',
      urgency: 'URGENT',
      triggers: ['VICTIM_CONCERN'],
      summary: 'Former partner reports him waiting outside her workplace.',
    };
    const elsewhere = await as('crc07').post('/v1/cases/K100005/escalations', oldRequest);
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.code).toBe('REQUEST_ID_REUSED');
    const retried = await as('crc07').post('/v1/cases/K100003/escalations', oldRequest);
    expect(retried.status).toBe(200);
    expect(retried.body.escalationId).toBe(manifest.cases.K100003.escalation);
    // And a requestId taken after the upgrade is bound the new way.
    expect((await as('crc07').post('/v1/cases/K100005/escalations', { ...oldRequest, requestId: 'after-upgrade' })).status).toBe(409);
    await fixture.stop();
    const verified = fixture.cli('verify', '--all');
    expect(verified.stdout).toMatch(/^VALID: /);
    expect(verified.status).toBe(0);
  });
});

/**
 * The store release 92171e5 left (signed running-hash checkpoints, ADR 0003) under this release's
 * Merkle tree (ADR 0009): it starts intact, its old checkpoints are still checked, new ones are C2SP
 * checkpoints over the same log, and a bundle that release exported still verifies.
 */
describe('upgrading a store written by release 92171e5, before the verifiable log', () => {
  const fixture = hubOnFixture('store-92171e5', { HUB_CHECKPOINT_EVERY_EVENTS: '5' });
  const { as, cli, baseUrl } = fixture;

  beforeAll(() => {
    // The previous release's own check, before this release has written anything.
    const copy = mkdtempSync(join(tmpdir(), 'hub-upgrade-check-'));
    cpSync(resolve(__dirname, 'testing/fixtures/store-92171e5'), copy, { recursive: true });
    const verified = spawnSync(process.execPath, [HUB_MAIN, 'verify', '--all'], {
      env: { ...process.env, HUB_DATA_DIR: copy },
      encoding: 'utf8',
    });
    rmSync(copy, { recursive: true, force: true });
    expect(verified.stdout).toMatch(/^VALID: .* 1 signed checkpoint/);
  });

  it('starts with its history intact, each old event a leaf of the tree', async () => {
    const health = (await clientFor(baseUrl()).get('/health/ready')).body;
    expect(health.checks.eventStore.integrity).toMatchObject({ state: 'intact' });
    for (const crn of ['K100001', 'K100002', 'K100003', 'K100004'])
      expect((await as('auditor.frank').get(`/v1/cases/${crn}/verify`)).body).toMatchObject({
        valid: true,
        log: { valid: true, state: 'intact' },
      });
  });

  it('signs C2SP checkpoints over the old history, exports bundles with proofs, and verify --all vouches for both kinds', async () => {
    for (let i = 0; i < 6; i += 1) {
      expect((await as('crc07').post('/v1/cases/K100003/escalations', escalationAfterUpgrade(`after-merkle-${i}`))).status).toBe(201);
    }
    const bundle = (await as('auditor.frank').get('/v1/cases/K100002/export')).body;
    expect(bundle.format).toBe('escalation-hub-evidence-bundle/2');
    const bundleFile = join(fixture.dir, 'k100002.json');
    const keyFile = join(fixture.dir, 'key.pem');
    writeFileSync(bundleFile, JSON.stringify(bundle));
    writeFileSync(keyFile, (await clientFor(baseUrl()).get('/v1/audit/public-key')).body.publicKeyPem);
    expect(cli('verify-bundle', bundleFile, '--public-key', keyFile).stdout).toMatch(/^VALID: case K100002, 15 events, each proven/);
    // The bundle the previous release exported, format 1, still verifies with the same key.
    const old = cli('verify-bundle', resolve(__dirname, 'testing/fixtures/bundle-v1-92171e5.json'), '--public-key', keyFile);
    expect(old.stdout).toMatch(/^VALID: case K100002/);
    await fixture.stop();
    const verified = cli('verify', '--all', '--public-key', keyFile);
    expect(verified.stdout).toMatch(/^VALID: /);
    expect(Number(/(\d+) signed checkpoints/.exec(verified.stdout)?.[1])).toBeGreaterThanOrEqual(3);
  }, 60_000);
});

/**
 * The store release cefe5e1 left (the first with the verifiable log, ADR 0009), kept before the write
 * side is reshaped (issue 16): every later release must start on it intact, verify it, and take work.
 */
describe('upgrading a store written by release cefe5e1, the first with the verifiable log', () => {
  const fixture = hubOnFixture('store-cefe5e1');
  const { as, cli, baseUrl } = fixture;

  it('starts intact, verifies every case against its tree, takes new work, and verify --all vouches for it', async () => {
    for (const crn of ['K100001', 'K100002', 'K100003', 'K100004'])
      expect((await as('auditor.frank').get(`/v1/cases/${crn}/verify`)).body).toMatchObject({
        valid: true,
        log: { valid: true, state: 'intact' },
      });
    const checkpoint = (await clientFor(baseUrl()).get('/v1/audit/checkpoint')).body;
    expect(checkpoint.treeSize).toBeGreaterThan(0);
    const posted = await as('crc07').post('/v1/cases/K100003/escalations', escalationAfterUpgrade('after-cefe5e1'));
    expect(posted.status).toBe(201);
    expect((await as('auditor.frank').get('/v1/cases/K100003/export')).body.format).toBe('escalation-hub-evidence-bundle/2');
    await fixture.stop();
    expect(cli('verify', '--all').stdout).toMatch(/^VALID: /);
  });

  // Issue 16: every stored event is now read through its type's schema (version 1, no schemaVersion in the
  // fixture's metadata). Each case must read, replay and take each kind of staff command as before.
  it('reads every stored event through its schema, replays each timeline, and takes staff commands (issue 16)', async () => {
    await fixture.start();
    const { cases } = fixture.manifest;
    for (const crn of ['K100001', 'K100002', 'K100003', 'K100004']) {
      const view = await as('po.alice').get(`/v1/cases/${crn}`);
      expect(view.status).toBe(200);
      expect(view.body.items.every((item: { itemId?: string; kind?: string }) => item.itemId && item.kind)).toBe(true);
      const timeline = await as('auditor.frank').get(`/v1/cases/${crn}/timeline`);
      expect(timeline.status).toBe(200);
      expect(timeline.body.events.length).toBeGreaterThan(0);
    }
    const posted = await as('crc11').post('/v1/cases/K100004/escalations', escalationAfterUpgrade('after-cefe5e1-issue-16'));
    expect(posted.status).toBe(201);
    const { escalationId } = posted.body;
    expect((await as('po.alice').post(`/v1/queue/${escalationId}/claim`, {})).body).toMatchObject({ claimedBy: 'po.alice' });
    const decided = await as('po.alice').post(`/v1/escalations/${escalationId}/decision`, {
      outcome: 'RETAIN_WITH_PROVIDER',
      rationale: 'Reviewed after the upgrade.',
    });
    expect(decided.status).toBe(201);
    // The draft left awaiting countersignature before the upgrade is signed by an SPO now.
    const signed = await as('spo.carol').post(`/v1/recall-advice/${cases.K100003.pendingDraft}/countersign`, { rationale: 'Agreed.' });
    expect(signed.body).toMatchObject({ status: 'AWAITING_ACO' });
    await fixture.stop();
    expect(cli('verify', '--all').stdout).toMatch(/^VALID: /);
  }, 60_000);

  // Issue 17: case.allocated is version 2 now. The old (version-1) allocations read with the sentence's kind
  // from its words and their victim-contact answer kept, and the old cases take the new commands.
  it('reads old sentences by kind and takes reassessment and new sentences on old cases (issue 17)', async () => {
    await fixture.start();
    const view = (await as('po.alice').get('/v1/cases/K100001')).body;
    expect(view.sentence).toMatchObject({
      type: 'Licence',
      kind: 'DETERMINATE_CUSTODY',
      custodialTermMonths: null,
      requirements: [],
      licenceConditions: [],
    });
    expect(view.victimContactBasis).toContain('Recorded before the basis was kept');
    const review = await as('po.alice').post('/v1/cases/K100002/rosh-reviews', {
      level: 'LOW',
      assessor: 'po.alice',
      assessedOn: '2026-12-01',
      assessmentReference: 'OASYS-UPGRADE',
    });
    expect(review.status).toBe(201);
    const sentenced = await as('po.alice').post('/v1/cases/K100001/sentences', {
      sentence: { type: 'Suspended Sentence Order', lengthMonths: 12, offenceCategory: 'OTHER', requirements: ['Unpaid work (80 hours)'] },
    });
    expect(sentenced.status).toBe(201);
    expect((await as('po.alice').get('/v1/cases/K100001')).body.sentence.kind).toBe('SUSPENDED_SENTENCE_ORDER');
    await fixture.stop();
    expect(cli('verify', '--all').stdout).toMatch(/^VALID: /);
  }, 60_000);

  // Issue 17: escalation.requested is version 2 (providerKnewAt). An escalation left open by the old release
  // reads with no such time and no questions, and takes "more information" and the provider's answer.
  it('asks more information on an escalation the old release left open, and takes the provider’s answer (issue 17)', async () => {
    await fixture.start();
    const old = (await as('po.alice').get('/v1/cases/K100003')).body.items.find(
      (item: { kind: string; open: boolean; requestId?: string }) =>
        item.kind === 'ESCALATION' && item.open && !item.requestId?.startsWith('after-'),
    );
    expect(old).toMatchObject({ providerKnewAt: null, informationRequests: [], awaiting: 'PUBLIC_SERVICE' });
    const asked = await as('po.alice').post(`/v1/escalations/${old.itemId}/decision`, {
      outcome: 'MORE_INFORMATION_REQUIRED',
      rationale: 'Asked after the upgrade.',
    });
    expect(asked.status).toBe(201);
    const answered = await as('crc07').post(`/v1/cases/K100003/escalations/${old.itemId}/information`, {
      answer: 'Answered after the upgrade.',
      answeredBy: 'Jo Bloggs',
    });
    expect(answered.status).toBe(201);
    expect(
      (await as('po.alice').get('/v1/cases/K100003')).body.items.find((item: { itemId: string }) => item.itemId === old.itemId),
    ).toMatchObject({
      open: true,
      awaiting: 'PUBLIC_SERVICE',
      informationRequests: [{ questions: ['Asked after the upgrade.'], answer: { text: 'Answered after the upgrade.' } }],
    });
    await fixture.stop();
    expect(cli('verify', '--all').stdout).toMatch(/^VALID: /);
  }, 60_000);
});

/**
 * The store release 48162d1 left, the last that shipped before "more information" kept an escalation
 * open (issue 17): its read models are at that release's versions (case-view 5, decision-queue 4,
 * item-deadlines 2), so this release must rebuild them, take the new exchange on an escalation it left
 * open, record the revision a decider saw, and leave that release's "more information" decisions closed.
 */
describe('upgrading a store written by release 48162d1, the previous release', () => {
  const fixture = hubOnFixture('store-48162d1');
  const { manifest, as, cli, baseUrl } = fixture;
  const crns = ['K100001', 'K100002', 'K100003', 'K100004'];

  it('starts intact, verifies every case, rebuilds its read models to the new shape, and verify --all vouches for it', async () => {
    const health = (await clientFor(baseUrl()).get('/health/ready')).body;
    expect(health.checks.eventStore.integrity).toMatchObject({ state: 'intact' });
    expect(health.checks.projections.projections.map((projection: { name: string }) => projection.name).sort()).toEqual([
      'case-view',
      'decision-queue',
      'disclosure-log',
      'item-deadlines',
      'provider-feed',
    ]);
    for (const projection of health.checks.projections.projections) expect(projection).toMatchObject({ running: true, caughtUp: true });
    for (const crn of crns)
      expect((await as('auditor.frank').get(`/v1/cases/${crn}/verify`)).body).toMatchObject({
        valid: true,
        log: { valid: true, state: 'intact' },
      });
    // Case view v5 kept no information requests: each escalation carries them now, so the view was rebuilt.
    for (const crn of crns) {
      const view = await as('po.alice').get(`/v1/cases/${crn}`);
      expect(view.status).toBe(200);
      for (const item of view.body.items.filter((each: { kind: string }) => each.kind === 'ESCALATION'))
        expect(Array.isArray(item.informationRequests)).toBe(true);
    }
    const k3 = (await as('po.alice').get('/v1/cases/K100003')).body.items.find(
      (item: { itemId: string }) => item.itemId === manifest.cases.K100003.escalation,
    );
    expect(k3).toMatchObject({ open: true, awaiting: 'PUBLIC_SERVICE', providerKnewAt: null, informationRequests: [], decision: null });
    await fixture.stop();
    const verified = cli('verify', '--all');
    expect(verified.stdout).toMatch(/^VALID: /);
    expect(verified.status).toBe(0);
  });

  it('honours the cursors the previous release handed out', async () => {
    await fixture.start();
    // Taken after the second escalation: the provider resumes with the decisions, nothing lost or repeated.
    const resumed = (await as('crc07').get(`/v1/feed?after=${manifest.feedCursors.crc07BeforeDecisions}&limit=1000`)).body;
    expect(resumed.events.map((event: { type: string }) => event.type)).toEqual([
      'escalation.decided',
      'breach-pack.decided',
      'escalation.decided',
      'case.transferred',
      'case.allocated',
      'escalation.recorded',
      'recall-advice.issued',
    ]);
    expect(resumed.next).toMatch(/^p\d+$/);
    // The old feed's last cursor: the provider had everything already.
    expect((await as('crc07').get(`/v1/feed?after=${manifest.feeds.crc07.next}`)).body.events).toEqual([]);
    // Starting again rebuilds nothing, but a loaded machine takes more than jest's default 5 s to start a hub.
  }, 60_000);

  // The hub the cursor test started is still running.
  it('takes more information and the provider’s answer on the escalation it left open, then a decision on the revision seen', async () => {
    const { escalation: k4 } = manifest.cases.K100004;
    const { escalation } = manifest.cases.K100003;
    const queued = async (awaiting = '') =>
      (await as('po.alice').get(`/v1/queue?limit=1000${awaiting}`)).body.items.map((item: { itemId: string }) => item.itemId);

    // The previous release's "more information" closed the escalation: it stays closed, waiting on no one.
    const oldAsked = (await as('po.alice').get('/v1/cases/K100004')).body.items.find((item: { itemId: string }) => item.itemId === k4);
    expect(oldAsked).toMatchObject({
      open: false,
      awaiting: null,
      informationRequests: [],
      decision: { outcome: 'MORE_INFORMATION_REQUIRED' },
    });
    expect(await queued()).not.toContain(k4);
    expect(await queued('&awaiting=PROVIDER')).not.toContain(k4);
    const lateAnswer = await as('crc11').post(`/v1/cases/K100004/escalations/${k4}/information`, {
      answer: 'The police log.',
      answeredBy: 'Jo Bloggs',
    });
    expect([lateAnswer.status, lateAnswer.body.code]).toEqual([409, 'ITEM_ALREADY_DECIDED']);

    expect(await queued()).toContain(escalation);
    const asked = await as('po.alice').post(`/v1/escalations/${escalation}/decision`, {
      outcome: 'MORE_INFORMATION_REQUIRED',
      rationale: 'Asked after the upgrade from 48162d1.',
      questions: ['When did she last see him there?'],
    });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ escalationId: escalation, outcome: 'MORE_INFORMATION_REQUIRED', answerDueAt: expect.any(String) });
    expect(await queued()).not.toContain(escalation);
    expect(await queued('&awaiting=PROVIDER')).toContain(escalation);

    const answered = await as('crc07').post(`/v1/cases/K100003/escalations/${escalation}/information`, {
      answer: 'Yesterday at 17:30; she reported it to the police.',
      answeredBy: 'Jo Bloggs, case manager',
    });
    expect(answered.status).toBe(201);
    expect(await queued()).toContain(escalation);
    expect(await queued('&awaiting=PROVIDER')).not.toContain(escalation);

    const seen = (await as('po.alice').get('/v1/cases/K100003')).body;
    expect(seen.items.find((item: { itemId: string }) => item.itemId === escalation)).toMatchObject({
      open: true,
      awaiting: 'PUBLIC_SERVICE',
      informationRequests: [
        {
          questions: ['When did she last see him there?'],
          answerDueAt: asked.body.answerDueAt,
          answer: { text: 'Yesterday at 17:30; she reported it to the police.', answeredBy: 'Jo Bloggs, case manager' },
        },
      ],
    });
    const decided = await as('po.alice').post(`/v1/escalations/${escalation}/decision`, {
      outcome: 'RETAIN_WITH_PROVIDER',
      rationale: 'Answered after the upgrade: the plan holds.',
      seenRevision: seen.revision,
    });
    expect(decided.status).toBe(201);
    const entry = (await as('auditor.frank').get('/v1/cases/K100003/timeline')).body.events.find(
      (event: { type: string; data: { escalationId?: string } }) =>
        event.type === 'escalation.decided' && event.data.escalationId === escalation,
    );
    expect(entry.data.seenRevision).toBe(seen.revision);
    expect(
      (await as('po.alice').get('/v1/cases/K100003')).body.items.find((item: { itemId: string }) => item.itemId === escalation),
    ).toMatchObject({
      open: false,
      decision: { outcome: 'RETAIN_WITH_PROVIDER' },
    });
    await fixture.stop();
    expect(cli('verify', '--all').stdout).toMatch(/^VALID: /);
  }, 60_000);
});

/** The cases store-d471943 adds to the four every fixture has (tools/fixtures/write-release-store.ts). */
interface ManifestD471943 extends Manifest {
  cases: Manifest['cases'] & {
    K100005: { openRiskInformation: string; reviewedRiskInformation: string };
    K100006: { licenceBreach: string; awaitingSpo: string };
    K100007: { communityBreach: string };
  };
}

/**
 * The store release d471943 left, before risk information went both ways (risk-information.recorded and
 * .reviewed at version 1), recall advice could be returned, revised and followed, and breach packs were
 * decided by what the sentence allows: this release must rebuild its read models, read that release's
 * open items in the new shape, and take the new commands on them.
 */
describe('upgrading a store written by release d471943', () => {
  const fixture = hubOnFixture('store-d471943');
  const { as, cli } = fixture;
  const manifest = fixture.manifest as ManifestD471943;
  const { K100005, K100006, K100007 } = manifest.cases;
  const crns = ['K100001', 'K100002', 'K100003', 'K100004', 'K100005', 'K100006', 'K100007'];
  const itemOf = async (crn: string, itemId: string) =>
    (await as('po.alice').get(`/v1/cases/${crn}`)).body.items.find((item: { itemId: string }) => item.itemId === itemId);

  it('starts intact, verifies every case and rebuilds its read models to the new shape', async () => {
    await expectIntactAndVerified(fixture, crns);
    for (const crn of crns) {
      const view = await as('po.alice').get(`/v1/cases/${crn}`);
      expect(view.status).toBe(200);
      expect(view.body.compliance).toBeDefined();
    }
    // Fields that release's views did not keep: each item carries them now, so the views were rebuilt.
    expect(await itemOf('K100005', K100005.reviewedRiskInformation)).toMatchObject({
      heldBy: 'NPS',
      recordedByProvider: null,
      open: false,
      decision: { outcome: 'NO_CHANGE' },
    });
    expect(await itemOf('K100006', K100006.licenceBreach)).toMatchObject({ court: [], decision: { outcome: 'RECALL' } });
    expect(await itemOf('K100006', K100006.awaitingSpo)).toMatchObject({ returns: [], progress: [], issuedAt: null });
  });

  it('reads the open risk information as held by the public service, and takes its acknowledgement and review', async () => {
    const riskInformationId = K100005.openRiskInformation;
    expect(await itemOf('K100005', riskInformationId)).toMatchObject({
      kind: 'RISK_INFORMATION',
      heldBy: 'NPS',
      recordedByProvider: null,
      acknowledged: null,
      open: true,
      decision: null,
    });
    const acknowledged = await as('po.alice').post(`/v1/risk-information/${riskInformationId}/acknowledgement`);
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({ riskInformationId, crn: 'K100005' });
    const reviewed = await as('po.alice').post(`/v1/risk-information/${riskInformationId}/review`, {
      outcome: 'NO_CHANGE',
      rationale: 'Reviewed after the upgrade from d471943: the plan already covers it.',
    });
    expect(reviewed.status).toBe(201);
    expect(reviewed.body).toMatchObject({ riskInformationId, outcome: 'NO_CHANGE' });
    expect(await itemOf('K100005', riskInformationId)).toMatchObject({
      acknowledged: expect.anything(),
      open: false,
      decision: { outcome: 'NO_CHANGE' },
    });
    // The old event, version 1, reads through its upcaster: held by the public service, recorded by no provider.
    const events = (await as('auditor.frank').get('/v1/cases/K100005/timeline')).body.events as {
      type: string;
      data: Record<string, unknown>;
    }[];
    const recorded = events.find(
      (event) => event.type === 'risk-information.recorded' && event.data['riskInformationId'] === riskInformationId,
    );
    expect(recorded?.data).toMatchObject({ riskInformationId, heldBy: 'NPS', recordedByProvider: null });
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['risk-information.acknowledged', 'risk-information.reviewed']),
    );
  });

  it('returns, revises, countersigns and issues the recall advice left awaiting the SPO, and tells the provider', async () => {
    const recallAdviceId = K100006.awaitingSpo;
    expect(await itemOf('K100006', recallAdviceId)).toMatchObject({
      kind: 'RECALL_COUNTERSIGN',
      recallType: 'FIXED_TERM',
      fixedTermExclusion: null,
      spo: null,
      open: true,
    });
    const returned = await as('spo.carol').post(`/v1/recall-advice/${recallAdviceId}/return`, {
      reason: 'Say where he is thought to be staying.',
    });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ recallAdviceId, status: 'RETURNED' });
    const revisedRationale = 'Left the approved premises; thought to be staying with his brother. A fixed-term recall is enough.';
    const revised = await as('po.alice').post(`/v1/recall-advice/${recallAdviceId}/revision`, {
      recallType: 'FIXED_TERM',
      emergency: false,
      rationale: revisedRationale,
      note: 'Added where he is thought to be staying.',
    });
    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({ recallAdviceId, status: 'AWAITING_SPO' });
    const bySpo = await as('spo.carol').post(`/v1/recall-advice/${recallAdviceId}/countersign`, { rationale: 'Agreed now.' });
    expect(bySpo.body).toMatchObject({ status: 'AWAITING_ACO' });
    const byAco = await as('aco.erin').post(`/v1/recall-advice/${recallAdviceId}/countersign`, { rationale: 'Agreed, issue today.' });
    expect(byAco.body).toMatchObject({ recallAdviceId, status: 'ISSUED' });
    const step = await as('po.alice').post(`/v1/recall-advice/${recallAdviceId}/steps`, {
      step: 'SENT_TO_PPCS',
      happenedAt: new Date().toISOString(),
    });
    expect(step.status).toBe(201);
    expect(await itemOf('K100006', recallAdviceId)).toMatchObject({
      open: false,
      rationale: revisedRationale,
      returns: [expect.objectContaining({ reason: 'Say where he is thought to be staying.' })],
      issuedAt: expect.any(String),
      progress: [expect.objectContaining({ step: 'SENT_TO_PPCS' })],
    });
    const feed = (await as('crc07').get('/v1/feed?limit=1000')).body.events as {
      crn: string;
      type: string;
      data: Record<string, unknown>;
    }[];
    const issued = feed.find((event) => event.type === 'recall-advice.issued' && event.data['recallAdviceId'] === recallAdviceId);
    expect(issued).toMatchObject({ crn: 'K100006', data: { recallType: 'FIXED_TERM', emergency: false, rationale: revisedRationale } });
    const validate = providerEventValidator();
    for (const { cursor: _cursor, ...event } of feed as { cursor?: string }[]) expect(validate(event)).toEqual([]);
  });

  it('decides the community order’s breach pack by what its sentence allows, and records its court stage', async () => {
    const breachPackId = K100007.communityBreach;
    expect(await itemOf('K100007', breachPackId)).toMatchObject({ kind: 'BREACH_PACK', open: true, decision: null, court: [] });
    const recall = await as('po.alice').post(`/v1/breach-packs/${breachPackId}/decision`, {
      outcome: 'RECALL',
      rationale: 'A community order cannot be recalled.',
    });
    expect([recall.status, recall.body.code]).toEqual([422, 'BREACH_OUTCOME_NOT_ALLOWED']);
    const toCourt = await as('po.alice').post(`/v1/breach-packs/${breachPackId}/decision`, {
      outcome: 'RETURN_TO_COURT',
      rationale: 'Second unacceptable absence after a warning: back to court.',
    });
    expect(toCourt.status).toBe(201);
    const today = new Date().toISOString().slice(0, 10);
    const laid = await as('po.alice').post(`/v1/breach-packs/${breachPackId}/court-stages`, { stage: 'LAID', on: today });
    expect(laid.status).toBe(201);
    expect(await itemOf('K100007', breachPackId)).toMatchObject({
      open: false,
      decision: { outcome: 'RETURN_TO_COURT' },
      court: [expect.objectContaining({ stage: 'LAID', on: today })],
    });
  });

  it('and verify --all still vouches for the whole of it', async () => {
    for (const crn of crns) expect((await as('auditor.frank').get(`/v1/cases/${crn}/verify`)).body).toMatchObject({ valid: true });
    await fixture.stop();
    const verified = cli('verify', '--all');
    expect(verified.stdout).toMatch(/^VALID: /);
    expect(verified.status).toBe(0);
  });
});

/**
 * The store the previous release (7ab04fe) left: the same cases as store-d471943's, written under that
 * release's rules. This release keeps each case it reads folded in place (issue 16): it must fold those
 * streams exactly as a replay does, answer a retried old request with the provider revision it had,
 * and take new requests on old cases.
 */
describe('upgrading a store written by release 7ab04fe, the previous release', () => {
  const fixture = hubOnFixture('store-7ab04fe');
  const { as, cli } = fixture;
  const manifest = fixture.manifest as ManifestD471943;
  const crns = ['K100001', 'K100002', 'K100003', 'K100004', 'K100005', 'K100006', 'K100007'];

  it('starts intact and caught up, and verifies every case', async () => {
    await expectIntactAndVerified(fixture, crns);
  });

  it('honours the cursors it handed out', async () => {
    const resumed = (await as('crc07').get(`/v1/feed?after=${manifest.feedCursors.crc07BeforeDecisions}&limit=1000`)).body;
    expect(resumed.events.length).toBeGreaterThan(0);
    expect(resumed.events.map((event: { type: string }) => event.type)).toEqual(
      manifest.feeds.crc07.events.slice(-resumed.events.length).map((event) => event.type),
    );
    expect((await as('crc07').get(`/v1/feed?after=${manifest.feeds.crc07.next}`)).body.events).toEqual([]);
  });

  it('answers a retried old request as before, takes a new one on the old case, and verify --all vouches for it all', async () => {
    const retried = await as('crc07').post('/v1/cases/K100003/escalations', theFixturesEscalation('k3-urgent', 'URGENT'));
    // The provider's own revision at the escalation: the allocation was its 0, the escalation its 1.
    expect([retried.status, retried.body.escalationId, retried.body.revision]).toEqual([200, manifest.cases.K100003.escalation, 1]);
    const posted = await as('crc07').post('/v1/cases/K100003/escalations', escalationAfterUpgrade('k3-after-7ab04fe'));
    expect(posted.status).toBe(201);
    const feed = (await as('crc07').get(`/v1/feed?after=${manifest.feeds.crc07.next}`)).body.events as { type: string; crn: string }[];
    expect(feed.map((event) => [event.crn, event.type])).toEqual([['K100003', 'escalation.recorded']]);
    const queued = (await as('po.alice').get('/v1/queue')).body.items as { itemId: string }[];
    expect(queued.map((item) => item.itemId)).toContain(posted.body.escalationId);
    expect((await as('auditor.frank').get('/v1/cases/K100003/verify')).body).toMatchObject({ valid: true });
    await fixture.stop();
    const verified = cli('verify', '--all');
    expect([verified.status, verified.stdout]).toEqual([0, expect.stringMatching(/^VALID: /)]);
  });
});

interface Manifest9a7ba43 extends ManifestD471943 {
  cases: ManifestD471943['cases'] & { K100008: { failureIds: string[]; warningId: string } };
}

/**
 * The store the previous release (9a7ba43) left: store-7ab04fe's cases, and K100008 with two failures to
 * comply and a warning, and a referral on K100005. This release keeps those lists as rows of the case
 * view (version 8), so it rebuilds the case view from the events: the case must read as it did.
 */
describe('upgrading a store written by release 9a7ba43', () => {
  const fixture = hubOnFixture('store-9a7ba43');
  const { as, cli } = fixture;
  const manifest = fixture.manifest as Manifest9a7ba43;
  const crns = ['K100001', 'K100002', 'K100003', 'K100004', 'K100005', 'K100006', 'K100007', 'K100008'];

  it('starts intact and caught up, and verifies every case', async () => {
    await expectIntactAndVerified(fixture, crns);
  });

  it('reads the failures, the warning and the referral from the rebuilt case view, in order', async () => {
    const { failureIds, warningId } = manifest.cases.K100008;
    const k8 = await as('po.alice').get('/v1/cases/K100008');
    expect(k8.status).toBe(200);
    expect(k8.body.compliance).toEqual({
      failures: failureIds.map((failureId) => expect.objectContaining({ failureId, provider: 'CRC07', acceptable: false })),
      warnings: [expect.objectContaining({ warningId, failureIds, provider: 'CRC07' })],
    });
    const k5 = await as('po.alice').get('/v1/cases/K100005');
    expect(k5.body.interventions).toEqual([expect.objectContaining({ provider: 'CRC07', intervention: 'Thinking skills group' })]);
  });

  it('takes a new failure after the old ones, retries an old one as before, and verify --all vouches for it all', async () => {
    const retried = await as('crc07').post('/v1/cases/K100008/failures-to-comply', {
      requestId: 'k8-failure-1',
      date: '2026-10-06',
      requirement: 'Supervision appointments',
      acceptable: false,
      judgedBy: 'Jo Bloggs, case manager',
      details: 'Missed the appointment; no reason given.',
    });
    expect([retried.status, retried.body.failureId]).toEqual([200, manifest.cases.K100008.failureIds[0]]);
    const posted = await as('crc07').post('/v1/cases/K100008/failures-to-comply', {
      requestId: 'k8-failure-after-upgrade',
      date: '2026-10-20',
      requirement: 'Supervision appointments',
      acceptable: true,
      judgedBy: 'Jo Bloggs, case manager',
      details: 'Ill; a doctor’s note was provided.',
    });
    expect(posted.status).toBe(201);
    const k8 = await as('po.alice').get('/v1/cases/K100008');
    expect(k8.body.compliance.failures.map((failure: { failureId: string }) => failure.failureId)).toEqual([
      ...manifest.cases.K100008.failureIds,
      posted.body.failureId,
    ]);
    expect((await as('auditor.frank').get('/v1/cases/K100008/verify')).body).toMatchObject({ valid: true });
    await fixture.stop();
    const verified = cli('verify', '--all');
    expect([verified.status, verified.stdout]).toEqual([0, expect.stringMatching(/^VALID: /)]);
  });
});

/**
 * The store release 8e4f160 left: store-9a7ba43's cases, written when the case view already
 * kept failures, warnings and referrals as rows (version 8) and the audit's own records had versioned
 * schemas. This release keeps that case view as it is, and reads the old audit records through their schemas.
 */
describe('upgrading a store written by release 8e4f160', () => {
  const fixture = hubOnFixture('store-8e4f160');
  const { as, cli } = fixture;
  const manifest = fixture.manifest as Manifest9a7ba43;
  const crns = ['K100001', 'K100002', 'K100003', 'K100004', 'K100005', 'K100006', 'K100007', 'K100008'];

  it('starts intact and caught up, and verifies every case', async () => {
    await expectIntactAndVerified(fixture, crns);
  });

  it('lists the reads and feed pages the old release recorded, before the ones made now', async () => {
    const reads = (await as('auditor.frank').get('/v1/cases/K100002/access-log')).body.reads as { actor: { id: string }; view: string }[];
    expect(reads.map((read) => [read.actor.id, read.view])).toEqual([
      ['auditor.frank', 'timeline'],
      ['po.alice', 'case'],
      ['auditor.frank', 'verify'], // the first test's
      ['auditor.frank', 'access-log'],
    ]);
    const disclosures = (await as('auditor.frank').get('/v1/audit/disclosures?provider=CRC07')).body;
    expect(disclosures.entries.map((entry: { channel: string; actor: { id: string } }) => [entry.channel, entry.actor.id])).toEqual([
      ['feed-page', 'crc07'],
      ['feed-page', 'crc07'],
    ]);
  });

  it('reads the failures from its case view, takes a new one after them, and verify --all vouches for it all', async () => {
    const { failureIds, warningId } = manifest.cases.K100008;
    const before = (await as('po.alice').get('/v1/cases/K100008')).body;
    expect(before.compliance.warnings).toEqual([expect.objectContaining({ warningId, failureIds })]);
    const posted = await as('crc07').post('/v1/cases/K100008/failures-to-comply', {
      requestId: 'k8-failure-after-8e4f160',
      date: '2026-10-27',
      requirement: 'Unpaid work',
      acceptable: false,
      judgedBy: 'Jo Bloggs, case manager',
      details: 'Did not attend; no reason given.',
    });
    expect(posted.status).toBe(201);
    const after = (await as('po.alice').get('/v1/cases/K100008')).body;
    expect(after.compliance.failures.map((failure: { failureId: string }) => failure.failureId)).toEqual([
      ...failureIds,
      posted.body.failureId,
    ]);
    await fixture.stop();
    const verified = cli('verify', '--all');
    expect([verified.status, verified.stdout]).toEqual([0, expect.stringMatching(/^VALID: /)]);
  });
});

interface Manifest49e9cc6 extends Manifest9a7ba43 {
  cases: Manifest9a7ba43['cases'] & {
    K100001: { roshReview: { level: string; assessor: string; assessedOn: string; assessmentReference: string } };
  };
}

/**
 * The store the previous release (49e9cc6) left: the same cases as store-8e4f160, written by the release
 * that first took a recall draft's id from the API and refused a resend of it with other terms, with a RoSH
 * review on K100001. A draft or a review it recorded must be recognised by this release when it is sent again.
 */
describe('upgrading a store written by release 49e9cc6, the previous release', () => {
  // Same-day items fall due within about a second: the late-decisions report gets a late item of a provider's.
  const fixture = hubOnFixture('store-49e9cc6', { HUB_IMMEDIATE_HOURS: '0.0003' });
  const { as, cli } = fixture;
  const manifest = fixture.manifest as Manifest49e9cc6;
  const crns = ['K100001', 'K100002', 'K100003', 'K100004', 'K100005', 'K100006', 'K100007', 'K100008'];
  const pendingDraftTerms = {
    recallType: 'FIXED_TERM',
    emergency: false,
    rationale: 'Draft: consider a fixed-term recall.',
  };

  it('starts intact and caught up, and verifies every case', async () => {
    await expectIntactAndVerified(fixture, crns);
  });

  it('knows the RoSH review the old release recorded: sent again it records nothing, with another level it is refused', async () => {
    const { roshReview } = manifest.cases.K100001;
    const before = (await as('po.alice').get('/v1/cases/K100001')).body.revision;
    const resent = await as('po.alice').post('/v1/cases/K100001/rosh-reviews', roshReview);
    expect([resent.status, resent.body]).toEqual([200, expect.objectContaining({ outcome: 'STAYS_WITH_NPS', revision: before })]);
    const contradicted = await as('po.alice').post('/v1/cases/K100001/rosh-reviews', { ...roshReview, level: 'LOW' });
    expect([contradicted.status, contradicted.body.code]).toEqual([409, 'ASSESSMENT_ALREADY_RECORDED']);
    expect((await as('po.alice').get('/v1/cases/K100001')).body).toMatchObject({ rosh: 'HIGH', revision: before });
  });

  it('rebuilds the late-decisions report with whose move each item was, and lists a provider’s late item as its own', async () => {
    const threat = await as('po.alice').post(
      '/v1/cases/K100003/risk-information',
      aThreatReported('His former partner says he has threatened her.'),
    );
    expect(threat.body).toMatchObject({ heldBy: 'CRC07' });
    await new Promise((wait) => setTimeout(wait, 1500));
    const report = await as('auditor.frank').get('/v1/audit/reports/late-decisions?awaiting=PROVIDER');
    expect([report.status, report.body.items]).toEqual([
      200,
      [expect.objectContaining({ itemId: threat.body.riskInformationId, status: 'STILL_OVERDUE', awaitedFrom: 'CRC07' })],
    ]);
  });

  it('answers a resend of the old draft with the draft, refuses its id for other terms, and verify --all vouches for it', async () => {
    const { escalation, pendingDraft } = manifest.cases.K100003;
    const terms = { ...pendingDraftTerms, basedOn: [escalation], recallAdviceId: pendingDraft };
    const before = (await as('auditor.frank').get('/v1/cases/K100003/timeline')).body.events.length;
    const resent = await as('po.alice').post('/v1/cases/K100003/recall-advice', terms);
    expect([resent.status, resent.body.recallAdviceId, resent.body.status]).toEqual([200, pendingDraft, 'AWAITING_SPO']);
    const changed = await as('po.alice').post('/v1/cases/K100003/recall-advice', { ...terms, emergency: true });
    expect([changed.status, changed.body.code]).toEqual([409, 'ITEM_ID_TAKEN']);
    expect((await as('auditor.frank').get('/v1/cases/K100003/timeline')).body.events).toHaveLength(before);
    const countersigned = await as('spo.carol').post(`/v1/recall-advice/${pendingDraft}/countersign`, { rationale: 'Agreed.' });
    expect(countersigned.body).toMatchObject({ recallAdviceId: pendingDraft, status: 'AWAITING_ACO' });
    await fixture.stop();
    const verified = cli('verify', '--all');
    expect([verified.status, verified.stdout]).toEqual([0, expect.stringMatching(/^VALID: /)]);
  });
});
