/**
 * Web interface page times with a big queue, against the built hub on the embedded store:
 * 10,000 open items (2,000 cases of five escalations each, opened over the last ten days, so many are
 * overdue) written straight into a fresh store, read models built at start-up, then each page fetched
 * sequentially over loopback keep-alive as a signed-in person (p50 / p95 / max, whole response).
 *
 *   npm run bench:web [-- --requests 50 --cases 2000]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Actor,
  CaseCommand,
  CaseEvent,
  CaseState,
  decide,
  DueTimePolicy,
  evolve,
  streamNameFor,
  Urgency,
} from '@escalation-hub/casework-domain';
import { toNewEvent } from '@escalation-hub/casework-application';
import { EventLog, SqliteEventStore } from '@escalation-hub/event-store';
import { argument, printTable } from './bench-support';
import { freePort, HUB_MAIN, startHub, stopHub, waitForReady } from '../apps/hub/src/testing/hub-process';

const REQUESTS = argument('requests', 50);
const CASES = argument('cases', 2000);
const ITEMS_PER_CASE = 5;
const PASSWORD = 'benchmark passphrase';
const URGENCIES: Urgency[] = ['ROUTINE', 'ROUTINE', 'URGENT', 'IMMEDIATE'];

/** One case: allocated eleven days ago, then five escalations spread over the last ten days. */
function caseEvents(crn: string, index: number, now: number): CaseEvent[] {
  const officer: Actor = { id: 'po.bench', role: 'decision-maker' };
  const provider: Actor = { id: 'crc-bench', role: 'provider', provider: `CRC${String(index % 4).padStart(2, '0')}` };
  const steps: [CaseCommand, number][] = [
    [
      {
        type: 'AllocateCase',
        crn,
        actor: officer,
        payload: {
          ldu: `LDU-${index % 9}`,
          provider: provider.provider as string,
          sentence: { type: 'Community Order', lengthMonths: 18, offenceCategory: 'OTHER' },
          rosh: 'MEDIUM',
          mappa: null,
          exceptionalPublicInterest: false,
        },
      },
      now - 11 * 86_400_000,
    ],
  ];
  for (let item = 0; item < ITEMS_PER_CASE; item += 1) {
    const id = `esc-${crn}-${item}`;
    steps.push([
      {
        type: 'RequestEscalation',
        crn,
        actor: provider,
        payload: {
          escalationId: id,
          requestId: id,
          requestFingerprint: id,
          raisedBy: 'Case manager',
          proposedRosh: 'HIGH',
          urgency: URGENCIES[(index + item) % URGENCIES.length],
          triggers: ['MISSED_APPOINTMENTS'],
          summary: `Missed appointments and a change of address (${crn}, item ${item}).`,
        },
      },
      now - ((index * ITEMS_PER_CASE + item) % 240) * 3_600_000,
    ]);
  }
  steps.sort((a, b) => a[1] - b[1]);
  let state: CaseState | undefined;
  const events: CaseEvent[] = [];
  for (const [command, at] of steps) {
    for (const event of decide(state, command, { now: new Date(at), dueTimes: new DueTimePolicy() })) {
      state = evolve(state, event);
      events.push(event);
    }
  }
  return events;
}

function percentile(sorted: number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))];
}

async function signIn(base: string, name: string): Promise<string> {
  const form = await fetch(`${base}/sign-in`);
  const signInCookie = (form.headers.get('set-cookie') ?? '').split(';')[0];
  const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const signedIn = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: signInCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, name, password: PASSWORD }),
  });
  const session = (signedIn.headers.getSetCookie().find((cookie) => cookie.startsWith('ehub_session=')) ?? '').split(';')[0];
  if (!session) throw new Error(`sign-in failed: ${signedIn.status}`);
  return session;
}

