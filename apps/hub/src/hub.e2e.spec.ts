import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventLog, SqliteEventStore } from '@escalation-hub/event-store';
import { someNewEvents } from '@escalation-hub/event-store/testing';
import { clientFor, freePort, issueToken, RunningHub, startHub, waitForReady } from './testing/hub-process';

describe('the embedded hub, started as `npm start` runs it', () => {
  const dirs: string[] = [];
  const hubs: RunningHub[] = [];
  const newDataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-e2e-'));
    dirs.push(dir);
    return join(dir, 'data');
  };

  afterEach(async () => {
    for (const hub of hubs.splice(0)) {
      if (hub.process.exitCode === null) hub.process.kill('SIGKILL');
      await hub.exited;
    }
  });
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('serves health and metrics on an empty data folder, with problem+json for unknown paths', async () => {
    const dataDir = newDataDir();
    const hub = startHub({ PORT: String(await freePort()), HUB_DATA_DIR: dataDir });
    hubs.push(hub);
    await waitForReady(hub);

    const ready = await (await fetch(`${hub.baseUrl}/health/ready`)).json();
    expect(ready).toMatchObject({
      status: 'ready',
      checks: { eventStore: { status: 'up', engine: 'sqlite', headPosition: 0, journalMode: 'wal', synchronous: 'FULL' } },
    });
    expect(JSON.stringify(ready)).not.toContain(dataDir); // where the files are is not for every caller to know
    expect(await (await fetch(`${hub.baseUrl}/health/live`)).json()).toEqual({ status: 'live' });
    expect(existsSync(join(dataDir, 'events.sqlite'))).toBe(true);
    // The stores hold personal data: owner-only files, their write-ahead logs too.
    for (const file of readdirSync(dataDir).filter((name) => /\.sqlite(-wal|-shm)?$/.test(name))) {
      expect({ file, mode: (statSync(join(dataDir, file)).mode & 0o777).toString(8) }).toEqual({ file, mode: '600' });
    }
    expect(readdirSync(dataDir)).toEqual(
      expect.arrayContaining(['events.sqlite', 'read-models.sqlite', 'identity.sqlite', 'events.sqlite-wal']),
    );

    const metrics = await fetch(`${hub.baseUrl}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const text = await metrics.text();
    expect(text).toContain('hub_event_store_head_position 0');
    expect(text).toContain('hub_integrity_intact 1');
    expect(text).toContain('hub_integrity_tree_size 0');
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/health\/ready",status="200"\} \d+/);
    expect(text).toContain('process_resident_memory_bytes');

    const missing = await fetch(`${hub.baseUrl}/v1/nothing-here`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(await missing.json()).toMatchObject({ status: 404, title: 'Not Found', type: expect.any(String), detail: expect.any(String) });

    const tooLarge = await fetch(`${hub.baseUrl}/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(300 * 1024) }),
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('content-type')).toContain('application/problem+json');
    expect(await tooLarge.json()).toMatchObject({ status: 413, title: 'Payload Too Large' });

    const malformed = await fetch(`${hub.baseUrl}/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"crn": ',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({
      status: 400,
      title: 'Bad Request',
      detail: expect.stringMatching(/^The request body is not valid JSON/),
    });

    // Nesting deeper than any body the API takes is refused before validation (which recurses), on every JSON endpoint.
    for (const body of [
      '['.repeat(5_000) + ']'.repeat(5_000),
      JSON.stringify({ requestId: 'r', triggers: JSON.parse('['.repeat(25) + ']'.repeat(25)) }),
    ]) {
      const deep = await fetch(`${hub.baseUrl}/v1/cases/X100001/escalations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(deep.status).toBe(400);
      expect(await deep.json()).toMatchObject({ status: 400, detail: expect.stringContaining('more than 20 levels deep') });
    }
    // Only UTF-8: in UTF-16 a repeated or forbidden key would read differently to the key check and to the parser.
    const utf16 = await fetch(`${hub.baseUrl}/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-16le' },
      body: Buffer.from('{"s":"\u2022","a":1,"a":2,"__proto__":{"x":1}}', 'utf16le'),
    });
    expect(utf16.status).toBe(415);
    expect(utf16.headers.get('content-type')).toContain('application/problem+json');
    expect(await utf16.json()).toMatchObject({ status: 415, detail: 'The request body must be UTF-8 JSON.' });
    // Ambiguous or hostile keys are refused like any other unreadable body: a key given twice, the object machinery.
    for (const [body, detail] of [
      ['{"crn":"X100001","crn":"X100002"}', 'the key "crn" appears twice in one object'],
      ['{"sentence":{"type":"a","\\u0074ype":"b"}}', 'the key "type" appears twice in one object'],
      ['{"__proto__":{"role":"admin"}}', 'the key "__proto__" is not allowed'],
      ['{"mappa":{"constructor":{"prototype":1}}}', 'the key "constructor" is not allowed'],
    ]) {
      const refused = await fetch(`${hub.baseUrl}/v1/cases`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ status: 400, detail: `The request body is refused: ${detail}.` });
    }
    await fetch(`${hub.baseUrl}/v1/queue?ldu=SECRET-LDU&provider=CRC07`);
    for (let waited = 0; waited < 3000 && !hub.output().includes('"/v1/queue"'); waited += 50)
      await new Promise((wait) => setTimeout(wait, 50));
    const lines = hub.output().trim().split('\n');
    expect(lines.every((line) => typeof JSON.parse(line).level === 'string')).toBe(true);
    // Request logs name the path, never the query string.
    expect(lines.some((line) => JSON.parse(line).path === '/v1/queue')).toBe(true);
    expect(hub.output()).not.toContain('SECRET-LDU');
  }, 40_000);

  it('limits each token to its request rate with 429 and Retry-After, without touching other tokens', async () => {
    const dataDir = newDataDir();
    const provider = issueToken(dataDir, 'provider', 'crc07-busy', 'CRC07');
    const other = issueToken(dataDir, 'provider', 'crc07-calm', 'CRC07');
    const hub = startHub({ PORT: String(await freePort()), HUB_DATA_DIR: dataDir, HUB_TOKEN_RATE_LIMIT: '2' });
    hubs.push(hub);
    await waitForReady(hub);
    const busy = clientFor(hub.baseUrl, provider);
    // A burst of 5 seconds' worth (10) passes; the next is refused until the bucket refills.
    const statuses = [];
    for (let request = 0; request < 12; request += 1) statuses.push((await busy.get('/v1/feed')).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    const refused = await fetch(`${hub.baseUrl}/v1/feed`, { headers: { authorization: `Bearer ${provider}` } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ status: 429, detail: expect.stringContaining('more than 2 requests a second') });
    expect((await clientFor(hub.baseUrl, other).get('/v1/feed')).status).toBe(200);
    await new Promise((wait) => setTimeout(wait, 1_100));
    expect((await busy.get('/v1/feed')).status).toBe(200);
  }, 40_000);

  it('projects events already in the store and reports its position', async () => {
    const dataDir = newDataDir();
    const store = new SqliteEventStore({ filename: join(dataDir, 'events.sqlite') });
    const log = new EventLog(store);
    await log.append('smoke-1', someNewEvents(3), 'no_stream');
    const last = await log.append('smoke-2', someNewEvents(2), 'no_stream');
    await store.close();

    const hub = startHub({ PORT: String(await freePort()), HUB_DATA_DIR: dataDir });
    hubs.push(hub);
    await waitForReady(hub);
    let projections: { name: string; position?: number; caughtUp: boolean }[] = [];
    for (
      let i = 0;
      i < 50 && (projections.length === 0 || !projections.every((projection) => projection.position === last.lastPosition));
      i += 1
    ) {
      const report = (await (await fetch(`${hub.baseUrl}/health/ready`)).json()) as {
        checks: { projections: { projections: typeof projections } };
      };
      projections = report.checks.projections.projections;
      await new Promise((wait) => setTimeout(wait, 100));
    }
    expect(projections.map((projection) => projection.name).sort()).toEqual([
      'case-view',
      'decision-queue',
      'disclosure-log',
      'item-deadlines',
      'provider-feed',
    ]);
    projections.forEach((projection) => expect(projection).toMatchObject({ caughtUp: true, position: last.lastPosition }));
    expect(await (await fetch(`${hub.baseUrl}/metrics`)).text()).toContain(
      `hub_projection_position{projection="case-view"} ${last.lastPosition}`,
    );
  }, 40_000);

  it('refuses to start on bad configuration, naming each bad variable, and touches nothing', async () => {
    const dataDir = newDataDir();
    const hub = startHub({ PORT: 'eighty', LOG_LEVEL: 'loud', HUB_DATA_DIR: dataDir });
    expect(await hub.exited).toBe(78);
    expect(hub.output()).toContain('PORT: must be a whole number');
    expect(hub.output()).toContain('LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace (got "loud")');
    expect(existsSync(dataDir)).toBe(false);
    // A file the hub reads at start-up is configuration too: same exit code, a message naming it.
    const holidays = startHub({
      PORT: String(await freePort()),
      HUB_DATA_DIR: dataDir,
      HUB_BANK_HOLIDAYS_FILE: join(dataDir, 'missing.json'),
    });
    expect(await holidays.exited).toBe(78);
    expect(holidays.output()).toContain('HUB_BANK_HOLIDAYS_FILE: cannot use');
    expect(existsSync(dataDir)).toBe(false);
    // The token rate limit is a whole number, 0 for none.
    const rate = startHub({ PORT: String(await freePort()), HUB_DATA_DIR: dataDir, HUB_TOKEN_RATE_LIMIT: '-1' });
    expect(await rate.exited).toBe(78);
    expect(rate.output()).toContain('HUB_TOKEN_RATE_LIMIT: must be 0 (no limit) or more');
  }, 30_000);

  it('shuts down cleanly on SIGTERM: stops serving, closes the store, exits 0', async () => {
    const dataDir = newDataDir();
    const hub = startHub({ PORT: String(await freePort()), HUB_DATA_DIR: dataDir });
    hubs.push(hub);
    await waitForReady(hub);
    hub.process.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
    expect(hub.output()).toContain('"msg":"Storage closed"');
    await expect(fetch(`${hub.baseUrl}/health/live`)).rejects.toThrow();
    // The store was closed cleanly and reopens with its data intact.
    const store = new SqliteEventStore({ filename: join(dataDir, 'events.sqlite') });
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
  }, 40_000);
});
