import { execFileSync, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aTestSchemaName, dropTestSchema, TEST_POSTGRES_URL } from '@escalation-hub/sql/testing';
import { clientFor, freePort, HUB_MAIN, issueToken, startHub, stopHub, waitForReady } from './testing/hub-process';

/** The operator's command line against a real data folder. */
describe('hub command line: replay, verify --all, rebuild-projections and migrate-store', () => {
  let dir: string;
  let dataDir: string;
  let publicKey: { algorithm: string; publicKeyPem: string; fingerprint: string };
  const hubCli = (...args: string[]) =>
    spawnSync(process.execPath, [HUB_MAIN, ...args], { env: { ...process.env, HUB_DATA_DIR: dataDir }, encoding: 'utf8' });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-cli-'));
    dataDir = join(dir, 'data');
    const officer = issueToken(dataDir, 'decision-maker', 'po.alice');
    const provider = issueToken(dataDir, 'provider', 'crc07', 'CRC07');
    const hub = startHub({ PORT: String(await freePort()), HUB_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    await waitForReady(hub);
    publicKey = (await clientFor(hub.baseUrl).get('/v1/audit/public-key')).body;
    await clientFor(hub.baseUrl, officer).post('/v1/cases', {
      crn: 'R100001',
      ldu: 'LDU-MAN-N',
      provider: 'CRC07',
      sentence: { type: 'Licence', lengthMonths: 30, offenceCategory: 'VIOLENT' },
      rosh: 'LOW',
      mappa: null,
      exceptionalPublicInterest: false,
    });
    await clientFor(hub.baseUrl, provider).post('/v1/cases/R100001/escalations', {
      requestId: 'cli-1',
      raisedBy: 'Jo',
      proposedRosh: 'HIGH',
      urgency: 'URGENT',
      triggers: ['VICTIM_CONCERN'],
      summary: 'Waiting outside her workplace.',
    });
    await stopHub(hub);
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replays a case in the terminal and confirms its chain', () => {
    const result = hubCli('replay', 'R100001');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^\s+0 {2}\S+ {2}case\.allocated\s+po\.alice \(decision-maker\)/m);
    expect(result.stdout).toMatch(/^\s+1 {2}\S+ {2}escalation\.requested\s+crc07 \(provider CRC07\)/m);
    expect(result.stdout).toContain('Chain intact: 2 events');
    expect(hubCli('replay', 'R100001', '--as-of', '2000-01-01T00:00:00Z').status).toBe(1);
    expect(hubCli('replay').status).toBe(64);
  });

  it('verifies the whole store against the checkpoint signed at shutdown, and catches a deleted case', () => {
    expect(publicKey).toMatchObject({
      algorithm: 'Ed25519',
      publicKeyPem: expect.stringContaining('BEGIN PUBLIC KEY'),
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const keyFile = join(dir, 'hub-public-key.pem');
    writeFileSync(keyFile, publicKey.publicKeyPem);
    const valid = hubCli('verify', '--all', '--public-key', keyFile);
    expect(valid.status).toBe(0);
    expect(valid.stdout).toMatch(/^VALID: 3 events in 2 streams, 1 signed checkpoint,/);
    const copy = join(dir, 'copy');
    cpSync(dataDir, copy, { recursive: true });
    const db = new Database(join(copy, 'events.sqlite'));
    db.prepare("DELETE FROM events WHERE stream_name = 'case-R100001'").run();
    db.close();
    const tampered = spawnSync(process.execPath, [HUB_MAIN, 'verify', '--all', '--public-key', keyFile], {
      env: { ...process.env, HUB_DATA_DIR: copy },
      encoding: 'utf8',
    });
    expect(tampered.status).toBe(2);
    expect(tampered.stdout).toContain('INVALID');
    expect(tampered.stdout).toMatch(/CHECKPOINT_MISMATCH|EVENTS_MISSING_AT_END/);
  });

  it('rebuilds every read model from the events, to the same answers', async () => {
    const result = hubCli('rebuild-projections');
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('Rebuilt 5 read models from 3 events');
    const officer = execFileSync(process.execPath, [HUB_MAIN, 'token', 'issue', '--role', 'decision-maker', '--name', 'po.bob'], {
      env: { ...process.env, HUB_DATA_DIR: dataDir },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const hub = startHub({ PORT: String(await freePort()), HUB_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    try {
      await waitForReady(hub);
      const queue = await clientFor(hub.baseUrl, officer).get('/v1/queue');
      expect(queue.body.items).toEqual([expect.objectContaining({ crn: 'R100001', kind: 'ESCALATION' })]);
    } finally {
      await stopHub(hub);
    }
  }, 60_000);

  it('moves the store to PostgreSQL, where the hub, its CLI and verify --all carry on', async () => {
    const schema = aTestSchemaName();
    const target = `${TEST_POSTGRES_URL}?schema=${schema}`;
    try {
      const migrated = hubCli('migrate-store', '--from', `sqlite:${dataDir}`, '--to', target);
      expect(migrated.stderr).toContain('events copied');
      expect(migrated.stdout).toMatch(/^IDENTICAL: \d+ events in \d+ streams/);
      expect(migrated.status).toBe(0);
      // Run again: nothing more to copy, still identical.
      expect(hubCli('migrate-store', '--from', `sqlite:${dataDir}`, '--to', target).stderr).toContain('Copied 0 events');

      const onPostgres = { HUB_DATA_DIR: dataDir, HUB_STORE: 'postgres', HUB_STORE_URL: TEST_POSTGRES_URL, HUB_POSTGRES_SCHEMA: schema };
      const cli = (...args: string[]) =>
        spawnSync(process.execPath, [HUB_MAIN, ...args], { env: { ...process.env, ...onPostgres }, encoding: 'utf8' });
      expect(cli('verify', '--all').stdout).toMatch(/^VALID: .* 1 signed checkpoint/);
      expect(cli('replay', 'R100001').stdout).toContain('Chain intact: 2 events');
      // Tokens stay with each store's own database: a token issued on PostgreSQL works there.
      const officer = issueToken(onPostgres, 'decision-maker', 'po.moved');
      const hub = startHub({ ...onPostgres, PORT: String(await freePort()), LOG_LEVEL: 'warn' });
      try {
        await waitForReady(hub);
        const queue = await clientFor(hub.baseUrl, officer).get('/v1/queue');
        expect(queue.body.items).toEqual([expect.objectContaining({ crn: 'R100001', kind: 'ESCALATION' })]);
        const claimed = await clientFor(hub.baseUrl, officer).post(`/v1/queue/${queue.body.items[0].itemId}/claim`);
        expect(claimed.body).toMatchObject({ claimedBy: 'po.moved' });
      } finally {
        await stopHub(hub);
      }
      // The copy has moved on: the old store is no longer the same history, and the check says so.
      const diverged = hubCli('migrate-store', '--from', `sqlite:${dataDir}`, '--to', target);
      expect(diverged.status).toBe(2);
      expect(diverged.stdout).toContain('DIFFERENT');
      expect(diverged.stdout).toMatch(/is in the copy but not in the source/);
      expect(hubCli('migrate-store', '--from', 'mysql://db', '--to', target).status).toBe(64);
    } finally {
      await dropTestSchema(schema);
    }
  }, 60_000);
});
