/**
 * Audit figures in one run, against the built hub:
 *  - timeline of a 1,000-event case: latency of GET /v1/cases/{crn}/timeline (sequential requests
 *    over loopback keep-alive, each one also recording its read in the access log), p50 and p95;
 *  - `verify --all` over a 1,000,000-event store (the one bench:memory builds; built here if missing);
 *  - export of a 10,000-event case and its offline verification with `verify-bundle`.
 *
 *   npm run bench:audit [-- --requests 200 --events 1000000]
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Actor, CaseCommand, CaseEvent, CaseState, decide, DueTimePolicy, evolve, streamNameFor } from '@escalation-hub/casework-domain';
import { toNewEvent } from '@escalation-hub/casework-application';
import { EventLog, SqliteEventStore } from '@escalation-hub/event-store';
import { argument, printTable } from './bench-support';
import { freePort } from '../apps/hub/src/testing/hub-process';

const REQUESTS = argument('requests', 200);
const BIG_STORE_EVENTS = argument('events', 1_000_000);
const ROOT = resolve(__dirname, '..');
const HUB_MAIN = join(ROOT, 'dist/apps/hub/main.js');

/** A case of `size` events made by the rules: allocation, an escalation, then claims and releases of it. */
function longCase(crn: string, size: number): CaseEvent[] {
  const officer: Actor = { id: 'po.bench', role: 'decision-maker' };
  const provider: Actor = { id: 'crc07-bench', role: 'provider', provider: 'CRC07' };
  const commands: CaseCommand[] = [
    {
      type: 'AllocateCase',
      crn,
      actor: officer,
      payload: {
        ldu: 'L',
        provider: 'CRC07',
        sentence: { type: 'Licence', lengthMonths: 24, offenceCategory: 'OTHER' },
        rosh: 'LOW',
        mappa: null,
        exceptionalPublicInterest: false,
      },
    },
    {
      type: 'RequestEscalation',
      crn,
      actor: provider,
      payload: {
        escalationId: `esc-${crn}`,
        requestId: crn,
        requestFingerprint: crn,
        raisedBy: 'Jo',
        proposedRosh: 'HIGH',
        urgency: 'ROUTINE',
        triggers: ['OTHER'],
        summary: 'Long-running case for the benchmark.',
      },
    },
  ];
  for (let i = 2; i < size; i += 1)
    commands.push({ type: i % 2 === 0 ? 'ClaimItem' : 'ReleaseItem', crn, actor: officer, payload: { itemId: `esc-${crn}` } });
  let state: CaseState | undefined;
  const events: CaseEvent[] = [];
  const start = Date.parse('2026-11-02T09:00:00Z');
  commands.forEach((command, index) => {
    for (const event of decide(state, command, { now: new Date(start + index * 60_000), dueTimes: new DueTimePolicy() })) {
      state = evolve(state, event);
      events.push(event);
    }
  });
  return events;
}

async function writeCase(log: EventLog, crn: string, events: CaseEvent[]): Promise<void> {
  for (let from = 0; from < events.length; from += 1000) {
    await log.append(streamNameFor(crn), events.slice(from, from + 1000).map(toNewEvent), from === 0 ? 'no_stream' : from - 1);
  }
}

function percentile(sorted: number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))];
}

