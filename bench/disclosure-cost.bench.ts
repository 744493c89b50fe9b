/**
 * What the disclosure log costs: the same hub (built from source, bench/hub-variants.server.ts) with
 * its disclosure log and, in the same run, with the log's recorders replaced by no-ops. Each variant
 * has a fresh data folder with 200 of CRC07's cases; then, against each in turn, autocannon runs:
 *  - bench:http's workload: POST /v1/cases/{crn}/escalations (a provider post discloses nothing, so
 *    this measures what the provider feed's rule costs the write path, and that the log costs it nothing);
 *  - feed reads: GET /v1/feed?after=p<random>&limit=50, every page carrying 50 provider events
 *    (with the log: one durable append per page, naming its 50 events);
 *  - provider case reads: GET /v1/cases/{crn} (with the log: one durable append per read).
 * Afterwards it counts the disclosure records in the logged variant's store: one per answered page or read.
 *
 *   npm run bench:disclosure [-- --seconds 10 --connections 10]
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argument, benchEscalation, formatRate, printTable, spawnHubVariant } from './bench-support';
import { anAllocation, freePort, issueToken } from '../apps/hub/src/testing/hub-process';

const SECONDS = argument('seconds', 10);
const CONNECTIONS = argument('connections', 10);
const CASES = 200;
const PAGE = 50;

interface Variant {
  readonly name: string;
  readonly dataDir: string;
  readonly url: string;
  readonly provider: string;
  readonly process: ChildProcess;
}

const crnOf = (index: number) => `B${String(100000 + (index % CASES))}`;

async function startVariant(name: string, withoutLog: boolean): Promise<Variant> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-disclosure-'));
  const provider = issueToken(dataDir, 'provider', 'crc07-bench', 'CRC07');
  const officer = issueToken(dataDir, 'decision-maker', 'po.bench');
  const port = await freePort();
  const child = spawnHubVariant(dataDir, port, { WITHOUT_DISCLOSURE_LOG: withoutLog ? '1' : '0' }, ['ignore', 'ignore', 'inherit']);
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 100) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    if (waited > 60_000) throw new Error(`${name} did not get ready`);
    if ((await fetch(`${url}/health/ready`).catch(() => undefined))?.status === 200) break;
    await new Promise((wait) => setTimeout(wait, 100));
  }
  for (let index = 0; index < CASES; index += 1) {
    const response = await fetch(`${url}/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${officer}` },
      body: JSON.stringify(anAllocation(crnOf(index))),
    });
    if (response.status !== 201) throw new Error(`allocation failed: ${response.status} ${await response.text()}`);
  }
  return { name, dataDir, url, provider, process: child };
}

function run(
  variant: Variant,
  request: (sequence: number) => { method: 'GET' | 'POST'; path: string; body?: string },
  connections = CONNECTIONS,
) {
  let sequence = 0;
  return autocannon({
    url: variant.url,
    connections,
    duration: SECONDS,
    requests: [
      {
        setupRequest: (base) => {
          sequence += 1;
          const { method, path, body } = request(sequence);
          return {
            ...base,
            method,
            path,
            body,
            headers: { authorization: `Bearer ${variant.provider}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          };
        },
      },
    ],
  });
}

/** bench:http's request: a new escalation on one of the cases, with a requestId never used before. */
const escalation = (sequence: number) => ({
  method: 'POST' as const,
  path: `/v1/cases/${crnOf(sequence)}/escalations`,
  body: JSON.stringify(benchEscalation(sequence)),
});

