import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventLog, EventStorePort, sealEvents, SqliteEventStore, WrongExpectedVersionError } from '@escalation-hub/event-store';
import { acknowledgedBeforeSigkill, describeEventStoreContract, holdSqliteAppend, someNewEvents } from '@escalation-hub/event-store/testing';
import { StorageThread, StorageThreadOptions } from './storage-thread';
import { streamCountsProjection } from './testing/counting.projection';

// The tests run the thread from its TypeScript source, compiled by @swc/core inside it. A native addon
// first loaded by a worker is unloaded when that worker ends, and the next worker then crashes loading
// it again: loaded here too, it stays. (The built hub's thread is plain JavaScript.)
require('@swc/core');

/** The workspace's path aliases, for the thread's TypeScript source. */
const TSCONFIG = join(__dirname, '../../../../../tsconfig.base.json');
const FROM_SOURCE = ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register'];

const dirs: string[] = [];
const threads = new Map<EventStorePort, { thread: StorageThread; dataDir: string }>();

function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hub-storage-thread-'));
  dirs.push(dir);
  return dir;
}

async function startThread(dataDir: string, options: Partial<StorageThreadOptions> = {}): Promise<StorageThread> {
  const thread = await StorageThread.start({
    workerFile: join(__dirname, 'testing', 'storage-worker.fixture.ts'),
    workerOptions: { execArgv: FROM_SOURCE, env: { ...process.env, TS_NODE_PROJECT: TSCONFIG } },
    eventsFile: join(dataDir, 'events.sqlite'),
    readModelsFile: join(dataDir, 'read-models.sqlite'),
    readModelsSource: 'sqlite',
    projections: [streamCountsProjection],
    ...options,
  });
  threads.set(thread.store, { thread, dataDir });
  return thread;
}

const dataDirOf = (store: EventStorePort) => (threads.get(store) as { dataDir: string }).dataDir;

function streamCounts(dataDir: string): Record<string, number> {
  const db = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true });
  const rows = db.prepare('SELECT stream_name, events FROM stream_counts').all() as { stream_name: string; events: number }[];
  db.close();
  return Object.fromEntries(rows.map((row) => [row.stream_name, row.events]));
}

