import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  eventLeafHash,
  parseCheckpointText,
  parseNote,
  SigningKey,
  verifyConsistency,
  verifyInclusion,
  Witness,
} from '@escalation-hub/audit-application';
import {
  anAllocation,
  clientFor,
  freePort,
  HUB_MAIN,
  issueToken,
  RunningHub,
  startHub,
  stopHub,
  TEST_STORES,
  waitForReady,
} from './testing/hub-process';

jest.setTimeout(60_000);

const ORIGIN = 'hub.test.example/log';

/** Waits until the hub has checked its store: ready, or refusing readiness for its integrity. */
async function untilSettled(hub: RunningHub): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const reply = await fetch(`${hub.baseUrl}/health/ready`).catch(() => undefined);
    if (reply && (reply.status === 200 || (await reply.text()).includes('integrity compromised'))) return;
    if (Date.now() > deadline) throw new Error('The hub did not settle within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the hub has signed a checkpoint of at least `size` events (signing follows the log a moment later). */
async function untilCheckpoint(baseUrl: string, size: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const reply = await fetch(`${baseUrl}/v1/audit/checkpoint`);
    if (reply.status === 200 && ((await reply.json()) as { treeSize: number }).treeSize >= size) return;
    if (Date.now() > deadline) throw new Error(`No checkpoint of ${size} events within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const EVERY = 4;

const escalation = (requestId: string) => ({
  requestId,
  raisedBy: 'Jo Bloggs, case manager',
  proposedRosh: 'HIGH',
  urgency: 'URGENT',
  triggers: ['VICTIM_CONCERN'],
  summary: 'Former partner reports him waiting outside her workplace.',
});

/**
 * The verifiable log as an outsider meets it: public checkpoints and proofs, a witness in its own
 * folder, and an insider who edits the store and recomputes the case's chain without the key.
 */
describe.each(TEST_STORES)('the verifiable log on $name', (engine) => {
  let dir: string;
  let store: ReturnType<(typeof TEST_STORES)[number]['open']>;
  let env: Record<string, string>;
  let hub: RunningHub | undefined;
  let tokens: Record<string, string>;
  let witnessDir: string;
  let keyFile: string;
  const base = () => (hub as RunningHub).baseUrl;
  const hubKey = () => SigningKey.loadExisting(keyFile) as SigningKey;
  const as = (who: string) => clientFor(base(), tokens[who]);
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [HUB_MAIN, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  const start = async () => {
    hub = startHub({ ...env, PORT: String(await freePort()), LOG_LEVEL: 'warn' });
    await untilSettled(hub);
    return hub;
  };
  const stop = async () => {
    if (hub) await stopHub(hub);
    hub = undefined;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-integrity-e2e-'));
    store = engine.open(join(dir, 'data'));
    // Key custody: the signing key lives outside the data folder.
    keyFile = join(dir, 'keys', 'hub-signing-key.pem');
    const key = SigningKey.loadOrCreate(keyFile);
    witnessDir = join(dir, 'witness');
    const witness = Witness.open(witnessDir, { name: 'witness.test.example/w1', logKey: key.verifierFor(ORIGIN).vkey });
    env = {
      ...store.env,
      HUB_SIGNING_KEY_FILE: keyFile,
      HUB_LOG_ORIGIN: ORIGIN,
      HUB_WITNESS_KEYS: witness.verifier.vkey,
      HUB_CHECKPOINT_EVERY_EVENTS: String(EVERY),
    };
    tokens = {
      po: issueToken(env, 'decision-maker', 'po.alice'),
      crc07: issueToken(env, 'provider', 'crc07', 'CRC07'),
      auditor: issueToken(env, 'auditor', 'auditor.frank'),
    };
    await start();
    expect((await as('po').post('/v1/cases', anAllocation('V100001'))).status).toBe(201);
    expect((await as('po').post('/v1/cases', anAllocation('V100002'))).status).toBe(201);
    for (let i = 0; i < 5; i += 1)
      expect((await as('crc07').post('/v1/cases/V100001/escalations', escalation(`v1-${i}`))).status).toBe(201);
  }, 90_000);

  afterAll(async () => {
    await stop();
    await store.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes signed C2SP checkpoints, newest first and paged, with the key kept outside the data folder', async () => {
    expect(existsSync(join(dir, 'data', 'integrity-key.pem'))).toBe(false);
    const publicKey = (await clientFor(base()).get('/v1/audit/public-key')).body;
    expect(publicKey).toMatchObject({ origin: ORIGIN, verifierKey: hubKey().verifierFor(ORIGIN).vkey });
    const newest = await fetch(`${base()}/v1/audit/checkpoint?format=note`);
    expect(newest.headers.get('content-type')).toContain('text/plain');
    const note = await newest.text();
    expect(note).toMatch(
      new RegExp(
        `^${ORIGIN.replace(/\./g, '\\.')}\\n\\d+\\n[A-Za-z0-9+/]{43}=\\n\\n— ${ORIGIN.replace(/\./g, '\\.')} [A-Za-z0-9+/]+=*\\n$`,
      ),
    );
    const page = (await clientFor(base()).get('/v1/audit/checkpoints?limit=1')).body;
    expect(page.checkpoints).toHaveLength(1);
    expect(page.next).toEqual({ beforeTreeSize: page.checkpoints[0].treeSize });
    const older = (await clientFor(base()).get(`/v1/audit/checkpoints?limit=100&beforeTreeSize=${page.next.beforeTreeSize}`)).body;
    const sizes = [page.checkpoints[0].treeSize, ...older.checkpoints.map((checkpoint: { treeSize: number }) => checkpoint.treeSize)];
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    // Signed at exactly every N events.
    expect(sizes.slice(-2)).toEqual([2 * EVERY, EVERY]);
    expect((await clientFor(base()).get('/v1/audit/checkpoints?limit=0')).status).toBe(400);
  });

  it('serves inclusion and consistency proofs that check against the signed roots', async () => {
    const { checkpoints } = (await clientFor(base()).get('/v1/audit/checkpoints?limit=100')).body;
    const [newest, older] = [checkpoints[0], checkpoints[checkpoints.length - 1]];
    const root = parseCheckpointText(parseNote(newest.note).text).rootHash;
    const bundle = (await as('auditor').get('/v1/cases/V100001/export')).body;
    const event = bundle.events[2];
    const inclusion = (await clientFor(base()).get(`/v1/audit/proofs/inclusion?leafIndex=${event.leafIndex}&treeSize=${newest.treeSize}`))
      .body;
    const proof = inclusion.proof.map((hash: string) => Buffer.from(hash, 'hex'));
    expect(verifyInclusion(event.leafIndex, newest.treeSize, eventLeafHash(event.hash), proof, root)).toBe(true);
    const consistency = (await clientFor(base()).get(`/v1/audit/proofs/consistency?from=${older.treeSize}&to=${newest.treeSize}`)).body;
    expect(
      verifyConsistency(
        older.treeSize,
        newest.treeSize,
        Buffer.from(older.rootHash, 'hex'),
        root,
        consistency.proof.map((hash: string) => Buffer.from(hash, 'hex')),
      ),
    ).toBe(true);
    expect((await clientFor(base()).get('/v1/audit/proofs/inclusion?leafIndex=999999')).status).toBe(422);
  });

  it('a witness in its own folder checks, keeps and cosigns each new checkpoint, and the hub publishes the cosignature', async () => {
    const first = cli('witness', '--log', base(), '--dir', witnessDir, '--once');
    expect(first.stdout).toMatch(/^Cosigned the checkpoint of \d+ events\n$/);
    const signed = (await clientFor(base()).get('/v1/audit/checkpoint')).body.treeSize;
    for (let i = 0; i < EVERY; i += 1) await as('crc07').post('/v1/cases/V100002/escalations', escalation(`v2-${i}`));
    await untilCheckpoint(base(), signed + EVERY);
    const second = cli('witness', '--log', base(), '--dir', witnessDir, '--once');
    expect(second.stdout).toMatch(/^Cosigned the checkpoint of \d+ events\n$/);
    const newest = (await clientFor(base()).get('/v1/audit/checkpoint')).body;
    expect(newest.cosignatures).toEqual([{ witness: 'witness.test.example/w1', timestamp: expect.any(Number) }]);
    expect(newest.note).toContain('\n— witness.test.example/w1 ');
    // A cosignature from a witness the hub was not told about is refused.
    const stranger = Witness.open(join(dir, 'stranger'), { logKey: hubKey().verifierFor(ORIGIN).vkey });
    const strangerOutcome = await stranger.poll(
      {
        // The hub's note without the trusted witness's line, so the stranger's is the only cosignature.
        latestCheckpoint: async () =>
          (await fetch(`${base()}/v1/audit/checkpoint?format=note`)).text().then((note) => note.split('— witness.')[0]),
        consistencyProof: async () => [],
        keyRotations: async () => [],
        submitCosignature: async (cosigned) => {
          const reply = await clientFor(base()).post('/v1/audit/checkpoint/cosignatures', { note: cosigned });
          if (reply.status !== 201) throw new Error(`${reply.status} ${reply.body.detail}`);
        },
      },
      new Date(),
    );
    expect(strangerOutcome).toMatchObject({ status: 'cosigned', submitted: false, submitError: expect.stringContaining('422') });
  });

  it('after an insider edits an event and recomputes its case chain, the hub signs and exports nothing, and says so', async () => {
    await stop();
    const pem = join(dir, 'hub-public.pem');
    writeFileSync(pem, hubKey().publicKeyPem);
    expect(cli('verify', '--all', '--public-key', pem, '--witness', witnessDir).stdout).toMatch(/^VALID: /);
    await store.forgeEventData('case-V100001', 1, 'summary', 'Nothing of concern was reported.');
    // Every per-case check passes: only the signed tree shows the change.
    expect(cli('replay', 'V100001').stdout).toContain('Chain intact');
    const checked = cli('verify', '--all', '--public-key', pem, '--witness', witnessDir);
    expect(checked.status).toBe(2);
    expect(checked.stdout).toMatch(/^INVALID: /);
    expect(checked.stdout).toContain('CHECKPOINT_MISMATCH');

    await start();
    const ready = await fetch(`${base()}/health/ready`);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(await ready.json())).toContain('integrity compromised');
    expect(await (await fetch(`${base()}/metrics`)).text()).toContain('hub_integrity_intact 0');
    const exported = await as('auditor').get('/v1/cases/V100001/export');
    expect(exported.status).toBe(503);
    expect(exported.body.type).toBe('https://escalation-hub.dev/problems/integrity-compromised');
    expect((await as('auditor').get('/v1/cases/V100001/verify')).body).toMatchObject({ valid: false, log: { state: 'compromised' } });
    // Work goes on being recorded, but no checkpoint is signed over the altered past.
    const before = (await clientFor(base()).get('/v1/audit/checkpoint')).body.treeSize;
    for (let i = 0; i < 2 * EVERY; i += 1) await as('crc07').post('/v1/cases/V100002/escalations', escalation(`v3-${i}`));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await clientFor(base()).get('/v1/audit/checkpoint')).body.treeSize).toBe(before);
    await stop();
  });
});

/** The insider who deletes a case with every checkpoint and the journal: nothing signs for the rest any more. */
describe('verify --all on a store stripped of a case, its checkpoints and its journal', () => {
  it('reports the missing checkpoints, and a witness folder shows what was there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-integrity-strip-'));
    const env = { HUB_DATA_DIR: join(dir, 'data'), HUB_CHECKPOINT_EVERY_EVENTS: String(EVERY) };
    const po = issueToken(env, 'decision-maker', 'po.alice');
    const crc07 = issueToken(env, 'provider', 'crc07', 'CRC07');
    const hub = startHub({ ...env, PORT: String(await freePort()), LOG_LEVEL: 'warn' });
    await waitForReady(hub);
    const key = SigningKey.loadExisting(join(dir, 'data', 'integrity-key.pem')) as SigningKey;
    const witnessDir = join(dir, 'witness');
    Witness.open(witnessDir, { logKey: key.verifierFor('escalation-hub.local/log').vkey });
    // Five cases of four events: 20 events, a checkpoint every 4.
    for (const crn of ['W100001', 'W100002', 'W100003', 'W100004', 'W100005']) {
      await clientFor(hub.baseUrl, po).post('/v1/cases', anAllocation(crn));
      for (let i = 0; i < 3; i += 1) await clientFor(hub.baseUrl, crc07).post(`/v1/cases/${crn}/escalations`, escalation(`${crn}-${i}`));
    }
    await untilCheckpoint(hub.baseUrl, 20);
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [HUB_MAIN, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
    expect(cli('witness', '--log', hub.baseUrl, '--dir', witnessDir, '--once').stdout).toMatch(/^Cosigned/);
    await stopHub(hub);
    expect(cli('verify', '--all').stdout).toMatch(/^VALID: /);

    const db = new Database(join(dir, 'data', 'events.sqlite'));
    db.exec(`DELETE FROM events WHERE stream_name IN ('case-W100002', 'integrity-checkpoints', 'integrity-cosignatures')`);
    db.close();
    unlinkSync(join(dir, 'data', 'integrity-checkpoints.jsonl'));
    const stripped = cli('verify', '--all');
    expect(stripped.status).toBe(2);
    expect(stripped.stdout).toMatch(/^INVALID: \d+ events in \d+ streams, 0 signed checkpoints/);
    expect(stripped.stdout).toContain(`CHECKPOINT_MISSING: events 1–`);
    expect(stripped.stdout).toContain(`one is due every ${EVERY}`);
    // The journal went too, though a checkpoint (and so its copy in the journal) was due.
    expect(stripped.stdout).toContain(
      `JOURNAL_MISSING: the checkpoint journal ${join(dir, 'data', 'integrity-checkpoints.jsonl')} is missing`,
    );
    const withWitness = cli('verify', '--all', '--witness', witnessDir);
    expect(withWitness.stdout).toMatch(/EVENTS_MISSING_AT_END|CHECKPOINT_MISMATCH/);
    expect(withWitness.stdout).toContain(' and 1 kept by witnesses');
    // A witness folder is a file anyone with access could edit: a note the hub's key did not sign is
    // not trusted, and a torn line is reported, not a crash.
    const forger = SigningKey.loadOrCreate(join(dir, 'forger-key.pem'));
    const forgedRoot = Buffer.alloc(32, 9);
    const forgedNote = forger.signCheckpoint({ origin: 'escalation-hub.local/log', size: 3, rootHash: forgedRoot });
    const forged = {
      origin: 'escalation-hub.local/log',
      treeSize: 3,
      rootHash: forgedRoot.toString('hex'),
      note: forgedNote,
      acceptedAt: new Date().toISOString(),
    };
    appendFileSync(join(witnessDir, 'checkpoints.jsonl'), `${JSON.stringify(forged)}\n{"treeSize": 20, "torn`);
    const edited = cli('verify', '--all', '--witness', witnessDir);
    expect(edited.status).toBe(2);
    expect(edited.stdout).toContain(' and 1 kept by witnesses');
    expect(edited.stdout).toContain(
      `WITNESS_LINE_UNREADABLE: line 3 of the witness's ${join(witnessDir, 'checkpoints.jsonl')} is not a checkpoint it kept`,
    );
    expect(edited.stdout).toContain('CHECKPOINT_BAD_SIGNATURE: the checkpoint at 3 events (witness) is not signed by a trusted key');
    // The hub itself will not sign over it either: 16 events and no checkpoint is more than a crash
    // between two checkpoints can leave (twice the policy).
    const restarted = startHub({ ...env, PORT: String(await freePort()), LOG_LEVEL: 'warn' });
    try {
      await untilSettled(restarted);
      expect((await fetch(`${restarted.baseUrl}/health/ready`)).status).toBe(503);
      expect((await fetch(`${restarted.baseUrl}/v1/audit/checkpoint`)).status).toBe(404);
    } finally {
      await stopHub(restarted);
    }
    rmSync(dir, { recursive: true, force: true });
  }, 90_000);
});

