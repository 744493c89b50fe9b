/**
 * One case that keeps growing, as when one provider posts into one case for months (issue 14):
 *  - write cost: a provider posts an escalation and an officer decides it, again and again, and the
 *    post's latency is reported as the case reaches 100, 600 and 1,200 items;
 *  - read stall: then, for a few seconds, an auditor reads that case's whole timeline in a loop while
 *    another user reads a small case; that user's latency, beside the same reads without the auditor.
 * `--before <main.js>` runs another build (e.g. the previous release) the same way, in the same run.
 *
 *   npm run bench:growth [-- --items 1200 --seconds 5 --before ../previous/dist/apps/hub/main.js]
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { argument, printTable } from './bench-support';
import { anAllocation, freePort, issueToken } from '../apps/hub/src/testing/hub-process';

const ITEMS = argument('items', 1200);
const SECONDS = argument('seconds', 5);
const ROOT = resolve(__dirname, '..');
const HUB_MAIN = join(ROOT, 'dist/apps/hub/main.js');
const BEFORE = (() => {
  const index = process.argv.indexOf('--before');
  return index === -1 ? undefined : resolve(process.argv[index + 1]);
})();

const median = (values: number[]) => percentile(values, 0.5);
function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? NaN;
}
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function timed(url: string, init: RequestInit = {}): Promise<{ ms: number; status: number; body: string }> {
  const started = performance.now();
  const response = await fetch(url, init);
  const body = await response.text();
  return { ms: performance.now() - started, status: response.status, body };
}

async function measure(main: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-growth-'));
  let hub: ChildProcess | undefined;
  try {
    const issue = (role: string, name: string, provider?: string) => issueToken(dataDir, role, name, provider, main);
    const tokens = {
      provider: issue('provider', 'crc07-bench', 'CRC07'),
      officer: issue('decision-maker', 'po.bench'),
      auditor: issue('auditor', 'auditor.bench'),
    };
    const port = await freePort();
    hub = spawn(process.execPath, [...(process.env['HUB_NODE_OPTIONS'] ?? '').split(' ').filter(Boolean), main], {
      env: { ...process.env, PORT: String(port), HUB_DATA_DIR: dataDir, LOG_LEVEL: 'warn', HUB_TOKEN_RATE_LIMIT: '0' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    for (let waited = 0; ; waited += 100) {
      if ((await fetch(`${base}/health/ready`).catch(() => undefined))?.ok) break;
      if (waited > 30_000) throw new Error('the hub did not start');
      await new Promise((wait) => setTimeout(wait, 100));
    }
    const as = (token: string, body?: unknown): RequestInit => ({
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const crn of ['G100000', 'G100001']) {
      const allocated = await timed(`${base}/v1/cases`, as(tokens.officer, anAllocation(crn)));
      if (allocated.status !== 201) throw new Error(`allocation: ${allocated.status} ${allocated.body}`);
    }
    const posts: number[] = [];
    for (let index = 0; index < ITEMS; index += 1) {
      const posted = await timed(
        `${base}/v1/cases/G100000/escalations`,
        as(tokens.provider, {
          requestId: `growth-${index}`,
          raisedBy: 'Jo Bloggs, case manager',
          proposedRosh: 'MEDIUM',
          urgency: 'ROUTINE',
          triggers: ['OTHER'],
          summary: `Update ${index}: reported a change of address and a new job; no new concerns about the victim.`,
        }),
      );
      if (posted.status !== 201) throw new Error(`post ${index}: ${posted.status} ${posted.body}`);
      posts.push(posted.ms);
      const { escalationId } = JSON.parse(posted.body) as { escalationId: string };
      const decided = await timed(
        `${base}/v1/escalations/${escalationId}/decision`,
        as(tokens.officer, { outcome: 'RETAIN_WITH_PROVIDER', rationale: 'Risk managed by the current plan.' }),
      );
      if (decided.status !== 201) throw new Error(`decision ${index}: ${decided.status} ${decided.body}`);
    }
    const window = (from: number) => posts.slice(Math.max(0, from - 100), from);

    /** The small case's read latencies for SECONDS, with or without an auditor reading the big timeline meanwhile. */
    const smallReads = async (withTimeline: boolean) => {
      const until = performance.now() + SECONDS * 1000;
      const latencies: number[] = [];
      let timelines = 0;
      let timelineBytes = 0;
      const reader = (async () => {
        while (performance.now() < until) latencies.push((await timed(`${base}/v1/cases/G100001`, as(tokens.officer))).ms);
      })();
      const auditor = (async () => {
        while (withTimeline && performance.now() < until) {
          timelineBytes = (await timed(`${base}/v1/cases/G100000/timeline`, as(tokens.auditor))).body.length;
          timelines += 1;
        }
      })();
      await Promise.all([reader, auditor]);
      return { p50: median(latencies), p90: percentile(latencies, 0.9), max: Math.max(...latencies), timelines, timelineBytes };
    };
    const quiet = await smallReads(false);
    const busy = await smallReads(true);
    return { posts: [window(100), window(Math.ceil(ITEMS / 2)), window(ITEMS)].map(median), quiet, busy };
  } finally {
    hub?.kill('SIGTERM');
    await new Promise((wait) => setTimeout(wait, 500));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const builds: [string, string][] = [...(BEFORE ? ([['before', BEFORE]] as [string, string][]) : []), ['now', HUB_MAIN]];
  const results: [string, Awaited<ReturnType<typeof measure>>][] = [];
  for (const [name, main] of builds) results.push([name, await measure(main)]);
  console.log(`One case growing to ${ITEMS} items (each posted, then decided). Median POST latency over 100 posts ending at:`);
  printTable(
    ['build', 'item 100', `item ${Math.ceil(ITEMS / 2)}`, `item ${ITEMS}`],
    results.map(([name, result]) => [name, ...result.posts.map(ms)]),
  );
  console.log(`\nAnother user reading a small case for ${SECONDS} s, alone and while an auditor reads the big case's timeline in a loop:`);
  printTable(
    ['build', 'alone p50 / p90', 'with timeline reads p50 / p90 / max', 'timelines read', 'timeline size'],
    results.map(([name, { quiet, busy }]) => [
      name,
      `${ms(quiet.p50)} / ${ms(quiet.p90)}`,
      `${ms(busy.p50)} / ${ms(busy.p90)} / ${ms(busy.max)}`,
      String(busy.timelines),
      `${(busy.timelineBytes / 1024 / 1024).toFixed(1)} MiB`,
    ]),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
