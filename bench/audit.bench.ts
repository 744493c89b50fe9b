/**
 * Audit figures in one run (issue 15: the log as an RFC 9162 Merkle tree with signed C2SP checkpoints):
 *  1. the Merkle tree of a 1,000,000-event log, in memory, in a process of its own: build time and
 *     memory, inclusion proof size, time to make and to verify one (averaged over random leaves),
 *     and consistency proofs between large sizes;
 *  2. against the built hub: latency of GET /v1/cases/{crn}/timeline for a 1,000-event case
 *     (sequential requests over loopback keep-alive, each one also recording its read in the access
 *     log), p50 and p95; export of a 10,000-event case (format 2: an inclusion proof per event) and
 *     its offline verification, with `verify-bundle` and in process;
 *  3. the start-up integrity check: VerifiableLog (what the hub runs in the background at start)
 *     replaying and checking a signed store of 1,000,000 events, in a process of its own, events/s
 *     and memory; then `verify --all` over the same store.
 * The stores are written through EventLog with the checkpoints the hub would have signed
 * (bench/signed-store.ts); the big one is kept in tmp/bench/ and reused by later runs.
 * What checkpointing costs the write path is bench:http's to say, against the previous build (`--before`).
 *
 *   npm run bench:audit [-- --leaves 1000000 --proofs 20000 --requests 200 --case-events 10000 --events 1000000]
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomFillSync, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Actor, CaseCommand, CaseEvent, streamNameFor } from '@escalation-hub/casework-domain';
import { toNewEvent } from '@escalation-hub/casework-application';
import { EventLog, SqliteEventStore } from '@escalation-hub/event-store';
import {
  CheckpointJournal,
  EvidenceBundle,
  leafHash,
  MerkleTree,
  SigningKey,
  TrustedKeys,
  VerifiableLog,
  verifyBundleText,
  verifyConsistency,
  verifyInclusion,
} from '@escalation-hub/audit-application';
import { argument, formatBytes, formatRate, printTable } from './bench-support';
import { SignedStoreWriter, storeFiles } from './signed-store';
import { ordinaryCase, run } from './case-history';
import { freePort } from '../apps/hub/src/testing/hub-process';

const LEAVES = argument('leaves', 1_000_000);
const PROOFS = argument('proofs', 20_000);
const REQUESTS = argument('requests', 200);
const CASE_EVENTS = argument('case-events', 10_000);
const STORE_EVENTS = argument('events', 1_000_000);
const ROOT = resolve(__dirname, '..');
const HUB_MAIN = join(ROOT, 'dist/apps/hub/main.js');
const PART = (() => {
  const index = process.argv.indexOf('--part');
  return index === -1 ? undefined : process.argv[index + 1];
})();

const count = (n: number) => n.toLocaleString('en-GB');
const ms = (nanoseconds: bigint) => Number(nanoseconds) / 1e6;
const micro = (milliseconds: number) => `${(milliseconds * 1000).toFixed(1)} µs`;

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
  return run(commands, (index) => Date.parse('2026-11-02T09:00:00Z') + index * 60_000);
}

async function writeCase(writer: SignedStoreWriter, crn: string, events: CaseEvent[]): Promise<void> {
  for (let from = 0; from < events.length; from += 1000) {
    await writer.append(streamNameFor(crn), events.slice(from, from + 1000).map(toNewEvent), from === 0 ? 'no_stream' : from - 1);
  }
}

function percentile(sorted: number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))];
}

function average(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Collects garbage (the child processes run with --expose-gc) so memory figures are what is retained. */
function settledMemory(): NodeJS.MemoryUsage {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  return process.memoryUsage();
}

/** Mean time of one call over `repeats` calls, after a tenth as many to warm up. */
function meanMs(repeats: number, call: () => unknown): number {
  for (let i = 0; i < repeats / 10; i += 1) call();
  const started = process.hrtime.bigint();
  for (let i = 0; i < repeats; i += 1) call();
  return ms(process.hrtime.bigint() - started) / repeats;
}

function peakRss(): number {
  return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;
}

