import Database from 'better-sqlite3';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { aTestSchemaName, dropTestSchema, runOnTestPostgres, TEST_POSTGRES_URL } from '@escalation-hub/sql/testing';
import { Client } from 'pg';
import { computeEventHash, JsonObject } from '@escalation-hub/event-store';

/** The built hub, as `npm start` and `npm run hub` run it. Tests drive it as a separate process. */
export const HUB_MAIN = resolve(__dirname, '../../../../dist/apps/hub/main.js');

export interface RunningHub {
  readonly process: ChildProcess;
  readonly baseUrl: string;
  output(): string;
  readonly exited: Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : reject(new Error('no free port'))));
    });
  });
}

/** A distributed service as built by `nx build <name>`. */
export function serviceMain(name: 'gateway' | 'decisions' | 'audit'): string {
  return resolve(__dirname, `../../../../dist/apps/${name}/main.js`);
}

/** Starts the built hub (or, with `main`, a built service) as a separate process. */
export function startHub(env: Record<string, string>, main = HUB_MAIN): RunningHub {
  const child = spawn(process.execPath, [main], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { process: child, baseUrl: `http://127.0.0.1:${env['PORT']}`, output: () => output, exited };
}

export async function waitForReady(hub: RunningHub, timeoutMs = 30_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    try {
      if ((await fetch(`${hub.baseUrl}/health/ready`)).status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
  throw new Error(`Hub not ready within ${timeoutMs} ms:\n${hub.output()}`);
}

export async function stopHub(hub: RunningHub): Promise<void> {
  if (hub.process.exitCode === null) hub.process.kill('SIGTERM');
  await hub.exited;
}

/**
 * Issues a token with the hub's own command line, as an operator would (`hub`: its data folder, or its
 * whole environment; `main`: another build's entry point, for benchmarks comparing builds).
 */
export function issueToken(hub: string | Record<string, string>, role: string, name: string, provider?: string, main = HUB_MAIN): string {
  const env = typeof hub === 'string' ? { HUB_DATA_DIR: hub } : hub;
  const args = [main, 'token', 'issue', '--role', role, '--name', name, ...(provider ? ['--provider', provider] : [])];
  return execFileSync(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] })
    .toString()
    .trim();
}

/** One store a hub under test runs on: the variables that select it, and what an intruder with database access could do to it. */
export interface TestStore {
  /** HUB_STORE and friends, plus HUB_DATA_DIR. */
  readonly env: Record<string, string>;
  /** Rewrites one field of a stored event's data behind the hub's back. */
  editEventData(streamName: string, streamVersion: number, field: string, value: string): Promise<void>;
  /** The same edit, then the stream's chain recomputed from there on, as an insider without the signing key could. */
  forgeEventData(streamName: string, streamVersion: number, field: string, value: string): Promise<void>;
  cleanup(): Promise<void>;
}

interface StoredRow {
  position: number | string;
  event_id: string;
  stream_version: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

/** The rows of a stream with one field edited and every hash from there on recomputed: each case check then passes. */
function forgedChain(streamName: string, rows: StoredRow[], streamVersion: number, field: string, value: string) {
  let previousHash: string | null = null;
  return rows.map((row) => {
    const data = JSON.parse(row.data) as Record<string, unknown>;
    if (row.stream_version === streamVersion) data[field] = value;
    const content = {
      streamName,
      streamVersion: row.stream_version,
      id: row.event_id,
      type: row.type,
      data: data as JsonObject,
      metadata: JSON.parse(row.metadata) as JsonObject,
      recordedAt: row.recorded_at,
      previousHash,
    };
    const hash = computeEventHash(content);
    const forged = { position: row.position, data: JSON.stringify(data), hash, previousHash };
    previousHash = hash;
    return forged;
  });
}

/** The engines the end-to-end flows run on: the embedded default, and the real PostgreSQL (a schema of its own). */
export const TEST_STORES: readonly { readonly name: string; open(dataDir: string): TestStore }[] = [
  {
    name: 'SQLite',
    open: (dataDir) => ({
      env: { HUB_DATA_DIR: dataDir },
      async editEventData(streamName, streamVersion, field, value) {
        const db = new Database(join(dataDir, 'events.sqlite'));
        db.prepare('UPDATE events SET data = json_set(data, ?, ?) WHERE stream_name = ? AND stream_version = ?').run(
          `$.${field}`,
          value,
          streamName,
          streamVersion,
        );
        db.close();
      },
      async forgeEventData(streamName, streamVersion, field, value) {
        const db = new Database(join(dataDir, 'events.sqlite'));
        const rows = db.prepare('SELECT * FROM events WHERE stream_name = ? ORDER BY stream_version').all(streamName) as StoredRow[];
        const update = db.prepare('UPDATE events SET data = ?, hash = ?, previous_hash = ? WHERE position = ?');
        for (const row of forgedChain(streamName, rows, streamVersion, field, value))
          update.run(row.data, row.hash, row.previousHash, row.position);
        db.close();
      },
      cleanup: async () => undefined,
    }),
  },
  {
    name: 'PostgreSQL',
    open(dataDir) {
      const schema = aTestSchemaName();
      return {
        env: { HUB_DATA_DIR: dataDir, HUB_STORE: 'postgres', HUB_STORE_URL: TEST_POSTGRES_URL, HUB_POSTGRES_SCHEMA: schema },
        editEventData: (streamName, streamVersion, field, value) =>
          runOnTestPostgres(
            `UPDATE ${schema}.events SET data = jsonb_set(data::jsonb, $1, to_jsonb($2::text))::text WHERE stream_name = $3 AND stream_version = $4`,
            [`{${field}}`, value, streamName, streamVersion],
          ),
        async forgeEventData(streamName, streamVersion, field, value) {
          const client = new Client({ connectionString: TEST_POSTGRES_URL });
          await client.connect();
          try {
            const { rows } = await client.query<StoredRow>(
              `SELECT * FROM ${schema}.events WHERE stream_name = $1 ORDER BY stream_version`,
              [streamName],
            );
            for (const row of forgedChain(streamName, rows, streamVersion, field, value))
              await client.query(`UPDATE ${schema}.events SET data = $1, hash = $2, previous_hash = $3 WHERE position = $4`, [
                row.data,
                row.hash,
                row.previousHash,
                row.position,
              ]);
          } finally {
            await client.end();
          }
        },
        cleanup: () => dropTestSchema(schema),
      };
    },
  },
];

/** A determinate sentence of imprisonment, the person now on licence: recall advice can be drafted on it. */
export const ON_LICENCE = { type: 'DETERMINATE_CUSTODY', lengthMonths: 24, custodialTermMonths: 24, offenceCategory: 'OTHER' };

/** A threat a victim's family reports to the public service's duty officer, known now: due the same day. */
export function aThreatReported(summary: string) {
  return {
    source: 'VICTIM_OR_FAMILY',
    channel: 'Telephone call to the office',
    knownAt: new Date().toISOString(),
    receivedBy: 'po.alice, duty officer',
    threat: true,
    summary,
  };
}

/** The body of `POST /v1/cases` for a MEDIUM-risk, non-MAPPA case (a community order unless told): it goes to the provider. */
export function anAllocation(crn: string, overrides: { ldu?: string; provider?: string; sentence?: object } = {}) {
  return {
    crn,
    ldu: overrides.ldu ?? 'N07-LDU1',
    provider: overrides.provider ?? 'CRC07',
    sentence: overrides.sentence ?? { type: 'COMMUNITY_ORDER', lengthMonths: 12, offenceCategory: 'OTHER' },
    rosh: 'MEDIUM',
    mappa: null,
    exceptionalPublicInterest: false,
  };
}

/** The escalation tools/fixtures/write-release-store.ts posts on its cases: posted again, it is a retry. */
export function theFixturesEscalation(requestId: string, urgency: string) {
  return {
    requestId,
    raisedBy: 'Jo Bloggs, case manager',
    proposedRosh: 'HIGH',
    urgency,
    triggers: ['VICTIM_CONCERN'],
    summary: 'Former partner reports him waiting outside her workplace.',
  };
}

/** A browser signing in through a TLS-terminating proxy that forwards `client` as its address: the form's cookie and token, then the form. */
export async function signInThroughProxy(baseUrl: string, name: string, password: string, client: string): Promise<Response> {
  const proxied = { 'x-forwarded-for': client, 'x-forwarded-proto': 'https' };
  const form = await fetch(`${baseUrl}/sign-in`, { headers: proxied });
  const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0];
  const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  return fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...proxied, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, name, password }).toString(),
  });
}

/** A small HTTP client bound to one hub and one token. */
export function clientFor(baseUrl: string, token?: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test client: bodies are asserted field by field
    const json: any = text ? JSON.parse(text) : undefined;
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: json };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body ?? {}),
  };
}
