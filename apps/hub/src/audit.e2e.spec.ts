import { spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  aThreatReported,
  clientFor,
  freePort,
  HUB_MAIN,
  issueToken,
  RunningHub,
  startHub,
  stopHub,
  TEST_STORES,
  TestStore,
  waitForReady,
} from './testing/hub-process';

/** The auditor's view over HTTP against the built hub. */
describe.each(TEST_STORES)('audit over HTTP on $name', (engine) => {
  let dir: string;
  let dataDir: string;
  let store: TestStore;
  let hub: RunningHub;
  const tokens: Record<string, string> = {};
  const as = (who: string) => clientFor(hub.baseUrl, tokens[who]);
  let escalationId: string;
  let beforeDecision: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-audit-'));
    dataDir = join(dir, 'data');
    store = engine.open(dataDir);
    tokens['crc07'] = issueToken(store.env, 'provider', 'crc07', 'CRC07');
    tokens['po.alice'] = issueToken(store.env, 'decision-maker', 'po.alice');
    tokens['auditor.frank'] = issueToken(store.env, 'auditor', 'auditor.frank');
    // IMMEDIATE escalations are due after about a second here, so a test can make one late.
    hub = startHub({ ...store.env, PORT: String(await freePort()), LOG_LEVEL: 'warn', HUB_IMMEDIATE_HOURS: '0.0003' });
    await waitForReady(hub);

    await as('po.alice').post('/v1/cases', {
      crn: 'S100001',
      ldu: 'LDU-MAN-N',
      provider: 'CRC07',
      sentence: { type: 'Licence', lengthMonths: 30, offenceCategory: 'VIOLENT' },
      rosh: 'MEDIUM',
      mappa: null,
      exceptionalPublicInterest: false,
    });
    const posted = await as('crc07').post('/v1/cases/S100001/escalations', {
      requestId: 's-1',
      raisedBy: 'Jo Bloggs',
      proposedRosh: 'HIGH',
      urgency: 'IMMEDIATE',
      triggers: ['THREAT_DISCLOSED'],
      summary: 'Said "I will <b>hurt</b> her" & left.',
    });
    escalationId = posted.body.escalationId;
    await new Promise((wait) => setTimeout(wait, 20));
    beforeDecision = new Date().toISOString();
    await new Promise((wait) => setTimeout(wait, 20));
    await as('po.alice').post(`/v1/escalations/${escalationId}/decision`, {
      outcome: 'RETAIN_WITH_PROVIDER',
      rationale: 'Manageable: weekly reporting.',
    });
  }, 60_000);

  afterAll(async () => {
    await stopHub(hub);
    await store.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('replays every event in order with actor, times, data, hashes and the lateness of each decision', async () => {
    const { status, body } = await as('auditor.frank').get('/v1/cases/S100001/timeline');
    expect(status).toBe(200);
    expect(body.events.map((event: { type: string }) => event.type)).toEqual([
      'case.allocated',
      'escalation.requested',
      'escalation.decided',
    ]);
    const [allocated, requested, decided] = body.events;
    expect(allocated).toMatchObject({
      revision: 0,
      actor: { id: 'po.alice', role: 'decision-maker' },
      previousHash: null,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(requested).toMatchObject({
      revision: 1,
      actor: { id: 'crc07', role: 'provider', provider: 'CRC07' },
      previousHash: allocated.hash,
    });
    expect(decided).toMatchObject({
      revision: 2,
      previousHash: requested.hash,
      data: { rationale: 'Manageable: weekly reporting.' },
      lateness: { itemId: escalationId, late: false, tookMs: expect.any(Number), dueAt: requested.data.dueAt },
    });
    expect(Date.parse(decided.recordedAt)).toBeGreaterThanOrEqual(Date.parse(requested.recordedAt));
    expect(decided.position).toBeGreaterThan(requested.position);
  });

  it('shows the case as it stood: pending before the decision, decided after it', async () => {
    const before = await as('auditor.frank').get(`/v1/cases/S100001/state?asOf=${beforeDecision}`);
    expect(before.body).toMatchObject({ revision: 1, items: [expect.objectContaining({ itemId: escalationId, decision: null })] });
    const after = await as('auditor.frank').get('/v1/cases/S100001/state');
    expect(after.body.items[0].decision).toMatchObject({ outcome: 'RETAIN_WITH_PROVIDER', decidedBy: 'po.alice' });
    const timeline = await as('auditor.frank').get(`/v1/cases/S100001/timeline?asOf=${beforeDecision}`);
    expect(timeline.body.events).toHaveLength(2);
    expect((await as('auditor.frank').get('/v1/cases/S100001/timeline?revision=0')).body.events).toHaveLength(1);
    expect((await as('auditor.frank').get('/v1/cases/S100001/state?asOf=2000-01-01T00:00:00Z')).status).toBe(404);
    expect((await as('auditor.frank').get('/v1/cases/S100001/state?asOf=yesterday')).status).toBe(400);
    expect((await as('auditor.frank').get('/v1/cases/S100001/state?asOf=2026-11-20T09:30:00')).status).toBe(400); // no time zone
    expect((await as('auditor.frank').get('/v1/cases/S100001/timeline?revision=')).status).toBe(400);
    const allocatedAt = timeline.body.events[0].occurredAt;
    expect((await as('auditor.frank').get(`/v1/cases/S100001/state?asOf=${allocatedAt}`)).body).toMatchObject({ revision: 0 });
  });

  it('downloads the same timeline as CSV and as a printable HTML report', async () => {
    const csv = await fetch(`${hub.baseUrl}/v1/cases/S100001/timeline?format=csv`, {
      headers: { authorization: `Bearer ${tokens['auditor.frank']}` },
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('attachment; filename="case-S100001-timeline.csv"');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'position,revision,type,occurredAt,recordedAt,actorId,actorRole,actorProvider,late,tookMinutes,hash,previousHash,data,disclosedTo',
    );
    expect(lines).toHaveLength(4);
    expect(lines[2]).toContain('""escalationId""'); // JSON data, quoted CSV-style
    const html = await fetch(`${hub.baseUrl}/v1/cases/S100001/timeline?format=html`, {
      headers: { authorization: `Bearer ${tokens['auditor.frank']}` },
    });
    expect(html.headers.get('content-type')).toContain('text/html');
    // A download under a policy that runs nothing, never a page of the hub's origin.
    expect(html.headers.get('content-disposition')).toContain('attachment; filename="case-S100001-timeline.html"');
    expect(html.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    expect(html.headers.get('cache-control')).toBe('no-store');
    const page = await html.text();
    expect(page).toContain('<h1>Case S100001</h1>');
    expect(page).toContain('<dt>Provider for the area</dt><dd>CRC07');
    expect(page).toContain('on time');
    expect(page).not.toContain('<b>hurt</b>'); // provider text is escaped, never rendered as markup
  });

  it('exports a signed evidence bundle that the command line verifies offline, and names what was altered', async () => {
    const download = await fetch(`${hub.baseUrl}/v1/cases/S100001/export`, {
      headers: { authorization: `Bearer ${tokens['auditor.frank']}` },
    });
    expect(download.headers.get('content-disposition')).toContain('case-S100001-evidence.json');
    const bundle = (await download.json()) as { events: { data: Record<string, unknown> }[] };
    expect(bundle).toMatchObject({
      format: 'escalation-hub-evidence-bundle/2',
      crn: 'S100001',
      exportedBy: 'auditor.frank',
      checkpoint: expect.stringMatching(/^escalation-hub\.local\/log\n\d+\n/),
    });
    expect(bundle.events).toHaveLength(3);
    const publicKey = (await clientFor(hub.baseUrl).get('/v1/audit/public-key')).body.publicKeyPem;
    const pem = await fetch(`${hub.baseUrl}/v1/audit/public-key?format=pem`);
    expect(pem.headers.get('content-type')).toContain('application/x-pem-file');
    expect(await pem.text()).toBe(publicKey);
    const keyFile = join(dir, 'hub-key.pem');
    const bundleFile = join(dir, 'bundle.json');
    writeFileSync(keyFile, publicKey);
    writeFileSync(bundleFile, JSON.stringify(bundle));
    // No data folder at all: the verifier needs only the bundle and the key.
    const offline = (file: string) =>
      spawnSync(process.execPath, [HUB_MAIN, 'verify-bundle', file, '--public-key', keyFile], {
        env: { ...process.env, HUB_DATA_DIR: join(dir, 'nowhere') },
        encoding: 'utf8',
      });
    const valid = offline(bundleFile);
    expect(valid.status).toBe(0);
    expect(valid.stdout).toMatch(/^VALID: case S100001, 3 events, each proven in the signed log of \d+ events/);
    bundle.events[1].data.summary = 'Nothing to worry about.';
    writeFileSync(bundleFile, JSON.stringify(bundle));
    const edited = offline(bundleFile);
    expect(edited.status).toBe(2);
    expect(edited.stdout).toContain('HASH_MISMATCH: case-S100001 revision 1');
    expect(edited.stdout).toContain('was edited');
    expect((await as('po.alice').get('/v1/cases/S100001/export')).status).toBe(403);
  }, 60_000); // starts the command line twice

  it('verifies the chain, and names the first event edited behind the hub’s back', async () => {
    expect((await as('auditor.frank').get('/v1/cases/S100001/verify')).body).toEqual({
      valid: true,
      events: 3,
      headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      // Each event is also the very leaf the hub's Merkle tree of the whole log holds for it.
      log: { valid: true, state: 'intact', treeSize: expect.any(Number), signedTreeSize: expect.any(Number) },
    });
    await store.editEventData('case-S100001', 2, 'rationale', 'Rewritten later');
    const verified = (await as('auditor.frank').get('/v1/cases/S100001/verify')).body;
    expect(verified).toMatchObject({ valid: false, events: 3, firstInvalid: { streamVersion: 2, reason: 'HASH_MISMATCH' } });
    // The hub will not sign an export of a case whose chain no longer verifies.
    const refused = await as('auditor.frank').get('/v1/cases/S100001/export');
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('broken at revision 2');
  });

  it('records every read by providers, staff and auditors, apart from the case, and never moves its revision', async () => {
    const revisionBefore = (await as('auditor.frank').get('/v1/cases/S100001/timeline')).body.events.length;
    await as('po.alice').get('/v1/cases/S100001');
    await as('crc07').get('/v1/cases/S100001');
    const log = await as('auditor.frank').get('/v1/cases/S100001/access-log');
    const reads = log.body.reads.map((read: { actor: { id: string }; view: string }) => `${read.actor.id}:${read.view}`);
    expect(reads).toEqual(
      expect.arrayContaining([
        'auditor.frank:timeline',
        'auditor.frank:state',
        'auditor.frank:timeline.csv',
        'auditor.frank:timeline.html',
        'auditor.frank:verify',
        'auditor.frank:export',
        'po.alice:case',
        'crc07:case',
        'auditor.frank:access-log',
      ]),
    );
    expect(
      log.body.reads.find(
        (read: { view: string; query: { asOf?: string } }) => read.view === 'state' && read.query.asOf === beforeDecision,
      ),
    ).toBeDefined();
    expect(log.body.reads[0]).toMatchObject({ at: expect.any(String), from: expect.stringContaining('127.0.0.1') });
    expect((await as('auditor.frank').get('/v1/cases/S100001/timeline')).body.events).toHaveLength(revisionBefore);
    expect((await as('po.alice').get('/v1/cases/S100001')).body.revision).toBe(2);
  });

  it('reports every item decided late or still overdue, with who decided or holds it', async () => {
    const escalate = (requestId: string) =>
      as('crc07').post('/v1/cases/S100001/escalations', {
        requestId,
        raisedBy: 'Jo',
        proposedRosh: 'HIGH',
        urgency: 'IMMEDIATE',
        triggers: ['OTHER'],
        summary: 's',
      });
    const lateOne = (await escalate('s-late')).body.escalationId;
    const stillOpen = (await escalate('s-open')).body.escalationId;
    await as('po.alice').post(`/v1/queue/${stillOpen}/claim`);
    // A threat the public service passes to CRC07, which manages the case: CRC07's officer reviews it, late.
    const threat = await as('po.alice').post(
      '/v1/cases/S100001/risk-information',
      aThreatReported('His sister says he has threatened his former partner.'),
    );
    expect(threat.body).toMatchObject({ heldBy: 'CRC07' });
    await new Promise((wait) => setTimeout(wait, 1300));
    await as('po.alice').post(`/v1/escalations/${lateOne}/decision`, {
      outcome: 'RETAIN_WITH_PROVIDER',
      rationale: 'Decided after its due time.',
    });

    const report = await as('auditor.frank').get('/v1/audit/reports/late-decisions');
    expect(report.status).toBe(200);
    const byItem = new Map(report.body.items.map((item: { itemId: string }) => [item.itemId, item]));
    expect(byItem.get(lateOne)).toMatchObject({
      status: 'DECIDED_LATE',
      decidedBy: 'po.alice',
      crn: 'S100001',
      lateByMinutes: expect.any(Number),
    });
    expect(byItem.get(stillOpen)).toMatchObject({ status: 'STILL_OVERDUE', heldBy: 'po.alice', decidedAt: null, awaitedFrom: 'NPS' });
    expect(byItem.get(lateOne)).toMatchObject({ awaitedFrom: 'NPS' });
    // The provider's lateness is its own, not the public service's.
    const { riskInformationId } = threat.body;
    expect(byItem.get(riskInformationId)).toMatchObject({ kind: 'RISK_INFORMATION', status: 'STILL_OVERDUE', awaitedFrom: 'CRC07' });
    const awaiting = async (side: string) =>
      (await as('auditor.frank').get(`/v1/audit/reports/late-decisions?awaiting=${side}`)).body.items.map(
        (item: { itemId: string }) => item.itemId,
      );
    expect(await awaiting('PROVIDER')).toEqual([riskInformationId]);
    expect(await awaiting('PUBLIC_SERVICE')).toEqual(expect.arrayContaining([lateOne, stillOpen]));
    expect(await awaiting('PUBLIC_SERVICE')).not.toContain(riskInformationId);
    expect((await as('auditor.frank').get('/v1/audit/reports/late-decisions?awaiting=CRC07')).status).toBe(400);
    expect(byItem.has(escalationId)).toBe(false); // decided on time
    const future = await as('auditor.frank').get(
      `/v1/audit/reports/late-decisions?from=${new Date(Date.now() + 86_400_000).toISOString()}`,
    );
    expect(future.body.items).toEqual([]);
    const csv = await fetch(`${hub.baseUrl}/v1/audit/reports/late-decisions?format=csv`, {
      headers: { authorization: `Bearer ${tokens['auditor.frank']}` },
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).split('\r\n')[0]).toBe(
      'itemId,kind,crn,openedAt,dueAt,status,decidedAt,decidedBy,heldBy,lateByMinutes,awaitedFrom',
    );
    expect((await as('crc07').get('/v1/audit/reports/late-decisions')).status).toBe(403);
    expect((await as('auditor.frank').get('/v1/audit/reports/late-decisions?from=soon')).status).toBe(400);
  });

  it('keeps providers away from every auditor endpoint, and the access log for auditors only', async () => {
    for (const path of ['timeline', 'timeline?format=csv', 'state', 'verify', 'export', 'access-log']) {
      expect((await as('crc07').get(`/v1/cases/S100001/${path}`)).status).toBe(403);
    }
    expect((await as('po.alice').get('/v1/cases/S100001/access-log')).status).toBe(403);
    expect((await as('auditor.frank').get('/v1/cases/Z999999/timeline')).status).toBe(404);
    expect((await clientFor(hub.baseUrl).get('/v1/cases/S100001/timeline')).status).toBe(401);
  });
});

/** The worked example of docs/evidence-bundle.md, checked by the built command line: the page shows what it prints. */
describe('verify-bundle on the worked example of docs/evidence-bundle.md', () => {
  const docs = resolve(__dirname, '../../../docs');
  const spec = readFileSync(join(docs, 'evidence-bundle.md'), 'utf8');
  const vectors = JSON.parse(readFileSync(join(docs, 'merkle-test-vectors.json'), 'utf8'));
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hub-bundle-doc-'));
    writeFileSync(join(dir, 'case-X000001-evidence.json'), JSON.stringify(vectors.evidenceBundle.bundle, null, 2));
    writeFileSync(join(dir, 'hub-key.pem'), vectors.evidenceBundle.publicKeyPem);
    const edited = structuredClone(vectors.evidenceBundle.bundle);
    edited.events[1].data.proposedRosh = 'MEDIUM';
    writeFileSync(join(dir, 'edited.json'), JSON.stringify(edited, null, 2));
    // "A key other than the one that signed (here the witness test key)".
    const raw = Buffer.from(vectors.cosignedNote.witnessPublicKey, 'base64');
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]);
    writeFileSync(
      join(dir, 'witness-key.pem'),
      createPublicKey({ key: spki, format: 'der', type: 'spki' }).export({ type: 'spki', format: 'pem' }),
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [HUB_MAIN, 'verify-bundle', ...args], {
      cwd: dir,
      env: { ...process.env, HUB_DATA_DIR: join(dir, 'nowhere') },
      encoding: 'utf8',
    });
    return { status: result.status, stdout: result.stdout.trimEnd() };
  };

  it('prints, for a valid, an edited and a wrongly keyed bundle, exactly what the page shows', () => {
    const valid = run('case-X000001-evidence.json', '--public-key', 'hub-key.pem');
    expect(valid.status).toBe(0);
    const edited = run('edited.json', '--public-key', 'hub-key.pem');
    expect(edited.status).toBe(2);
    const otherKey = run('case-X000001-evidence.json', '--public-key', 'witness-key.pem');
    expect(otherKey.status).toBe(2);
    // An invalid bundle is only checked against the signed log, not proven in it.
    expect(edited.stdout).toMatch(/^INVALID: case X000001, 2 events, checked against the signed log of 3 events/);
    for (const output of [valid.stdout, edited.stdout, otherKey.stdout]) expect(spec).toContain(`\n${output}\n\`\`\``);
    const unkeyed = run('case-X000001-evidence.json');
    expect(unkeyed.status).toBe(0);
    expect(spec.replace(/\s+/g, ' ')).toContain(
      unkeyed.stdout
        .split('\n')[1]
        .trim()
        .replace(/^\(|\)$/g, ''),
    );
  }, 30_000);
});
