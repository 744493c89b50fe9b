/**
 * POST /v1/cases/{crn}/escalations under real HTTP load (autocannon, 10 connections) against the
 * built hub on a fresh data folder, beside a no-op Nest endpoint with the same validation, in one
 * run. A second table does the same on cases that already hold 1,000 items each (`--items`,
 * `--large-cases`), written beforehand by the real rules into a signed store: a write should cost
 * the same in a case of 1,000 items as in a new one. Each case takes at most 99 more open requests
 * (the cap is 100), so there must be enough cases for the whole load: 150 by default, room for
 * about 1,400 req/s for 10 s; a 429 counts in the `other` column. Every hub request is one durable
 * append (the case event, whose id binds the requestId: ADR 0008) plus read-model updates before
 * the answer. Counts the escalation events in the store
 * afterwards: every 2xx answer must be one of them. `--before <main.js>` measures another build too,
 * in the same run (its own fresh data folder), e.g. the previous release built in a git worktree.
 * A last row runs the hub's own HTTP frame (its guard, validation, routes and filters) with a command
 * handler that records nothing (bench/hub-variants.server.ts, from sources): what no storage design
 * can beat. Each row also gives the CPU its server process spent per answered request (all threads,
 * from /proc): with the load generator on the same two cores the machine is saturated, so the ratio of
 * those costs is what sets the ratio of the throughputs.
 *
 *   npm run bench:http [-- --seconds 10 --connections 10 --before ../previous/dist/apps/hub/main.js]
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { toNewEvent } from '@escalation-hub/casework-application';
import { argument, benchEscalation, formatRate, printTable, processCpuSeconds, spawnHubVariant } from './bench-support';
import { largeCase } from './case-history';
import { SignedStoreWriter } from './signed-store';
import { anAllocation, freePort, issueToken } from '../apps/hub/src/testing/hub-process';

const SECONDS = argument('seconds', 10);
const CONNECTIONS = argument('connections', 10);
const CASES = 200;
const ITEMS = argument('items', 1000);
const LARGE_CASES = argument('large-cases', 150);
const ROOT = resolve(__dirname, '..');
const HUB_MAIN = join(ROOT, 'dist/apps/hub/main.js');
/** Another build's main.js (e.g. the previous release's, built in a git worktree) to measure in the same run. */
const BEFORE = (() => {
  const index = process.argv.indexOf('--before');
  return index === -1 ? undefined : resolve(process.argv[index + 1]);
})();

function waitForLine(child: ChildProcess, url: string): Promise<void> {
  return new Promise((done, reject) => {
    const started = Date.now();
    const poll = async () => {
      try {
        await fetch(url);
        return done();
      } catch {
        if (Date.now() - started > 30_000) return reject(new Error(`${url} did not answer`));
        setTimeout(poll, 100);
      }
    };
    child.on('exit', (code) => reject(new Error(`exited with ${code}`)));
    void poll();
  });
}

/** The cases a load spreads over: `B100000`… (allocated over HTTP) or `L100000`… (written with `ITEMS` items). */
interface CaseSet {
  readonly prefix: 'B' | 'L';
  readonly count: number;
}
const crnOf = (cases: CaseSet, index: number) => `${cases.prefix}${String(100000 + (index % cases.count))}`;

/**
 * The hub answers before its read models and integrity log have caught up with a large store: wait
 * for /health/ready, and for the log's tree to hold every stored event (on a store written beforehand
 * it would otherwise still be reading and hashing them during the load).
 */
async function waitForReady(url: string): Promise<void> {
  for (let waited = 0; ; waited += 200) {
    if (waited > 180_000) throw new Error('the hub did not become ready and catch up within 3 minutes');
    const response = await fetch(`${url}/health/ready`).catch(() => undefined);
    if (response?.ok) {
      const { checks } = (await response.json()) as { checks: { eventStore: { headPosition: number; integrity?: { treeSize: number } } } };
      const { headPosition, integrity } = checks.eventStore;
      if (!integrity || integrity.treeSize >= headPosition) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A load's result, and the CPU the server process spent per answered request meanwhile (all its threads). */
interface Measured {
  readonly result: autocannon.Result;
  readonly cpuMsPerRequest: number | undefined;
}

async function load(
  server: ChildProcess,
  baseUrl: string,
  token: string,
  cases: CaseSet = { prefix: 'B', count: CASES },
): Promise<Measured> {
  const cpuBefore = processCpuSeconds(server.pid);
  const result = await autocannonLoad(baseUrl, token, cases);
  const cpuAfter = processCpuSeconds(server.pid);
  const answered = result['2xx'] + result.non2xx;
  const cpuMsPerRequest =
    cpuBefore === undefined || cpuAfter === undefined || answered === 0 ? undefined : ((cpuAfter - cpuBefore) * 1000) / answered;
  return { result, cpuMsPerRequest };
}

function autocannonLoad(baseUrl: string, token: string, cases: CaseSet): Promise<autocannon.Result> {
  let sequence = 0;
  return autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          sequence += 1;
          return {
            ...request,
            path: `/v1/cases/${crnOf(cases, sequence)}/escalations`,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify(benchEscalation(sequence)),
          };
        },
      },
    ],
  });
}

