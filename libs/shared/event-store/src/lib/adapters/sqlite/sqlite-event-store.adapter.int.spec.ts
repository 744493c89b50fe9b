import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EventStorePort } from '../../event-store.port';
import { EventLog, sealEvents } from '../../event-log';
import { WrongExpectedVersionError } from '../../event-store.errors';
import { acknowledgedBeforeSigkill, describeEventStoreContract, holdSqliteAppend, someNewEvents } from '../../../testing';
import { SqliteEventStore } from './sqlite-event-store.adapter';

/** The workspace's path aliases, for the adapter loaded in another thread or process. */
const TSCONFIG = join(__dirname, '../../../../../../../tsconfig.base.json');

const dirs: string[] = [];
const filenameOf = (store: EventStorePort) => (store as SqliteEventStore).options.filename;

function newFilename(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hub-sqlite-'));
  dirs.push(dir);
  return join(dir, 'events.sqlite');
}

afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describeEventStoreContract('sqlite', {
  async create() {
    return new SqliteEventStore({ filename: newFilename() });
  },
  async reopen(store) {
    await store.close();
    return new SqliteEventStore({ filename: filenameOf(store) });
  },
  async tamper(store, streamName, streamVersion, data) {
    const db = new Database(filenameOf(store));
    db.prepare('UPDATE events SET data = ? WHERE stream_name = ? AND stream_version = ?').run(
      JSON.stringify(data),
      streamName,
      streamVersion,
    );
    db.close();
  },
  holdAppend: (store, streamName, event, holdMs) => holdSqliteAppend(filenameOf(store), streamName, event, holdMs),
});

describe('SqliteEventStore on a real file', () => {
  it('opens the file in WAL mode with an fsync on every commit (synchronous=FULL on its own connection)', async () => {
    const store = new SqliteEventStore({ filename: newFilename() });
    expect(store.durability()).toEqual({ journalMode: 'wal', synchronous: 'FULL' });
    await store.close();
  });

  it('serves four threads appending at once without a lock error or a lost event', async () => {
    const filename = newFilename();
    const setup = new SqliteEventStore({ filename });
    const workers = Array.from({ length: 4 }, (_, index) => {
      const worker = new Worker(join(__dirname, 'testing', 'append-worker.ts'), {
        execArgv: ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register'],
        env: { ...process.env, TS_NODE_PROJECT: TSCONFIG },
        workerData: { filename, streams: ['case-shared', `case-own-${index}`], appends: 60, batchSize: 2 },
      });
      const acked: string[] = [];
      return new Promise<string[]>((resolve, reject) => {
        worker.on('message', (message: { ack?: string[]; done?: boolean; error?: string }) => {
          if (message.ack) acked.push(...message.ack);
          if (message.error) reject(new Error(message.error));
          if (message.done) resolve(acked);
        });
        worker.on('error', reject);
      });
    });
    const acked = (await Promise.all(workers)).flat();
    const log = new EventLog(setup);
    const stored = await log.readAll();
    expect(acked).toHaveLength(4 * 60 * 2);
    expect(new Set(stored.map((event) => event.id))).toEqual(new Set(acked));
    for (const stream of ['case-shared', 'case-own-0', 'case-own-3']) {
      expect((await log.verifyStream(stream)).valid).toBe(true);
    }
    expect((await log.readStream('case-shared')).map((event) => event.streamVersion)).toEqual(
      Array.from({ length: 4 * 30 * 2 }, (_, i) => i),
    );
    await setup.close();
  }, 60_000);

  it('keeps every acknowledged append when the writing process is killed with SIGKILL', async () => {
    const filename = newFilename();
    const job = { filename, streams: ['case-K1', 'case-K2'], appends: 100_000, batchSize: 1 };
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', join(__dirname, 'testing', 'append-worker.ts'), JSON.stringify(job)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, TS_NODE_PROJECT: TSCONFIG },
      },
    );
    const acked = await acknowledgedBeforeSigkill(child, 300);

    const store = new SqliteEventStore({ filename });
    const log = new EventLog(store);
    const stored = new Set((await log.readAll()).map((event) => event.id));
    expect(acked.filter((id) => !stored.has(id))).toEqual([]);
    expect((await log.verifyStream('case-K1')).valid).toBe(true);
    await log.append('case-K1', someNewEvents(1), 'any');
    await store.close();
  }, 60_000);

  it('commits appends made together in one transaction, each with its own answer, and finishes them on close', async () => {
    const filename = newFilename();
    const store = new SqliteEventStore({ filename });
    const now = new Date().toISOString();
    const first = store.append('case-G1', sealEvents('case-G1', undefined, someNewEvents(2), now), 'no_stream');
    const conflicting = store.append('case-G1', sealEvents('case-G1', undefined, someNewEvents(1), now), 'no_stream');
    const other = store.append('case-G2', sealEvents('case-G2', undefined, someNewEvents(1), now), 'no_stream');
    await store.close();
    await expect(first).resolves.toMatchObject({ firstVersion: 0, lastVersion: 1 });
    await expect(conflicting).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(other).resolves.toMatchObject({ firstVersion: 0 });
    const reopened = new SqliteEventStore({ filename });
    expect((await reopened.readAll()).map((event) => event.streamName)).toEqual(['case-G1', 'case-G1', 'case-G2']);
    await expect(reopened.append('case-G3', sealEvents('case-G3', undefined, someNewEvents(1), now), 'no_stream')).resolves.toBeDefined();
    await reopened.close();
  });

  it('detects a deleted event, a rewritten chain link and an edited actor through verification', async () => {
    const store = new SqliteEventStore({ filename: newFilename() });
    const log = new EventLog(store);
    await log.append('case-T1', someNewEvents(5), 'no_stream');
    await log.append('case-T2', someNewEvents(3), 'no_stream');
    const db = new Database(store.options.filename);
    db.prepare("DELETE FROM events WHERE stream_name = 'case-T1' AND stream_version = 2").run();
    db.prepare("UPDATE events SET previous_hash = ? WHERE stream_name = 'case-T2' AND stream_version = 1").run('0'.repeat(64));
    await log.append('case-T3', someNewEvents(2), 'no_stream');
    db.prepare("UPDATE events SET metadata = ? WHERE stream_name = 'case-T3' AND stream_version = 1").run(
      JSON.stringify({ actor: { id: 'someone-else' } }),
    );
    db.close();
    expect((await log.verifyStream('case-T3')).firstInvalid).toMatchObject({ streamVersion: 1, reason: 'HASH_MISMATCH' });
    expect((await log.verifyStream('case-T1')).firstInvalid).toMatchObject({ streamVersion: 3, reason: 'VERSION_GAP' });
    expect((await log.verifyStream('case-T2')).firstInvalid).toMatchObject({ streamVersion: 1, reason: 'BROKEN_LINK' });
    await store.close();
  });
});
