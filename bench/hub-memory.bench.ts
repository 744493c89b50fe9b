/**
 * Does the hub's memory stay flat while it reads a large store? Builds (once, then reuses) a
 * SQLite store of 1,000,000 real case events (100,000 cases of ten events, made by the real rules),
 * starts the built hub on it with no read models, and samples the hub process's resident memory
 * while its projectors stream every event into the read models.
 * Also starts it on an empty store for a baseline. Prints the figures.
 *
 *   npm run bench:memory [-- --events 1000000]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from '@escalation-hub/event-store';
import { SignedStoreWriter, storeFiles } from './signed-store';
import { streamNameFor } from '@escalation-hub/casework-domain';
import { ordinaryCase } from './case-history';
import { toNewEvent } from '@escalation-hub/casework-application';
import { argument, formatBytes, formatRate, printTable } from './bench-support';

const EVENTS = argument('events', 1_000_000);
const PER_CASE = 10;
const ROOT = resolve(__dirname, '..');
const HUB_MAIN = join(ROOT, 'dist/apps/hub/main.js');
const WORK = join(ROOT, 'tmp/bench');

/** A store of EVENTS events with the hub's signed checkpoints (an unsigned one would fail the hub's start-up check); kept for later runs. */
async function buildStore(dataDir: string): Promise<number> {
  const existing = new SqliteEventStore({ filename: join(dataDir, 'events.sqlite') });
  const present = (await existing.headPosition()) ?? 0;
  await existing.close();
  if (present >= EVENTS && existsSync(storeFiles(dataDir).journal)) return present;
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const writer = await SignedStoreWriter.create(dataDir);
  const started = Date.now();
  for (let index = 0; index * PER_CASE < EVENTS; index += 1) {
    const { crn, events } = ordinaryCase(index);
    await writer.append(streamNameFor(crn), events.map(toNewEvent), 'no_stream');
    if (index % 10_000 === 0) process.stdout.write(`  building store: ${(index * PER_CASE).toLocaleString('en-GB')} events\r`);
  }
  await writer.close();
  console.log(
    `  built a ${EVENTS.toLocaleString('en-GB')}-event store (${EVENTS / PER_CASE} cases, ${writer.signedCheckpoints} signed checkpoints) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return writer.size;
}

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

/** Starts the hub on `dataDir`, waits until its projection reaches `head`, returns memory samples. */
async function runHub(dataDir: string, head: number) {
  rmSync(join(dataDir, 'read-models.sqlite'), { force: true });
  rmSync(join(dataDir, 'read-models.sqlite-wal'), { force: true });
  rmSync(join(dataDir, 'read-models.sqlite-shm'), { force: true });
  const port = await freePort();
  const hub = spawn(process.execPath, [HUB_MAIN], {
    env: { ...process.env, PORT: String(port), HUB_DATA_DIR: dataDir, LOG_LEVEL: 'warn', HUB_TOKEN_RATE_LIMIT: '0' },
    stdio: 'inherit',
  });
  const pid = hub.pid as number;
  const started = Date.now();
  const samples: { at: number; position: number; rss: number }[] = [];
  let position = -1;
  try {
    while (position < head) {
      await new Promise((wait) => setTimeout(wait, 100));
      try {
        const report = (await (await fetch(`http://127.0.0.1:${port}/health/ready`)).json()) as {
          checks: { projections: { projections: { position?: number }[] } };
        };
        position = Math.min(...report.checks.projections.projections.map((projection) => projection.position ?? 0));
      } catch {
        continue; // not listening yet
      }
      samples.push({ at: Date.now() - started, position, rss: memoryOf(pid).rss });
      if (Date.now() - started > 15 * 60_000) throw new Error('projection did not finish within 15 minutes');
    }
    return { seconds: (Date.now() - started) / 1000, samples, peak: memoryOf(pid).peak };
  } finally {
    hub.kill('SIGTERM');
    await new Promise((done) => hub.on('exit', done));
  }
}

async function main() {
  if (!existsSync(HUB_MAIN)) throw new Error('Build the hub first: npx nx run hub:build');
  mkdirSync(WORK, { recursive: true });
  const emptyDir = join(WORK, 'store-empty');
  rmSync(emptyDir, { recursive: true, force: true });
  const baseline = await runHub(emptyDir, 0);

  const bigDir = join(WORK, `cases-${EVENTS}`);
  const head = await buildStore(bigDir);
  const run = await runHub(bigDir, head);

  const at = (fraction: number) => run.samples.find((sample) => sample.position >= head * fraction) ?? run.samples[run.samples.length - 1];
  printTable(
    ['measure', 'value'],
    [
      ['hub peak RSS, empty store', formatBytes(baseline.peak)],
      ...[0.25, 0.5, 0.75, 1].map((fraction) => [
        `hub RSS at ${fraction * 100}% of ${head.toLocaleString('en-GB')} events projected`,
        formatBytes(at(fraction).rss),
      ]),
      [`hub peak RSS while projecting ${head.toLocaleString('en-GB')} events`, formatBytes(run.peak)],
      ['projection time (start to caught up)', `${run.seconds.toFixed(1)} s`],
      ['projection rate', formatRate(head / run.seconds, 'events/s')],
    ],
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