/** Writes `LARGE_CASES` cases of `ITEMS` items each into a new signed store, as the hub would have. */
async function writeLargeCases(dataDir: string): Promise<void> {
  const writer = await SignedStoreWriter.create(dataDir);
  for (let index = 0; index < LARGE_CASES; index += 1) {
    const crn = crnOf({ prefix: 'L', count: LARGE_CASES }, index);
    const events = largeCase(crn, ITEMS).map(toNewEvent);
    for (let from = 0; from < events.length; from += 500) {
      await writer.append(`case-${crn}`, events.slice(from, from + 500), from === 0 ? 'no_stream' : from - 1);
    }
  }
  await writer.close();
}

/** The hub from sources with a no-op escalation handler, on a fresh data folder. */
async function measureFrame(): Promise<Measured> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-frame-'));
  const provider = issueToken(dataDir, 'provider', 'crc07-bench', 'CRC07', HUB_MAIN);
  const port = await freePort();
  const frame = spawnHubVariant(dataDir, port, { NOOP_ESCALATIONS: '1' }, 'inherit');
  try {
    const url = `http://127.0.0.1:${port}`;
    await waitForLine(frame, `${url}/health/live`);
    await waitForReady(url);
    return await load(frame, url, provider);
  } finally {
    frame.kill('SIGTERM');
    await new Promise((wait) => setTimeout(wait, 500));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * One hub build on a fresh data folder: its own CLI issues the tokens, then either 200 new cases
 * allocated over HTTP or the large cases written beforehand, then the load.
 */
async function measureHub(main: string, cases: CaseSet): Promise<Measured & { stored: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-http-'));
  let hub: ChildProcess | undefined;
  try {
    if (cases.prefix === 'L') await writeLargeCases(dataDir);
    const issue = (role: string, name: string, provider?: string) => issueToken(dataDir, role, name, provider, main);
    const provider = issue('provider', 'crc07-bench', 'CRC07');
    const officer = issue('decision-maker', 'po.bench');
    const hubPort = await freePort();
    hub = spawn(process.execPath, [...(process.env['HUB_NODE_OPTIONS'] ?? '').split(' ').filter(Boolean), main], {
      env: { ...process.env, PORT: String(hubPort), HUB_DATA_DIR: dataDir, LOG_LEVEL: 'warn', HUB_TOKEN_RATE_LIMIT: '0' },
      stdio: 'inherit',
    });
    const hubUrl = `http://127.0.0.1:${hubPort}`;
    await waitForLine(hub, `${hubUrl}/health/live`);
    await waitForReady(hubUrl);
    for (let index = 0; cases.prefix === 'B' && index < CASES; index += 1) {
      const response = await fetch(`${hubUrl}/v1/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${officer}` },
        body: JSON.stringify(anAllocation(`B${String(100000 + index)}`)),
      });
      if (response.status !== 201) throw new Error(`allocation failed: ${response.status} ${await response.text()}`);
    }
    if (cases.prefix === 'L') {
      // One request per case first, not measured: the hub replays each large case once when it first
      // meets it, then keeps it. The table is about the cost of a write after that.
      for (let index = 0; index < cases.count; index += 1) {
        const response = await fetch(`${hubUrl}/v1/cases/${crnOf(cases, index)}/escalations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${provider}` },
          body: JSON.stringify({ ...benchEscalation(index), requestId: `warm-up-${index}` }),
        });
        if (response.status !== 201) throw new Error(`warm-up failed: ${response.status} ${await response.text()}`);
      }
    }
    const { result, cpuMsPerRequest } = await load(hub, hubUrl, provider, cases);
    const running = hub;
    running.kill('SIGTERM');
    await new Promise((done) => running.on('exit', done));
    const store = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
    const stored = (
      store
        // The load's own requests only: the large cases' history, the warm-up and the scheduler's overdue marks are not counted.
        .prepare(
          "SELECT COUNT(*) AS n FROM events WHERE type = 'escalation.requested' AND json_extract(data, '$.requestId') LIKE 'bench-%'",
        )
        .get() as { n: number }
    ).n;
    store.close();
    return { result, cpuMsPerRequest, stored };
  } finally {
    hub?.kill('SIGTERM');
    await new Promise((wait) => setTimeout(wait, 500));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const noopPort = await freePort();
  const noop = spawn(
    process.execPath,
    ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', join(__dirname, 'noop-escalation.server.ts')],
    {
      env: { ...process.env, PORT: String(noopPort), TS_NODE_PROJECT: join(ROOT, 'tsconfig.base.json') },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  try {
    const noopUrl = `http://127.0.0.1:${noopPort}`;
    await waitForLine(noop, noopUrl);
    const baseline = await load(noop, noopUrl, 'no-token-needed');
    const builds: [string, string][] = [
      ...(BEFORE ? ([[`hub before (${BEFORE})`, BEFORE]] as [string, string][]) : []),
      ['hub: POST escalation (stored)', HUB_MAIN],
    ];
    const cpu = (measured: Measured) => (measured.cpuMsPerRequest === undefined ? 'n/a' : `${measured.cpuMsPerRequest.toFixed(2)} ms`);
    const row = (name: string, measured: Measured) => [
      name,
      formatRate(measured.result.requests.average, 'req/s'),
      `${measured.result.latency.p50} ms`,
      `${measured.result.latency.p99} ms`,
      String(measured.result['2xx']),
      String(measured.result.non2xx + measured.result.errors),
      cpu(measured),
    ];
    const report = (title: string, measured: [string, Measured & { stored: number }][]) => {
      console.log(`\n${title}`);
      printTable(
        ['endpoint', 'throughput', 'p50', 'p99', '2xx', 'other', 'server CPU per request'],
        [row('no-op Nest endpoint, same validation', baseline), ...measured.map(([name, run]) => row(name, run))],
      );
      for (const [name, { result, cpuMsPerRequest, stored }] of measured) {
        const cpuRatio =
          cpuMsPerRequest === undefined || baseline.cpuMsPerRequest === undefined
            ? ''
            : `; it spends ${(cpuMsPerRequest / baseline.cpuMsPerRequest).toFixed(1)} times the no-op's CPU per request`;
        console.log(
          `${name}: ${((result.requests.average / baseline.result.requests.average) * 100).toFixed(0)}% of the no-op's throughput${cpuRatio}`,
        );
        // Requests still in flight when the load stops are stored but not counted by autocannon (nor are answers it
        // gave up waiting for): more stored than acknowledged is expected, fewer would be lost data.
        const allThere = stored >= result['2xx'];
        console.log(
          `escalations acknowledged (2xx): ${result['2xx']}; escalation events in the store: ${stored} ` +
            `(${allThere ? 'every acknowledged one is there; the rest were in flight when the load stopped' : 'ACKNOWLEDGED ESCALATIONS MISSING'})`,
        );
      }
    };
    const measure = async (cases: CaseSet) => {
      const measured: [string, Measured & { stored: number }][] = [];
      for (const [name, main] of builds) {
        try {
          measured.push([name, await measureHub(main, cases)]);
        } catch (error) {
          // The large cases are written by this release's rules: an earlier build refuses event versions it
          // does not know (as it must), and never becomes ready. Say so instead of losing the other rows.
          if (main === HUB_MAIN) throw error;
          console.log(
            `${name}: not measured on these cases (${error instanceof Error ? error.message : String(error)}): it cannot read events this release writes`,
          );
        }
      }
      return measured;
    };
    const newCases = await measure({ prefix: 'B', count: CASES });
    const frame = await measureFrame();
    report(`New cases (${CASES}, allocated over HTTP):`, newCases);
    console.log(
      `and the hub's own HTTP frame with a command handler that records nothing: ${formatRate(frame.result.requests.average, 'req/s')}, ` +
        `p50 ${frame.result.latency.p50} ms, p99 ${frame.result.latency.p99} ms, CPU ${cpu(frame)} per request, ` +
        `${((frame.result.requests.average / baseline.result.requests.average) * 100).toFixed(0)}% of the no-op's throughput`,
    );
    report(
      `Cases of ${ITEMS} items each (${LARGE_CASES}, every item but the last decided):`,
      await measure({ prefix: 'L', count: LARGE_CASES }),
    );
    console.log(`\n${CONNECTIONS} connections, ${SECONDS} s each, ${CASES} cases, durable appends (WAL, synchronous=FULL).`);
  } finally {
    noop.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
