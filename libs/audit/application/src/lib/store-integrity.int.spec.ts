import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyEventStore, EventLog, JsonObject, SqliteEventStore } from '@escalation-hub/event-store';
import { someNewEvents } from '@escalation-hub/event-store/testing';
import {
  CHECKPOINT_SIGNED,
  CHECKPOINT_STREAM,
  CheckpointJournal,
  IntegrityCheckpointer,
  SigningKey,
  verifyWholeStore,
} from './store-integrity';

/** Whole-store verification against tampering done directly in the SQLite file. */
describe('verifyWholeStore on a real SQLite file', () => {
  let dir: string;
  let filename: string;
  let key: SigningKey;
  let journal: CheckpointJournal;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-integrity-'));
    filename = join(dir, 'events.sqlite');
    key = SigningKey.loadOrCreate(join(dir, 'integrity-key.pem'));
    journal = new CheckpointJournal(join(dir, 'integrity-checkpoints.jsonl'));
    const store = new SqliteEventStore({ filename });
    const log = new EventLog(store);
    const checkpointer = new IntegrityCheckpointer(log, key, () => new Date(), 5, journal);
    await checkpointer.resume();
    for (const stream of ['case-A000001', 'case-A000002', 'case-A000003']) {
      for (let i = 0; i < 3; i += 1) await log.append(stream, someNewEvents(1), 'any');
    }
    // As its subscription would: positions 1–5, a checkpoint (count 5) lands at 10, then the rest,
    // then a last checkpoint (count 10, as at shutdown) at 11.
    await checkpointer.apply(await log.readAll({ maxCount: 5 }));
    await checkpointer.apply(await log.readAll({ from: 5 }));
    await checkpointer.checkpoint();
    await store.close();
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function verify(publicKeyPem = key.publicKeyPem) {
    const store = new SqliteEventStore({ filename });
    try {
      return await verifyWholeStore(new EventLog(store), publicKeyPem, { journal: journal.read() });
    } finally {
      await store.close();
    }
  }
  function tamper(sql: string): void {
    const db = new Database(filename);
    db.exec(sql);
    db.close();
  }
  const kinds = async () => (await verify()).problems.map((problem) => problem.kind);

  it('accepts an untouched store, with its signed checkpoints', async () => {
    expect(await verify()).toMatchObject({ valid: true, events: 11, streams: 4, checkpoints: 2, problems: [] });
  });

  it('catches an edited payload', async () => {
    tamper(`UPDATE events SET data = '{"n":999}' WHERE stream_name = 'case-A000002' AND stream_version = 1`);
    expect((await verify()).problems).toContainEqual(
      expect.objectContaining({ kind: 'STREAM_CHAIN_BROKEN', streamName: 'case-A000002', streamVersion: 1, reason: 'HASH_MISMATCH' }),
    );
  });

  it('catches an edited actor', async () => {
    tamper(`UPDATE events SET metadata = '{"by":"someone else"}' WHERE stream_name = 'case-A000001' AND stream_version = 0`);
    expect((await verify()).problems).toContainEqual(
      expect.objectContaining({ kind: 'STREAM_CHAIN_BROKEN', streamName: 'case-A000001', reason: 'HASH_MISMATCH' }),
    );
  });

  it('catches a deleted event', async () => {
    tamper(`DELETE FROM events WHERE stream_name = 'case-A000003' AND stream_version = 1`);
    expect(await kinds()).toEqual(expect.arrayContaining(['STREAM_CHAIN_BROKEN', 'CHECKPOINT_MISMATCH']));
  });

  it('catches a reordered pair, even when each stream stays in order', async () => {
    // Swap the global positions of two events of different streams (case-A000001 v2 and case-A000002 v0).
    tamper(
      `UPDATE events SET position = -1 WHERE position = 3; UPDATE events SET position = 3 WHERE position = 4; UPDATE events SET position = 4 WHERE position = -1;`,
    );
    const result = await verify();
    expect(result.problems.map((problem) => problem.kind)).toEqual(['CHECKPOINT_MISMATCH', 'CHECKPOINT_MISMATCH']);
  });

  it('catches a truncated tail, checkpoints included, through the journal kept outside the store', async () => {
    tamper(`DELETE FROM events WHERE position > 7`);
    expect(await kinds()).toContain('EVENTS_MISSING_AT_END');
  });

  it('reports a journal line that cannot be read, and still uses the others', async () => {
    appendFileSync(join(dir, 'integrity-checkpoints.jsonl'), '{"count": 12, "torn');
    const result = await verify();
    expect(result.problems).toEqual([{ kind: 'JOURNAL_LINE_UNREADABLE', line: 3 }]);
    expect(result.checkpoints).toBe(2);
  });

  it('catches a deleted stream', async () => {
    tamper(`DELETE FROM events WHERE stream_name = 'case-A000002'`);
    expect(await kinds()).toContain('CHECKPOINT_MISMATCH');
  });

  it('catches a checkpoint signed with another key', async () => {
    const forger = SigningKey.loadOrCreate(join(dir, 'forger-key.pem'));
    const store = new SqliteEventStore({ filename });
    const log = new EventLog(store);
    const forged = forger.signCheckpoint({ count: 11, lastPosition: 11, runningHash: 'f'.repeat(64), createdAt: new Date().toISOString() });
    await log.append(
      CHECKPOINT_STREAM,
      [{ id: randomUUID(), type: CHECKPOINT_SIGNED, data: forged as unknown as JsonObject }],
      'stream_exists',
    );
    await store.close();
    expect(await kinds()).toEqual(['CHECKPOINT_BAD_SIGNATURE']);
    // And a store checked with the wrong public key trusts none of the genuine checkpoints.
    expect((await verify(forger.publicKeyPem)).problems.filter((problem) => problem.kind === 'CHECKPOINT_BAD_SIGNATURE')).toHaveLength(2);
  });
});