afterAll(async () => {
  for (const { thread } of threads.values()) await thread.store.close();
  dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

// Appends and checkpoints go to the thread, reads stay on this one: the store must behave exactly as one on this thread.
describeEventStoreContract('sqlite, written on a storage thread', {
  create: async () => (await startThread(newDataDir())).store,
  async reopen(store) {
    await store.close();
    return (await startThread(dataDirOf(store))).store;
  },
  async tamper(store, streamName, streamVersion, data) {
    const db = new Database(join(dataDirOf(store), 'events.sqlite'));
    db.prepare('UPDATE events SET data = ? WHERE stream_name = ? AND stream_version = ?').run(JSON.stringify(data), streamName, streamVersion);
    db.close();
  },
  holdAppend: (store, streamName, event, holdMs) => holdSqliteAppend(join(dataDirOf(store), 'events.sqlite'), streamName, event, holdMs),
});

describe('the storage thread', () => {
  it('writes with an fsync on every commit, on its own connection', async () => {
    const { store } = await startThread(newDataDir());
    expect(store.durability()).toEqual({ journalMode: 'wal', synchronous: 'FULL', writer: 'storage thread' });
  });

  it('projects what it commits and tells this thread how far each read model has got', async () => {
    const dataDir = newDataDir();
    const { store, projector } = await startThread(dataDir);
    const log = new EventLog(store);
    await projector.start();
    await projector.whenCaughtUp();
    await log.append('case-P1', someNewEvents(2), 'no_stream');
    const last = await log.append('case-P2', someNewEvents(3), 'no_stream');
    expect(await projector.waitForPosition(last.lastPosition, 5_000, ['stream-counts'])).toBe(true);
    expect(streamCounts(dataDir)).toEqual({ 'case-P1': 2, 'case-P2': 3 });
    expect(projector.statuses()).toEqual([{ name: 'stream-counts', running: true, caughtUp: true, position: last.lastPosition }]);
    // A position nobody has reached yet is reported as not reached, once the wait is over.
    expect(await projector.waitForPosition(last.lastPosition + 1, 100)).toBe(false);
  });

  it('resumes from the read model’s checkpoint when it starts again', async () => {
    const dataDir = newDataDir();
    const first = await startThread(dataDir);
    await new EventLog(first.store).append('case-R1', someNewEvents(4), 'no_stream');
    await first.store.close(); // never projected
    const second = await startThread(dataDir);
    await second.projector.start();
    await second.projector.whenCaughtUp();
    expect(streamCounts(dataDir)).toEqual({ 'case-R1': 4 });
  });

  it('reports a read model that cannot apply an event, with the reason, and keeps the event', async () => {
    const failures: [string, string][] = [];
    const { store, projector } = await startThread(newDataDir(), {
      onProjectionError: (error, projection) => failures.push([projection, error.message]),
    });
    const log = new EventLog(store);
    await projector.start();
    const poisoned = await log.append('case-X1', [{ id: '7b0a3f5e-4c1d-4e8a-9f2b-3c4d5e6f7a8b', type: 'projection.poisoned', data: {} }], 'no_stream');
    expect(await projector.waitForPosition(poisoned.lastPosition, 300)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(failures).toEqual([['stream-counts', 'cannot apply 7b0a3f5e-4c1d-4e8a-9f2b-3c4d5e6f7a8b']]);
    expect(projector.statuses()[0]).toMatchObject({ lastError: 'cannot apply 7b0a3f5e-4c1d-4e8a-9f2b-3c4d5e6f7a8b' });
    expect((await store.readStream('case-X1')).map((event) => event.type)).toEqual(['projection.poisoned']);
  });

  it('answers appends sent together each on its own, refusals keeping their class', async () => {
    const { store } = await startThread(newDataDir());
    const log = new EventLog(store);
    const appends = Array.from({ length: 20 }, (_, index) => log.append(`case-G${index % 4}`, someNewEvents(1), 'any'));
    const conflicting = log.append('case-G9', someNewEvents(1), 5).catch((error: unknown) => error);
    const versions = (await Promise.all(appends)).map((result) => result.lastVersion).sort();
    expect(versions).toEqual([0, 1, 2, 3, 4].flatMap((version) => [version, version, version, version]));
    expect(await conflicting).toBeInstanceOf(WrongExpectedVersionError);
  });

  it('answers every append sent before it is closed, each stored', async () => {
    const dataDir = newDataDir();
    const { store } = await startThread(dataDir);
    const now = new Date().toISOString();
    const appendTo = (stream: string) => store.append(stream, sealEvents(stream, undefined, someNewEvents(1), now), 'no_stream');
    const appends = Array.from({ length: 10 }, (_, index) => appendTo(`case-C${index}`));
    await store.close();
    expect((await Promise.all(appends)).map((result) => result.lastVersion)).toEqual(Array(10).fill(0));
    await expect(appendTo('case-C99')).rejects.toThrow('closed');
    const reopened = new SqliteEventStore({ filename: join(dataDir, 'events.sqlite') });
    expect(await reopened.readAll()).toHaveLength(10);
    await reopened.close();
  });

  it('fails what waits for a thread that died, and says so in its ping and its read models’ status', async () => {
    const failures: string[] = [];
    const dataDir = newDataDir();
    const { store, projector } = await startThread(dataDir, { onFailure: (error) => failures.push(error.message) });
    const log = new EventLog(store);
    await projector.start();
    await log.append('case-D1', someNewEvents(1), 'no_stream');
    await expect(log.append('case-END-THE-THREAD', someNewEvents(1), 'no_stream')).rejects.toThrow('The storage thread exited (code 70)');
    expect(failures).toEqual(['The storage thread exited (code 70)']);
    await expect(store.ping()).rejects.toThrow('The storage thread exited (code 70)');
    await expect(log.append('case-D2', someNewEvents(1), 'no_stream')).rejects.toThrow('The storage thread exited (code 70)');
    expect(projector.statuses()[0]).toMatchObject({ running: false, lastError: 'the storage thread stopped: The storage thread exited (code 70)' });
    await projector.stop(); // nothing left to stop
    await store.close();
    // What it had acknowledged is stored; nothing of what it was given as it died.
    const reopened = new SqliteEventStore({ filename: join(dataDir, 'events.sqlite') });
    expect((await reopened.readAll()).map((event) => event.streamName)).toEqual(['case-D1']);
    await reopened.close();
  });

  it('reads the integrity log’s leaves there, each hash recomputed from what is stored', async () => {
    const dataDir = newDataDir();
    const thread = await startThread(dataDir);
    await new EventLog(thread.store).append('case-L1', someNewEvents(3), 'no_stream');
    const leaves = await thread.leaves.readAll({ maxCount: 10 });
    expect(leaves.map((leaf) => [leaf.streamVersion, leaf.recomputedHash === leaf.hash, leaf.data])).toEqual([
      [0, true, null],
      [1, true, null],
      [2, true, null],
    ]);
    const db = new Database(join(dataDir, 'events.sqlite'));
    db.prepare("UPDATE events SET data = '{\"edited\":true}' WHERE stream_name = 'case-L1' AND stream_version = 1").run();
    db.close();
    const after = await thread.leaves.readAll({ from: leaves[0].position, maxCount: 1 });
    expect(after).toMatchObject([{ streamVersion: 1, hash: leaves[1].hash }]);
    expect(after[0].recomputedHash).not.toBe(leaves[1].hash);
  });

  it('has every acknowledged append stored when the process is killed with SIGKILL mid-batch', async () => {
    const dataDir = newDataDir();
    const child = spawn(process.execPath, [...FROM_SOURCE, join(__dirname, 'testing', 'threaded-appends.child.ts'), dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, TS_NODE_PROJECT: TSCONFIG },
    });
    const acked = await acknowledgedBeforeSigkill(child, 400);

    const store = new SqliteEventStore({ filename: join(dataDir, 'events.sqlite') });
    const log = new EventLog(store);
    const stored = await log.readAll();
    const storedIds = new Set(stored.map((event) => event.id));
    expect(acked.filter((id) => !storedIds.has(id))).toEqual([]);
    for (const stream of ['case-K1', 'case-K2', 'case-K3', 'case-K4']) expect((await log.verifyStream(stream)).valid).toBe(true);
    await store.close();
    // The next start projects whatever the killed one had not.
    const restarted = await startThread(dataDir);
    await restarted.projector.start();
    await restarted.projector.whenCaughtUp();
    const counts = streamCounts(dataDir);
    expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(stored.length);
  }, 60_000);
});