/** A new key signs from a point on; old keys stay published with the tree sizes they signed. */
describe('rotate-key', () => {
  it('hands over to a new key that the hub, verify --all and a witness all follow', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-rotate-'));
    const env = { HUB_DATA_DIR: join(dir, 'data'), HUB_CHECKPOINT_EVERY_EVENTS: String(EVERY) };
    const po = issueToken(env, 'decision-maker', 'po.alice');
    issueToken(env, 'provider', 'crc07', 'CRC07'); // cases go only to known providers
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [HUB_MAIN, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
    let hub = startHub({ ...env, PORT: String(await freePort()), LOG_LEVEL: 'warn' });
    await waitForReady(hub);
    const oldKey = SigningKey.loadExisting(join(dir, 'data', 'integrity-key.pem')) as SigningKey;
    const witnessDir = join(dir, 'witness');
    Witness.open(witnessDir, { logKey: oldKey.verifierFor('escalation-hub.local/log').vkey });
    for (const crn of ['Z100001', 'Z100002', 'Z100003', 'Z100004', 'Z100005'])
      await clientFor(hub.baseUrl, po).post('/v1/cases', anAllocation(crn));
    await untilCheckpoint(hub.baseUrl, EVERY);
    expect(cli('witness', '--log', hub.baseUrl, '--dir', witnessDir, '--once').stdout).toMatch(/^Cosigned/);
    await stopHub(hub);

    const rotated = cli('rotate-key');
    expect(rotated.status).toBe(0);
    expect(rotated.stdout).toContain('Destroyed the old private key');
    const newKey = SigningKey.loadExisting(join(dir, 'data', 'integrity-key.pem')) as SigningKey;
    expect(newKey.fingerprint).not.toBe(oldKey.fingerprint);

    hub = startHub({ ...env, PORT: String(await freePort()), LOG_LEVEL: 'warn' });
    await waitForReady(hub);
    const handedOver = (await clientFor(hub.baseUrl).get('/v1/audit/checkpoint')).body.treeSize;
    for (const crn of ['Z100006', 'Z100007', 'Z100008', 'Z100009', 'Z100010'])
      await clientFor(hub.baseUrl, po).post('/v1/cases', anAllocation(crn));
    await untilCheckpoint(hub.baseUrl, handedOver + EVERY);
    const keys = (await clientFor(hub.baseUrl).get('/v1/audit/public-keys')).body;
    expect(keys.keys.map((key: { fingerprint: string; current: boolean }) => [key.fingerprint, key.current])).toEqual([
      [newKey.fingerprint, true],
      [oldKey.fingerprint, false],
    ]);
    expect(keys.keys[1].validUntilTreeSize).toBe(keys.rotations[0].fromTreeSize);
    expect(keys.keys[0].validFromTreeSize).toBe(keys.rotations[0].fromTreeSize + 1);
    // The witness takes the new key through the hand-over the old key signed.
    expect(cli('witness', '--log', hub.baseUrl, '--dir', witnessDir, '--once').stdout).toMatch(/^Cosigned/);
    await stopHub(hub);
    const pem = join(dir, 'new-public.pem');
    writeFileSync(pem, newKey.publicKeyPem);
    // The witness's notes signed by the old key verify through the hand-over the store records.
    expect(cli('verify', '--all', '--public-key', pem, '--witness', witnessDir).stdout).toMatch(/^VALID: .* and 2 kept by witnesses/);
    rmSync(dir, { recursive: true, force: true });
  }, 90_000);
});