/** Runs one part of this script in a fresh process (so its memory is its own) and returns what it printed last, as JSON. */
function inChild<T>(part: string, ...args: string[]): T {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', ...process.execArgv, __filename, '--part', part, ...args, ...process.argv.slice(2)],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  if (child.status !== 0) throw new Error(`part ${part} failed (${child.status ?? child.signal}):\n${child.stdout}`);
  const lines = child.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

// ---- 1. The Merkle tree in memory ------------------------------------------------------------

interface MerkleFigures {
  leaves: number;
  buildMs: number;
  rootMs: number;
  memory: { rss: number; heapUsed: number; external: number; peakRss: number; rssBefore: number };
  proofs: number;
  proofHashes: { min: number; mean: number; max: number };
  proofMs: number;
  verifyMs: number;
  consistency: { from: number; to: number; hashes: number; proofMs: number; verifyMs: number }[];
}

function merklePart(): MerkleFigures {
  // The events' own hashes (random: SHA-256 outputs look so), made before the baseline is taken.
  const eventHashes = randomFillSync(Buffer.allocUnsafe(32 * LEAVES));
  const eventHash = (i: number) => eventHashes.subarray(i * 32, i * 32 + 32);
  const before = settledMemory();
  const tree = new MerkleTree();
  let started = process.hrtime.bigint();
  for (let i = 0; i < LEAVES; i += 1) tree.append(leafHash(eventHash(i)));
  const buildMs = ms(process.hrtime.bigint() - started);
  const peak = peakRss();
  const after = settledMemory();

  const root = tree.root();
  const rootMs = meanMs(1000, () => tree.root());

  // Warmed up on other leaves first, as in a hub that has been serving proofs for a while.
  for (let i = 0; i < 1000; i += 1) verifyInclusion(i, LEAVES, tree.leaf(i), tree.inclusionProof(randomInt(LEAVES)), root);
  const indexes = Array.from({ length: PROOFS }, () => randomInt(LEAVES));
  started = process.hrtime.bigint();
  const proofs = indexes.map((index) => tree.inclusionProof(index));
  const proofMs = ms(process.hrtime.bigint() - started) / PROOFS;
  const leaves = indexes.map((index) => tree.leaf(index));
  started = process.hrtime.bigint();
  let verified = 0;
  for (let i = 0; i < PROOFS; i += 1) if (verifyInclusion(indexes[i], LEAVES, leaves[i], proofs[i], root)) verified += 1;
  const verifyMs = ms(process.hrtime.bigint() - started) / PROOFS;
  if (verified !== PROOFS) throw new Error(`${PROOFS - verified} inclusion proofs did not verify`);
  const lengths = proofs.map((proof) => proof.length);

  // What the signer proves before each checkpoint (one interval of 1,000 on), and between far-apart sizes.
  const pairs: [number, number][] = [
    [Math.max(1, LEAVES - 1000), LEAVES],
    [Math.floor(LEAVES / 2) + 1, LEAVES],
    [Math.floor(LEAVES / 3), Math.floor((2 * LEAVES) / 3)],
  ];
  const consistency = pairs.map(([from, to]) => {
    const [fromRoot, toRoot] = [tree.root(from), tree.root(to)];
    const proof = tree.consistencyProof(from, to);
    if (!verifyConsistency(from, to, fromRoot, toRoot, proof)) throw new Error(`the consistency proof ${from} → ${to} did not verify`);
    return {
      from,
      to,
      hashes: proof.length,
      proofMs: meanMs(10_000, () => tree.consistencyProof(from, to)),
      verifyMs: meanMs(10_000, () => verifyConsistency(from, to, fromRoot, toRoot, proof)),
    };
  });
  return {
    leaves: tree.size,
    buildMs,
    rootMs,
    memory: {
      rss: after.rss - before.rss,
      heapUsed: after.heapUsed - before.heapUsed,
      external: after.external - before.external,
      peakRss: peak,
      rssBefore: before.rss,
    },
    proofs: PROOFS,
    proofHashes: { min: Math.min(...lengths), mean: average(lengths), max: Math.max(...lengths) },
    proofMs,
    verifyMs,
    consistency,
  };
}

function merkleRows(figures: MerkleFigures): string[][] {
  const { proofHashes: hashes, memory } = figures;
  const jsonBytes = (n: number) => n * 67 + 1; // ["<64 hex>",…]: 64 digits, quotes and a comma each, brackets
  return [
    [
      `build: leaf hash + append, ${count(figures.leaves)} leaves`,
      `${(figures.buildMs / 1000).toFixed(2)} s (${formatRate((figures.leaves / figures.buildMs) * 1000, 'leaves/s')})`,
    ],
    [
      'memory kept by the tree (after GC): RSS / heap / external (buffers)',
      `${formatBytes(memory.rss)} / ${formatBytes(memory.heapUsed)} / ${formatBytes(memory.external)}`,
    ],
    ['bytes a leaf (external / leaves)', `${(memory.external / figures.leaves).toFixed(1)} B`],
    ['process peak RSS (baseline before the tree)', `${formatBytes(memory.peakRss)} (${formatBytes(memory.rssBefore)})`],
    ['root of the whole tree (mean of 1,000)', micro(figures.rootMs)],
    [
      `inclusion proof length, ${count(figures.proofs)} random leaves: min / mean / max`,
      `${hashes.min} / ${hashes.mean.toFixed(2)} / ${hashes.max} hashes (${hashes.max * 32} B raw, ${jsonBytes(hashes.max)} B as bundle JSON)`,
    ],
    ['inclusion proof: make one (mean)', micro(figures.proofMs)],
    ['inclusion proof: verify one against the root (mean)', micro(figures.verifyMs)],
    ...figures.consistency.map(({ from, to, hashes: n, proofMs, verifyMs }) => [
      `consistency proof ${count(from)} → ${count(to)}: size, make, verify (mean of 10,000)`,
      `${n} hashes (${n * 32} B), ${micro(proofMs)}, ${micro(verifyMs)}`,
    ]),
  ];
}

// ---- 2. Export and offline verification over HTTP ---------------------------------------------

async function waitUntilIntact(base: string): Promise<void> {
  for (;;) {
    const report = await fetch(`${base}/health/ready`).then(
      (response) => response.json() as Promise<{ checks?: { eventStore?: { integrity?: { state?: string } } } }>,
      () => undefined,
    );
    const state = report?.checks?.eventStore?.integrity?.state;
    if (state === 'intact') return;
    if (state === 'compromised') throw new Error(`the hub says its store is compromised: ${JSON.stringify(report)}`);
    await new Promise((wait) => setTimeout(wait, 100));
  }
}

async function hubRows(dir: string): Promise<string[][]> {
  const rows: string[][] = [];
  const dataDir = join(dir, 'data');
  const writer = await SignedStoreWriter.create(dataDir);
  await writeCase(writer, 'T000001', longCase('T000001', 1000));
  await writeCase(writer, 'E000001', longCase('E000001', CASE_EVENTS));
  await writer.close();
  const storeSize = writer.size;
  const auditor = execFileSync(process.execPath, [HUB_MAIN, 'token', 'issue', '--role', 'auditor', '--name', 'auditor.bench'], {
    env: { ...process.env, HUB_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'ignore'],
  })
    .toString()
    .trim();
  const port = await freePort();
  const spawned = process.hrtime.bigint();
  const hub = spawn(process.execPath, [HUB_MAIN], {
    env: { ...process.env, PORT: String(port), HUB_DATA_DIR: dataDir, LOG_LEVEL: 'warn', HUB_TOKEN_RATE_LIMIT: '0' },
    stdio: 'inherit',
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitUntilIntact(base);
    rows.push([
      `hub start to integrity check done (${count(storeSize)}-event store, process start included)`,
      `${ms(process.hrtime.bigint() - spawned).toFixed(0)} ms`,
    ]);
    const headers = { authorization: `Bearer ${auditor}` };
    const timings: number[] = [];
    for (let i = 0; i < REQUESTS; i += 1) {
      const started = process.hrtime.bigint();
      const response = await fetch(`${base}/v1/cases/T000001/timeline`, { headers });
      const body = (await response.json()) as { events: unknown[] };
      timings.push(ms(process.hrtime.bigint() - started));
      if (body.events?.length !== 1000) throw new Error(`expected 1,000 events, got ${body.events?.length} (${response.status})`);
    }
    timings.sort((a, b) => a - b);
    rows.push([
      `timeline of a 1,000-event case (JSON), p50 / p95 of ${REQUESTS}`,
      `${percentile(timings, 0.5).toFixed(1)} ms / ${percentile(timings, 0.95).toFixed(1)} ms`,
    ]);

    const exportStarted = process.hrtime.bigint();
    const response = await fetch(`${base}/v1/cases/E000001/export`, { headers });
    const text = await response.text();
    const exportMs = ms(process.hrtime.bigint() - exportStarted);
    if (response.status !== 200) throw new Error(`export failed: ${response.status} ${text.slice(0, 500)}`);
    const bundle = JSON.parse(text) as EvidenceBundle;
    const bundleFile = join(dir, 'bundle.json');
    writeFileSync(bundleFile, text);
    const publicKeyPem = ((await (await fetch(`${base}/v1/audit/public-key`)).json()) as { publicKeyPem: string }).publicKeyPem;
    const keyFile = join(dir, 'key.pem');
    writeFileSync(keyFile, publicKeyPem);

    const bytes = Buffer.byteLength(text);
    const proofBytes = bundle.events.reduce((sum, event) => sum + JSON.stringify(event.inclusionProof).length, 0);
    const proofHashes = bundle.events.map((event) => event.inclusionProof.length);
    const treeSize = Number(bundle.checkpoint.split('\n')[1]);
    rows.push([
      `export of a ${count(bundle.events.length)}-event case: bundle size (per event)`,
      `${formatBytes(bytes)} (${(bytes / bundle.events.length).toFixed(0)} B)`,
    ]);
    rows.push([
      `  of which inclusion proofs (to a checkpoint of ${count(treeSize)} leaves)`,
      `${formatBytes(proofBytes)}, ${((proofBytes / bytes) * 100).toFixed(0)}%: ${Math.min(...proofHashes)}–${Math.max(...proofHashes)} hashes an event`,
    ]);
    rows.push(['  export time (GET …/export, first request)', `${exportMs.toFixed(0)} ms`]);

    const verifyStarted = process.hrtime.bigint();
    const verified = spawnSync(process.execPath, [HUB_MAIN, 'verify-bundle', bundleFile, '--public-key', keyFile], { encoding: 'utf8' });
    const verifyMs = ms(process.hrtime.bigint() - verifyStarted);
    if (verified.status !== 0) throw new Error(`bundle did not verify: ${verified.stdout}`);
    rows.push(['  offline verify-bundle (whole command, process start included)', `${verifyMs.toFixed(0)} ms`]);
    const inProcess: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const started = process.hrtime.bigint();
      const result = verifyBundleText(text, publicKeyPem);
      inProcess.push(ms(process.hrtime.bigint() - started));
      if (!result.valid || !result.keyTrusted) throw new Error(`bundle did not verify in process: ${JSON.stringify(result.problems)}`);
    }
    rows.push(['  offline verifyBundleText in process (best of 3)', `${Math.min(...inProcess).toFixed(0)} ms`]);
  } finally {
    hub.kill('SIGTERM');
    await new Promise((done) => hub.on('exit', done));
  }
  return rows;
}

// ---- 3. The start-up integrity check ----------------------------------------------------------

/** The signed store of STORE_EVENTS ordinary case events, kept between runs (built aside, then moved into place). */
async function bigStore(): Promise<string> {
  const dataDir = join(ROOT, `tmp/bench/audit-signed-${STORE_EVENTS}`);
  if (existsSync(storeFiles(dataDir).events)) return dataDir;
  const draft = `${dataDir}.partial`;
  rmSync(draft, { recursive: true, force: true });
  mkdirSync(draft, { recursive: true });
  const writer = await SignedStoreWriter.create(draft);
  const started = Date.now();
  // Fifty cases at a time, appended concurrently as a busy hub's requests are (they share commits).
  for (let first = 0; first * 10 < STORE_EVENTS; first += 50) {
    const cases = Array.from({ length: Math.min(50, Math.ceil(STORE_EVENTS / 10) - first) }, (_, i) => ordinaryCase(first + i));
    await writer.appendConcurrently(cases.map(({ crn, events }) => [streamNameFor(crn), events.map(toNewEvent), 'no_stream']));
    if (first % 5_000 === 0) process.stdout.write(`  building a signed store: ${count(first * 10)} events\r`);
  }
  await writer.close();
  renameSync(draft, dataDir);
  console.log(
    `\n  built ${dataDir}: ${count(writer.size)} events with ${count(writer.signedCheckpoints)} signed checkpoints in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return dataDir;
}

interface ReplayFigures {
  events: number;
  state: string;
  problems: number;
  seconds: number;
  memory: { rssBefore: number; rssAfter: number; peakRss: number; heapUsed: number; external: number };
}

/** What the hub does at start (RuntimeLifecycle → VerifiableLog.start()), alone in this process. */
async function replayPart(dataDir: string): Promise<ReplayFigures> {
  const files = storeFiles(dataDir);
  const key = SigningKey.loadExisting(files.signingKey);
  if (!key) throw new Error(`no signing key in ${dataDir}`);
  const store = new SqliteEventStore({ filename: files.events });
  const log = new EventLog(store);
  const before = settledMemory();
  const verifiable = new VerifiableLog(log, new TrustedKeys([key.publicKey]), {
    checkpointEvery: 1000,
    journal: new CheckpointJournal(files.journal),
  });
  const started = process.hrtime.bigint();
  await verifiable.start();
  const seconds = ms(process.hrtime.bigint() - started) / 1000;
  await verifiable.stop();
  const peak = peakRss();
  const after = settledMemory();
  const figures = {
    events: verifiable.size,
    state: verifiable.state,
    problems: verifiable.problems.length,
    seconds,
    memory: {
      rssBefore: before.rss,
      rssAfter: after.rss,
      peakRss: peak,
      heapUsed: after.heapUsed - before.heapUsed,
      external: after.external - before.external,
    },
  };
  await store.close();
  return figures;
}

function verifyAllRows(dataDir: string): string[][] {
  const started = process.hrtime.bigint();
  const verifyAll = spawnSync(process.execPath, [HUB_MAIN, 'verify', '--all'], {
    env: { ...process.env, HUB_DATA_DIR: dataDir },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wholeMs = ms(process.hrtime.bigint() - started);
  const summary = verifyAll.stdout.split('\n')[0];
  const rate = /([\d,]+) events\/s/.exec(summary)?.[1] ?? '?';
  const seconds = /\(([\d.]+) s,/.exec(summary)?.[1] ?? '?';
  const checkpoints = /(\d+) signed checkpoints?/.exec(summary)?.[1] ?? '?';
  return [
    [
      `verify --all: ${summary.split(':')[0]} (exit ${verifyAll.status}), ${checkpoints} checkpoints`,
      `${rate} events/s (${seconds} s walking the store)`,
    ],
    ['  whole command, process start included', `${(wholeMs / 1000).toFixed(1)} s`],
  ];
}

// ---- Putting it together ----------------------------------------------------------------------

async function main() {
  if (!existsSync(HUB_MAIN)) throw new Error('Build the hub first: npx nx run hub:build');
  console.log(`Merkle tree of ${count(LEAVES)} leaves in memory…`);
  const merkle = merkleRows(inChild<MerkleFigures>('merkle'));

  console.log(`Export of a ${count(CASE_EVENTS)}-event case from the built hub…`);
  const dir = mkdtempSync(join(tmpdir(), 'hub-bench-audit-'));
  let hub: string[][];
  try {
    hub = await hubRows(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  console.log(`Start-up integrity check over a ${count(STORE_EVENTS)}-event signed store…`);
  const storeDir = await bigStore();
  const replay = inChild<ReplayFigures>('replay', '--dir', storeDir);
  const startup = [
    [
      `VerifiableLog.start(): replay and check ${count(replay.events)} events (${replay.state}, ${replay.problems} problems)`,
      `${formatRate(replay.events / replay.seconds, 'events/s')} (${replay.seconds.toFixed(1)} s)`,
    ],
    [
      '  process RSS before / peak / after (after GC, tree kept)',
      `${formatBytes(replay.memory.rssBefore)} / ${formatBytes(replay.memory.peakRss)} / ${formatBytes(replay.memory.rssAfter)}`,
    ],
    [
      '  kept after the replay: heap / external (buffers), bytes an event',
      `${formatBytes(replay.memory.heapUsed)} / ${formatBytes(replay.memory.external)}, ${((replay.memory.heapUsed + replay.memory.external) / replay.events).toFixed(0)} B`,
    ],
    ...verifyAllRows(storeDir),
  ];

  console.log(`\nThe Merkle tree (RFC 9162) of ${count(LEAVES)} leaves, built in memory in a process of its own`);
  printTable(['measure', 'value'], merkle);
  console.log(`\nEvidence bundles (format 2) and reads, against the built hub`);
  printTable(['measure', 'value'], hub);
  console.log(`\nStart-up integrity check and verify --all, over ${storeDir} (SQLite)`);
  printTable(['measure', 'value'], startup);
  console.log(
    `\n${REQUESTS} sequential timeline requests over loopback; every one also records its read in the access log (an fsynced append).` +
      '\nStores carry a signed checkpoint every 1,000 events, as the hub writes them (bench/signed-store.ts).' +
      "\nCheckpointing's cost on writes: npm run bench:http -- --before <previous build>/dist/apps/hub/main.js",
  );
}

async function part(name: string): Promise<unknown> {
  if (name === 'merkle') return merklePart();
  if (name === 'replay') {
    const index = process.argv.indexOf('--dir');
    return replayPart(process.argv[index + 1]);
  }
  throw new Error(`no part ${name}`);
}

(PART ? part(PART).then((figures) => console.log(JSON.stringify(figures))) : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