async function main() {
  if (!existsSync(HUB_MAIN)) throw new Error('Build the hub first: npx nx run hub:build');
  const rows: string[][] = [];
  const dir = mkdtempSync(join(tmpdir(), 'hub-bench-audit-'));
  const dataDir = join(dir, 'data');
  try {
    const store = new SqliteEventStore({ filename: join(dataDir, 'events.sqlite') });
    const log = new EventLog(store);
    await writeCase(log, 'T000001', longCase('T000001', 1000));
    await writeCase(log, 'E000001', longCase('E000001', 10_000));
    await store.close();
    const auditor = execFileSync(process.execPath, [HUB_MAIN, 'token', 'issue', '--role', 'auditor', '--name', 'auditor.bench'], {
      env: { ...process.env, HUB_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    const port = await freePort();
    const hub = spawn(process.execPath, [HUB_MAIN], {
      env: { ...process.env, PORT: String(port), HUB_DATA_DIR: dataDir, LOG_LEVEL: 'warn', HUB_TOKEN_RATE_LIMIT: '0' },
      stdio: 'inherit',
    });
    const base = `http://127.0.0.1:${port}`;
    try {
      for (let ready = false; !ready; ) {
        await new Promise((wait) => setTimeout(wait, 200));
        ready = await fetch(`${base}/health/ready`).then(
          (response) => response.status === 200,
          () => false,
        );
      }
      const headers = { authorization: `Bearer ${auditor}` };
      const timings: number[] = [];
      for (let i = 0; i < REQUESTS; i += 1) {
        const started = process.hrtime.bigint();
        const response = await fetch(`${base}/v1/cases/T000001/timeline`, { headers });
        const body = (await response.json()) as { events: unknown[] };
        timings.push(Number(process.hrtime.bigint() - started) / 1e6);
        if (body.events.length !== 1000) throw new Error(`expected 1,000 events, got ${body.events.length}`);
      }
      timings.sort((a, b) => a - b);
      rows.push([
        'timeline of a 1,000-event case (JSON), p50 / p95',
        `${percentile(timings, 0.5).toFixed(1)} ms / ${percentile(timings, 0.95).toFixed(1)} ms`,
      ]);

      const exportStarted = process.hrtime.bigint();
      const bundle = await (await fetch(`${base}/v1/cases/E000001/export`, { headers })).text();
      const exportMs = Number(process.hrtime.bigint() - exportStarted) / 1e6;
      const bundleFile = join(dir, 'bundle.json');
      writeFileSync(bundleFile, bundle);
      const keyFile = join(dir, 'key.pem');
      writeFileSync(keyFile, ((await (await fetch(`${base}/v1/audit/public-key`)).json()) as { publicKeyPem: string }).publicKeyPem);
      const verifyStarted = process.hrtime.bigint();
      const verified = spawnSync(process.execPath, [HUB_MAIN, 'verify-bundle', bundleFile, '--public-key', keyFile], { encoding: 'utf8' });
      const verifyMs = Number(process.hrtime.bigint() - verifyStarted) / 1e6;
      if (verified.status !== 0) throw new Error(`bundle did not verify: ${verified.stdout}`);
      rows.push([`export of a 10,000-event case (${(bundle.length / 1024 / 1024).toFixed(1)} MiB bundle)`, `${exportMs.toFixed(0)} ms`]);
      rows.push(['offline verify-bundle of it (whole command, process start included)', `${verifyMs.toFixed(0)} ms`]);
    } finally {
      hub.kill('SIGTERM');
      await new Promise((done) => hub.on('exit', done));
    }

    const bigStore = join(ROOT, `tmp/bench/cases-${BIG_STORE_EVENTS}`);
    if (!existsSync(join(bigStore, 'events.sqlite'))) {
      console.log(`  ${bigStore} is missing: building it with bench:memory's generator first`);
      execFileSync('npm', ['run', 'bench:memory', '--', '--events', String(BIG_STORE_EVENTS)], { cwd: ROOT, stdio: 'inherit' });
    }
    const verifyAll = spawnSync(process.execPath, [HUB_MAIN, 'verify', '--all'], {
      env: { ...process.env, HUB_DATA_DIR: bigStore },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const summary = verifyAll.stdout.split('\n')[0];
    const rate = /([\d,]+) events\/s/.exec(summary)?.[1] ?? '?';
    const seconds = /\(([\d.]+) s,/.exec(summary)?.[1] ?? '?';
    rows.push([
      `verify --all on a ${BIG_STORE_EVENTS.toLocaleString('en-GB')}-event store`,
      `${rate} events/s (${seconds} s, ${summary.split(':')[0]})`,
    ]);
    printTable(['measure', 'value'], rows);
    console.log(
      `\n${REQUESTS} sequential timeline requests over loopback; every one also records its read in the access log (an fsynced append).`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