/** After migrate-store the copied checkpoints name positions in the old store; the checkpointer must find its place by count. */
describe('IntegrityCheckpointer on a copied store', () => {
  it('resumes where the signed count ends in the copy, so later checkpoints still verify', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-integrity-copy-'));
    const key = SigningKey.loadOrCreate(join(dir, 'integrity-key.pem'));
    const source = new SqliteEventStore({ filename: join(dir, 'old.sqlite') });
    const sourceLog = new EventLog(source);
    const before = new IntegrityCheckpointer(sourceLog, key, () => new Date(), 1000);
    await before.resume();
    for (let i = 0; i < 20; i += 1) await sourceLog.append(`case-C${i % 4}`, someNewEvents(1), 'any');
    await before.apply(await sourceLog.readAll({ maxCount: 100 }));
    await before.checkpoint();

    // The new store numbers its positions differently (here from 5,001).
    const target = new SqliteEventStore({ filename: join(dir, 'new.sqlite') });
    await target.migrate();
    const db = new Database(join(dir, 'new.sqlite'));
    db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('events', 5000)").run();
    db.close();
    await copyEventStore(source, target);
    const targetLog = new EventLog(target);
    const after = new IntegrityCheckpointer(targetLog, key, () => new Date(), 1000);
    const from = await after.resume();
    expect(from).toBe(5020);
    await after.apply(await targetLog.readAll({ from }));
    await targetLog.append('case-C9', someNewEvents(3), 'no_stream');
    await after.apply(await targetLog.readAll({ from: 5021 }));
    await after.checkpoint();
    expect(await verifyWholeStore(targetLog, key.publicKeyPem)).toMatchObject({ valid: true, events: 25, checkpoints: 2, problems: [] });
    // A restart on the copy now resumes from its own mark.
    expect(await new IntegrityCheckpointer(targetLog, key, () => new Date(), 1000).resume()).toBe(5024);
    await Promise.all([source.close(), target.close()]);
    rmSync(dir, { recursive: true, force: true });
  });
});