/** An event rewritten, chain and all, while the hub runs: the tree it holds still has the original. */
describe('an edit behind a running hub', () => {
  it('is named by the case verification, and the hub then signs and exports nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-live-forgery-'));
    const store = TEST_STORES[0].open(join(dir, 'data'));
    const env = { ...store.env, HUB_CHECKPOINT_EVERY_EVENTS: String(EVERY) };
    const po = issueToken(env, 'decision-maker', 'po.alice');
    const crc07 = issueToken(env, 'provider', 'crc07', 'CRC07');
    const auditor = issueToken(env, 'auditor', 'auditor.frank');
    const hub = startHub({ ...env, PORT: String(await freePort()), LOG_LEVEL: 'warn' });
    try {
      await waitForReady(hub);
      await clientFor(hub.baseUrl, po).post('/v1/cases', anAllocation('L100001'));
      for (let i = 0; i < 2; i += 1) await clientFor(hub.baseUrl, crc07).post('/v1/cases/L100001/escalations', escalation(`l-${i}`));
      expect((await clientFor(hub.baseUrl, auditor).get('/v1/cases/L100001/verify')).body).toMatchObject({
        valid: true,
        log: { valid: true },
      });
      await store.forgeEventData('case-L100001', 1, 'summary', 'Nothing of concern.');
      const verified = (await clientFor(hub.baseUrl, auditor).get('/v1/cases/L100001/verify')).body;
      // The chain recomputed by the forger verifies; the log does not.
      expect(verified).toMatchObject({ valid: false, events: 3, log: { valid: false, revisionsNotInTree: [1, 2], state: 'compromised' } });
      expect(verified.firstInvalid).toBeUndefined();
      expect((await fetch(`${hub.baseUrl}/health/ready`)).status).toBe(503);
      expect((await clientFor(hub.baseUrl, auditor).get('/v1/cases/L100001/export')).status).toBe(503);
    } finally {
      await stopHub(hub);
      await store.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** c2sp.org/tlog-witness: the hub pushes each checkpoint to a witness service and checks its tree against what it holds. */
describe('a witness the hub pushes to (HUB_WITNESS_URLS)', () => {
  it('cosigns each checkpoint as it is signed, and a store rolled back behind it stops the hub at start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-witness-push-'));
    const dataDir = join(dir, 'data');
    const keyFile = join(dir, 'keys', 'hub-signing-key.pem');
    const key = SigningKey.loadOrCreate(keyFile);
    const witnessDir = join(dir, 'witness');
    const witness = Witness.open(witnessDir, { name: 'witness.test.example/w2', logKey: key.verifierFor(ORIGIN).vkey });
    const witnessPort = await freePort();
    const witnessUrl = `http://127.0.0.1:${witnessPort}`;
    const service = spawn(process.execPath, [HUB_MAIN, 'witness', '--listen', String(witnessPort), '--dir', witnessDir], {
      stdio: 'ignore',
    });
    const env = {
      HUB_DATA_DIR: dataDir,
      HUB_SIGNING_KEY_FILE: keyFile,
      HUB_LOG_ORIGIN: ORIGIN,
      HUB_WITNESS_KEYS: witness.verifier.vkey,
      HUB_WITNESS_URLS: witnessUrl,
      HUB_CHECKPOINT_EVERY_EVENTS: String(EVERY),
    };
    let hub: RunningHub | undefined;
    try {
      for (let waited = 0; (await fetch(`${witnessUrl}/checkpoint`).catch(() => undefined))?.status !== 404; waited += 100) {
        if (waited > 20_000) throw new Error('the witness service did not start');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const po = issueToken(env, 'decision-maker', 'po.alice');
      const crc07 = issueToken(env, 'provider', 'crc07', 'CRC07');
      hub = startHub({ ...env, PORT: String(await freePort()), LOG_LEVEL: 'warn' });
      await untilSettled(hub);
      expect((await clientFor(hub.baseUrl, po).post('/v1/cases', anAllocation('P100001'))).status).toBe(201);
      for (let i = 0; i < 2 * EVERY; i += 1)
        expect((await clientFor(hub.baseUrl, crc07).post('/v1/cases/P100001/escalations', escalation(`p-${i}`))).status).toBe(201);
      await untilCheckpoint(hub.baseUrl, 2 * EVERY);
      // Pushed, not polled: the witness holds the hub's newest checkpoints and the hub publishes its cosignature.
      const deadline = Date.now() + 10_000;
      let newest = (await clientFor(hub.baseUrl).get('/v1/audit/checkpoint')).body;
      while (newest.cosignatures.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        newest = (await clientFor(hub.baseUrl).get('/v1/audit/checkpoint')).body;
      }
      expect(newest.cosignatures).toEqual([{ witness: 'witness.test.example/w2', timestamp: expect.any(Number) }]);
      const held = parseCheckpointText(parseNote(await (await fetch(`${witnessUrl}/checkpoint`)).text()).text).size;
      expect(held).toBeGreaterThanOrEqual(2 * EVERY);
      const health = (await fetch(`${hub.baseUrl}/health/ready`).then((reply) => reply.json())) as {
        checks: { eventStore: { integrity: { witnesses: unknown } } };
      };
      expect(health.checks.eventStore.integrity.witnesses).toEqual([{ url: witnessUrl, holds: expect.any(Number) }]);
      await stopHub(hub);
      hub = undefined;

      // An insider rolls the store back to its first events, checkpoints, cosignatures and journal included.
      const db = new Database(join(dataDir, 'events.sqlite'));
      db.exec('DELETE FROM events WHERE position > 3');
      db.close();
      unlinkSync(join(dataDir, 'integrity-checkpoints.jsonl'));
      hub = startHub({ ...env, PORT: String(await freePort()), LOG_LEVEL: 'warn' });
      await untilSettled(hub);
      const ready = await fetch(`${hub.baseUrl}/health/ready`);
      expect(ready.status).toBe(503);
      const problems = (
        (await ready.json()) as { checks: { eventStore: { integrity: { problems: { code: string; witnessSize?: number }[] } } } }
      ).checks.eventStore.integrity.problems;
      expect(problems).toEqual([expect.objectContaining({ code: 'WITNESS_AHEAD', witness: witnessUrl, treeSize: 3 })]);
    } finally {
      if (hub) await stopHub(hub);
      service.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