async function main() {
  if (!existsSync(HUB_MAIN)) throw new Error('Build the hub first: npx nx run hub:build');
  const dir = mkdtempSync(join(tmpdir(), 'hub-bench-web-'));
  const dataDir = join(dir, 'data');
  const now = Date.now();
  try {
    const store = new SqliteEventStore({ filename: join(dataDir, 'events.sqlite') });
    const log = new EventLog(store);
    for (let index = 0; index < CASES; index += 1) {
      const crn = `B${String(100000 + index).padStart(6, '0')}`;
      await log.append(streamNameFor(crn), caseEvents(crn, index, now).map(toNewEvent), 'no_stream');
    }
    await store.close();
    for (const [role, name] of [
      ['decision-maker', 'po.bench'],
      ['auditor', 'auditor.bench'],
    ]) {
      execFileSync(process.execPath, [HUB_MAIN, 'user', 'add', '--role', role, '--name', name], {
        env: { ...process.env, HUB_DATA_DIR: dataDir },
        input: `${PASSWORD}\n`,
        stdio: ['pipe', 'ignore', 'inherit'],
      });
    }
    const hub = startHub({ PORT: String(await freePort()), HUB_DATA_DIR: dataDir, LOG_LEVEL: 'warn', HUB_TOKEN_RATE_LIMIT: '0' });
    const base = hub.baseUrl;
    try {
      const readyMs = await waitForReady(hub, 120_000);
      const officer = await signIn(base, 'po.bench');
      const auditor = await signIn(base, 'auditor.bench');
      const crn = `B${String(100000 + Math.floor(CASES / 2)).padStart(6, '0')}`;
      const pages: [string, string, string][] = [
        ['queue, page 1 of 200', '/queue', officer],
        ['queue, page 100', '/queue?page=100', officer],
        ['queue, last page', `/queue?page=${Math.ceil((CASES * ITEMS_PER_CASE) / 50)}`, officer],
        ['queue filtered by provider and LDU', '/queue?provider=CRC01&ldu=LDU-1', officer],
        ['decision form of an item', `/items/esc-${crn}-0/decision`, officer],
        ['case page (records its read: an fsynced append)', `/cases/${crn}`, officer],
        [
          'case page as it stood 5 days ago (auditor)',
          `/cases/${crn}?asOf=${encodeURIComponent(new Date(now - 5 * 86_400_000).toISOString())}`,
          auditor,
        ],
        ['late-decisions report, page 1', '/reports/late-decisions', auditor],
        ['access log of a case, page 1', `/cases/${crn}/access-log`, auditor],
      ];
      const rows: string[][] = [];
      for (const [label, path, cookie] of pages) {
        const timings: number[] = [];
        let bytes = 0;
        for (let i = 0; i < REQUESTS + 3; i += 1) {
          const started = process.hrtime.bigint();
          const response = await fetch(`${base}${path}`, { headers: { cookie } });
          const body = await response.text();
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          if (response.status !== 200) throw new Error(`${path}: ${response.status}\n${body.slice(0, 500)}`);
          if (i >= 3) timings.push(ms); // the first few warm the JIT and the template cache
          bytes = body.length;
        }
        timings.sort((a, b) => a - b);
        rows.push([
          label,
          `${percentile(timings, 0.5).toFixed(1)} ms`,
          `${percentile(timings, 0.95).toFixed(1)} ms`,
          `${timings[timings.length - 1].toFixed(1)} ms`,
          `${(bytes / 1024).toFixed(0)} KiB`,
        ]);
      }
      printTable(['page', 'p50', 'p95', 'max', 'size'], rows);
      console.log(
        `\n${(CASES * ITEMS_PER_CASE).toLocaleString('en-GB')} open items in ${CASES.toLocaleString('en-GB')} cases; hub ready (read models built) ${readyMs} ms after start.` +
          `\n${REQUESTS} sequential requests per page over loopback keep-alive, after 3 warm-up requests; times are the whole response as the client saw it.`,
      );
    } finally {
      await stopHub(hub);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