async function main() {
  const variants: Variant[] = [];
  try {
    variants.push(await startVariant('with the disclosure log', false));
    variants.push(await startVariant('without (no-op recorders)', true));
    const [logged, unlogged] = variants;
    const results: Record<string, Record<string, autocannon.Result[]>> = {};
    /** Each workload runs with, without, without, with: neither variant always has the warmer machine. */
    const measure = async (workload: string, request: (variant: Variant) => Parameters<typeof run>[1], connections = CONNECTIONS) => {
      results[workload] = { [logged.name]: [], [unlogged.name]: [] };
      for (const variant of [logged, unlogged, unlogged, logged]) {
        results[workload][variant.name].push(await run(variant, request(variant), connections));
      }
    };
    // requestIds never repeat across runs: each run numbers from its own million.
    let runs = 0;
    await measure('POST escalation (bench:http)', () => {
      runs += 1;
      const base = runs * 1_000_000;
      return (sequence) => escalation(base + sequence);
    });
    const escalated = (variant: Variant) =>
      results['POST escalation (bench:http)'][variant.name].reduce((sum, result) => sum + result['2xx'], 0);
    // Every page carries a full 50 events: cursors from the start up to 50 before the newest.
    const feedPage = (variant: Variant) => () => ({
      method: 'GET' as const,
      path: `/v1/feed?after=p${Math.floor(Math.random() * (CASES + escalated(variant) - PAGE))}&limit=${PAGE}`,
    });
    await measure(`GET /v1/feed (${PAGE} events a page), ${CONNECTIONS} readers`, feedPage);
    await measure(`GET /v1/feed (${PAGE} events a page), one reader`, feedPage, 1);
    await measure('GET /v1/cases/{crn} (provider)', () => (sequence) => ({ method: 'GET', path: `/v1/cases/${crnOf(sequence * 7)}` }));

    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    const throughput = (runs: autocannon.Result[]) => mean(runs.map((result) => result.requests.average));
    const cell = (runs: autocannon.Result[]) => {
      const failed = runs.reduce((sum, result) => sum + result.non2xx + result.errors, 0);
      return (
        `${formatRate(throughput(runs), 'req/s')}, ` +
        `p50 ${mean(runs.map((result) => result.latency.p50)).toFixed(1)} ms, p99 ${mean(runs.map((result) => result.latency.p99)).toFixed(1)} ms` +
        (failed ? ` (${failed} failed)` : '')
      );
    };
    printTable(
      ['workload (mean of 2 runs each)', logged.name, unlogged.name, 'throughput with / without'],
      Object.entries(results).map(([workload, byVariant]) => [
        workload,
        cell(byVariant[logged.name]),
        cell(byVariant[unlogged.name]),
        `${((throughput(byVariant[logged.name]) / throughput(byVariant[unlogged.name])) * 100).toFixed(0)}%`,
      ]),
    );

    for (const variant of variants) variant.process.kill('SIGTERM');
    await Promise.all(
      variants.map((variant) => new Promise((done) => (variant.process.exitCode !== null ? done(null) : variant.process.on('exit', done)))),
    );
    const store = new Database(join(logged.dataDir, 'events.sqlite'), { readonly: true });
    const count = (sql: string) => (store.prepare(sql).get() as { n: number }).n;
    const pages = count("SELECT COUNT(*) AS n FROM events WHERE type = 'provider-feed.page-served'");
    const reads = count("SELECT COUNT(*) AS n FROM events WHERE type = 'case.read' AND stream_name LIKE 'access-%'");
    store.close();
    const answered = (workload: string) => results[workload][logged.name].reduce((sum, result) => sum + result['2xx'], 0);
    const answeredPages = Object.keys(results)
      .filter((workload) => workload.startsWith('GET /v1/feed'))
      .reduce((sum, workload) => sum + answered(workload), 0);
    const answeredReads = answered('GET /v1/cases/{crn} (provider)');
    console.log(
      `\nLogged: ${pages} feed pages for ${answeredPages} answered (2xx), ${reads} case reads for ${answeredReads} answered ` +
        `(requests in flight when a load stopped are logged but not counted: at most ${CONNECTIONS} a run).`,
    );
    console.log(`${CONNECTIONS} connections, ${SECONDS} s each, ${CASES} cases, durable appends (WAL, synchronous=FULL).`);
  } finally {
    for (const variant of variants) variant.process.kill('SIGTERM');
    await new Promise((wait) => setTimeout(wait, 500));
    for (const variant of variants) rmSync(variant.dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
