import Database from 'better-sqlite3';
import { createPrivateKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, computeEventHash, copyEventStore, EventLog, JsonObject, SqliteEventStore } from '@escalation-hub/event-store';
import { someNewEvents } from '@escalation-hub/event-store/testing';
import { verifyWholeStore } from './log-auditor';
import {
  appendIntegrityRecord,
  CHECKPOINT_COSIGNED,
  CHECKPOINT_STREAM,
  CheckpointJournal,
  COSIGNATURE_STREAM,
  fingerprintOf,
  GENESIS_RUNNING_HASH,
  nextRunningHash,
  readSignedRecords,
  SIGNING_KEY_ROTATED,
  SigningKey,
  signRotation,
  TREE_HEAD_SIGNED,
  TrustedKeys,
} from './store-integrity';
import { IntegrityCompromisedError, TreeHeadSigner, VerifiableLog } from './verifiable-log';
import { readWitnessFolder, Witness, WitnessFolderContents } from './witness';
import { eventLeafHash, MerkleTree } from './transparency/merkle';
import { checkpointText, cosignatureLine, ED25519_COSIGNATURE, ed25519Sign, NoteVerifier, noteVerifier } from './transparency/signed-note';

const ORIGIN = 'hub.test/log';
const EVERY = 5;

/** Writes events through a live VerifiableLog and signer, as the hub does, signing every EVERY events. */
async function writeStore(dir: string, key: SigningKey, streams: string[], perStream: number): Promise<void> {
  const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
  const log = new EventLog(store);
  const journal = new CheckpointJournal(join(dir, 'integrity-checkpoints.jsonl'));
  const verifiable = new VerifiableLog(log, new TrustedKeys([key.publicKey]), { checkpointEvery: EVERY, journal });
  await verifiable.start();
  const signer = new TreeHeadSigner(log, verifiable, key, ORIGIN, EVERY, () => new Date('2026-12-01T10:00:00Z'), journal);
  let signed = 0;
  for (let round = 0; round < perStream; round += 1) {
    for (const stream of streams) {
      await log.append(stream, someNewEvents(1), 'any');
      await verifiable.catchUp();
      if (verifiable.size - signed >= EVERY) {
        await signer.sign(signed + EVERY);
        signed += EVERY;
      }
    }
  }
  await verifiable.catchUp();
  await signer.sign(); // as at shutdown
  await verifiable.stop();
  await store.close();
}

/** Whole-store verification against tampering done directly in the SQLite file, by someone without the key. */
describe('integrity of a real SQLite store', () => {
  let dir: string;
  let key: SigningKey;
  const filename = () => join(dir, 'events.sqlite');
  const journalFile = () => join(dir, 'integrity-checkpoints.jsonl');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-integrity-'));
    key = SigningKey.loadOrCreate(join(dir, 'integrity-key.pem'));
    await writeStore(dir, key, ['case-A000001', 'case-A000002', 'case-A000003'], 3);
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function verify(options: { keys?: TrustedKeys; witnessed?: WitnessFolderContents[] } = {}) {
    const store = new SqliteEventStore({ filename: filename() });
    try {
      return await verifyWholeStore(new EventLog(store), options.keys ?? new TrustedKeys([key.publicKey]), {
        checkpointEvery: EVERY,
        journal: { ...new CheckpointJournal(journalFile()).read(), file: journalFile() },
        witnessed: options.witnessed,
      });
    } finally {
      await store.close();
    }
  }
  function tamper(sql: string): void {
    const db = new Database(filename());
    db.exec(sql);
    db.close();
  }
  /** Edits one event and recomputes that case's chain from it on: every per-case check then passes. */
  function forgeAndRehash(stream: string, version: number, data: JsonObject): void {
    const db = new Database(filename());
    const rows = db.prepare('SELECT * FROM events WHERE stream_name = ? ORDER BY stream_version').all(stream) as Record<string, never>[];
    let previousHash: string | null = null;
    for (const row of rows) {
      const content = {
        streamName: stream,
        streamVersion: row['stream_version'],
        id: row['event_id'],
        type: row['type'],
        data: row['stream_version'] === version ? data : JSON.parse(row['data']),
        metadata: JSON.parse(row['metadata']),
        recordedAt: row['recorded_at'],
        previousHash,
      };
      const hash = computeEventHash(content);
      db.prepare('UPDATE events SET data = ?, hash = ?, previous_hash = ? WHERE position = ?').run(
        JSON.stringify(content.data),
        hash,
        previousHash,
        row['position'],
      );
      previousHash = hash;
    }
    db.close();
  }
  /** Starts a hub's live log on the store as it is now. */
  async function startLive() {
    const store = new SqliteEventStore({ filename: filename() });
    const log = new EventLog(store);
    const journal = new CheckpointJournal(journalFile());
    const verifiable = new VerifiableLog(log, new TrustedKeys([key.publicKey]), { checkpointEvery: EVERY, journal });
    await verifiable.start();
    const signer = new TreeHeadSigner(log, verifiable, key, ORIGIN, EVERY, () => new Date(), journal);
    return { store, log, verifiable, signer, close: async () => (await verifiable.stop(), await store.close()) };
  }
  const codes = async (options?: Parameters<typeof verify>[0]) => (await verify(options)).problems.map((problem) => problem.code);

  it('accepts an untouched store: every chain, the tree and every checkpoint', async () => {
    // 9 case events, a checkpoint at 5 and at 10 (the first checkpoint record is leaf 5), a last one at 11.
    expect(await verify()).toMatchObject({ valid: true, events: 12, streams: 4, checkpoints: 3, problems: [] });
    const live = await startLive();
    expect(live.verifiable.state).toBe('intact');
    await live.close();
  });

  it('catches an edited payload', async () => {
    tamper(`UPDATE events SET data = '{"n":999}' WHERE stream_name = 'case-A000002' AND stream_version = 1`);
    expect((await verify()).problems).toContainEqual(expect.objectContaining({ code: 'HASH_MISMATCH', streamName: 'case-A000002', streamVersion: 1 }));
  });

  it('catches an edit whose case chain was recomputed, and the hub then signs and exports nothing', async () => {
    forgeAndRehash('case-A000002', 1, { n: 999, forged: true });
    // Every per-case chain is intact now; only the signed tree shows the change.
    expect(await codes()).toEqual(expect.arrayContaining(['CHECKPOINT_MISMATCH']));
    expect(await codes()).not.toContain('HASH_MISMATCH');
    const live = await startLive();
    expect(live.verifiable.state).toBe('compromised');
    await expect(live.signer.sign()).rejects.toThrow('no longer matches what the hub signed');
    await live.close();
  });

  it('catches an event deleted from the middle', async () => {
    tamper(`DELETE FROM events WHERE stream_name = 'case-A000003' AND stream_version = 1`);
    expect(await codes()).toEqual(expect.arrayContaining(['VERSION_GAP', 'CHECKPOINT_MISMATCH']));
  });

  it('catches a reordered pair, even when each stream stays in order', async () => {
    tamper(`UPDATE events SET position = -1 WHERE position = 3; UPDATE events SET position = 3 WHERE position = 4; UPDATE events SET position = 4 WHERE position = -1;`);
    expect(new Set(await codes())).toEqual(new Set(['CHECKPOINT_MISMATCH']));
  });

  it('catches a truncated tail, checkpoints included, through the journal kept outside the store', async () => {
    tamper(`DELETE FROM events WHERE position > 8`);
    expect(await codes()).toContain('EVENTS_MISSING_AT_END');
    const live = await startLive();
    expect(live.verifiable.state).toBe('compromised');
    await live.close();
  });

  it('catches a deleted case with every checkpoint and the journal gone: checkpoints, and the journal, are missing', async () => {
    tamper(`DELETE FROM events WHERE stream_name IN ('case-A000002', '${CHECKPOINT_STREAM}')`);
    unlinkSync(journalFile());
    // 6 events left with no checkpoint, though one is due every 5: so was the journal holding its copy.
    expect(await verify()).toMatchObject({
      valid: false,
      checkpoints: 0,
      problems: [
        { code: 'CHECKPOINT_MISSING', fromSize: 0, toSize: 6, allowed: EVERY },
        { code: 'JOURNAL_MISSING', file: journalFile() },
      ],
    });
  });

  it('does not miss a journal no checkpoint was due for', async () => {
    tamper(`DELETE FROM events WHERE stream_name IN ('case-A000002', 'case-A000003', '${CHECKPOINT_STREAM}')`);
    unlinkSync(journalFile());
    // 3 events: fewer than one checkpoint's worth, so neither a checkpoint nor a journal was due.
    expect(await verify()).toMatchObject({ valid: true, events: 3, checkpoints: 0, problems: [] });
  });

  it('reports a journal that is absent while the store has checkpoints', async () => {
    unlinkSync(journalFile());
    expect(await codes()).toEqual(['JOURNAL_MISSING']);
  });

  it("catches the same attack through a witness's copies, kept in another folder", async () => {
    const live = await startLive();
    const witnessDir = join(dir, 'witness');
    const witness = Witness.open(witnessDir, { logKey: key.verifierFor(ORIGIN).vkey });
    const outcome = await witness.poll(
      {
        latestCheckpoint: async () => (live.verifiable.latestHead as { note: string }).note,
        consistencyProof: async (from, to) => live.verifiable.consistencyProof(from, to).map((hash) => hash.toString('hex')),
        submitCosignature: async () => undefined,
        keyRotations: async () => [],
      },
      new Date(),
    );
    expect(outcome).toMatchObject({ status: 'cosigned', treeSize: 11 });
    await live.close();
    forgeAndRehash('case-A000001', 0, { n: -1 });
    tamper(`DELETE FROM events WHERE stream_name = '${CHECKPOINT_STREAM}'`);
    unlinkSync(journalFile());
    const witnessed = [readWitnessFolder(witnessDir)];
    // The store now holds 9 events; the witness kept a signed tree of 11.
    expect((await verify({ witnessed })).problems).toContainEqual(
      expect.objectContaining({ code: 'EVENTS_MISSING_AT_END', source: 'witness', treeSize: 11, storedEvents: 9 }),
    );
    // Had the forger padded the log back to 11 events, the root would still differ from the witnessed one.
    const store = new SqliteEventStore({ filename: filename() });
    await new EventLog(store).append('case-A000007', someNewEvents(2), 'no_stream');
    await store.close();
    expect((await verify({ witnessed })).problems).toContainEqual(expect.objectContaining({ code: 'CHECKPOINT_MISMATCH', source: 'witness', treeSize: 11 }));
  });

  /** A witness folder holding the hub's newest checkpoint, as a witness keeps it. */
  async function witnessFolder(): Promise<string> {
    const live = await startLive();
    const witnessDir = join(dir, 'witness');
    const witness = Witness.open(witnessDir, { logKey: key.verifierFor(ORIGIN).vkey });
    const outcome = await witness.poll(
      {
        latestCheckpoint: async () => (live.verifiable.latestHead as { note: string }).note,
        consistencyProof: async (from, to) => live.verifiable.consistencyProof(from, to).map((hash) => hash.toString('hex')),
        submitCosignature: async () => undefined,
        keyRotations: async () => [],
      },
      new Date(),
    );
    expect(outcome).toMatchObject({ status: 'cosigned', treeSize: 11 });
    await live.close();
    return witnessDir;
  }

  it("checks the hub's signature on each checkpoint a witness folder keeps, and trusts none that fails", async () => {
    const witnessDir = await witnessFolder();
    const [kept] = readWitnessFolder(witnessDir).entries;
    expect(await verify({ witnessed: [readWitnessFolder(witnessDir)] })).toMatchObject({ valid: true, witnessed: 1 });
    const otherRoot = Buffer.alloc(32, 7);
    const forger = SigningKey.loadOrCreate(join(dir, 'forger-key.pem'));
    const line = (record: object) => appendFileSync(join(witnessDir, 'checkpoints.jsonl'), `${JSON.stringify(record)}\n`);
    // A note signed by a key the verifier does not trust, and the hub's note beside fields edited to another root.
    line({ ...kept, treeSize: 9, rootHash: otherRoot.toString('hex'), note: forger.signCheckpoint({ origin: ORIGIN, size: 9, rootHash: otherRoot }) });
    line({ ...kept, rootHash: otherRoot.toString('hex') });
    const result = await verify({ witnessed: [readWitnessFolder(witnessDir)] });
    expect(result).toMatchObject({ valid: false, witnessed: 1 });
    expect(result.problems).toEqual([
      { code: 'CHECKPOINT_BAD_SIGNATURE', treeSize: 9, source: 'witness' },
      { code: 'CHECKPOINT_BAD_SIGNATURE', treeSize: 11, source: 'witness' },
    ]);
  });

  it('reports a torn or garbled line of a witness folder, and the other lines still count', async () => {
    const witnessDir = await witnessFolder();
    const file = join(witnessDir, 'checkpoints.jsonl');
    appendFileSync(file, '{"treeSize": 12, "not json\n{"treeSize": 12}\n{"origin": "hub.test/log", "treeSize": 11, "ro');
    const folder = readWitnessFolder(witnessDir);
    expect(folder).toMatchObject({ entries: [expect.objectContaining({ treeSize: 11 })], unreadableLines: [2, 3, 4] });
    const result = await verify({ witnessed: [folder] });
    expect(result).toMatchObject({ valid: false, witnessed: 1 });
    expect(result.problems).toEqual([2, 3, 4].map((line) => ({ code: 'WITNESS_LINE_UNREADABLE', file, line })));
    // The witness itself refuses to go on from a folder it cannot read.
    expect(() => Witness.open(witnessDir, {}).accepted()).toThrow('line 2, 3, 4 is not a checkpoint this witness accepted');
  });

  it('catches a checkpoint signed with another key, and trusts none when checked with the wrong key', async () => {
    const forger = SigningKey.loadOrCreate(join(dir, 'forger-key.pem'));
    const store = new SqliteEventStore({ filename: filename() });
    const log = new EventLog(store);
    const rootHash = Buffer.alloc(32, 1);
    const note = forger.signCheckpoint({ origin: ORIGIN, size: 12, rootHash });
    const forged = { origin: ORIGIN, treeSize: 12, rootHash: rootHash.toString('hex'), note, keyFingerprint: key.fingerprint, checkpointEvery: EVERY, createdAt: new Date().toISOString() };
    await log.append(CHECKPOINT_STREAM, [{ id: randomUUID(), type: TREE_HEAD_SIGNED, data: forged as unknown as JsonObject }], 'stream_exists');
    await store.close();
    expect(await codes()).toEqual(['CHECKPOINT_BAD_SIGNATURE']);
    const wrongKey = await verify({ keys: new TrustedKeys([forger.publicKey]) });
    expect(wrongKey.problems.filter((problem) => problem.code === 'CHECKPOINT_BAD_SIGNATURE').length).toBeGreaterThanOrEqual(3);
  });

  it('a journal line that cannot be read is reported, and the others still count', async () => {
    appendFileSync(journalFile(), '{"treeSize": 12, "torn');
    const result = await verify();
    expect(result.problems).toEqual([{ code: 'JOURNAL_LINE_UNREADABLE', line: 4 }]);
  });

  it('signs at exactly every N events, proving each new head extends the last', async () => {
    const live = await startLive();
    for (let i = 0; i < 7; i += 1) await live.log.append('case-A000009', someNewEvents(1), 'any');
    await live.verifiable.catchUp();
    const head = await live.signer.sign(live.verifiable.latestSignedSize + EVERY);
    expect(head.treeSize).toBe(11 + EVERY);
    expect(head.note).toMatch(new RegExp(`^${ORIGIN.replace('.', '\\.')}\\n${head.treeSize}\\n[A-Za-z0-9+/]{43}=\\n\\n— ${ORIGIN.replace('.', '\\.')} `));
    await live.close();
    expect(await verify()).toMatchObject({ valid: true });
  });
  it('reads back what it is about to sign: an edit made behind a running hub since the last head stops the signer', async () => {
    const live = await startLive();
    try {
      for (let i = 0; i < 7; i += 1) await live.log.append('case-A000009', someNewEvents(1), 'any');
      await live.verifiable.catchUp();
      forgeAndRehash('case-A000009', 2, { n: 999, forged: true });
      await expect(live.signer.sign(live.verifiable.latestSignedSize + EVERY)).rejects.toBeInstanceOf(IntegrityCompromisedError);
      expect(live.verifiable.state).toBe('compromised');
      expect(live.verifiable.problems).toContainEqual(expect.objectContaining({ code: 'HASH_MISMATCH', streamName: 'case-A000009', streamVersion: 2 }));
      await expect(live.signer.sign()).rejects.toBeInstanceOf(IntegrityCompromisedError);
    } finally {
      await live.close();
    }
  });

  it('reads older history back too, a stretch per checkpoint: an edit before the last head is found by the next signature', async () => {
    const live = await startLive();
    try {
      forgeAndRehash('case-A000001', 0, { n: -1 });
      for (let i = 0; i < EVERY; i += 1) await live.log.append('case-A000009', someNewEvents(1), 'any');
      await live.verifiable.catchUp();
      await expect(live.signer.sign()).rejects.toBeInstanceOf(IntegrityCompromisedError);
      expect(live.verifiable.problems).toContainEqual(expect.objectContaining({ code: 'HASH_MISMATCH', streamName: 'case-A000001', streamVersion: 0 }));
    } finally {
      await live.close();
    }
  });
});

/** A new key signs from a point on; the old one stays trusted for what it signed, through a hand-over both signed. */
describe('signing key rotation', () => {
  let dir: string;
  let oldKey: SigningKey;
  let newKey: SigningKey;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-rotation-'));
    oldKey = SigningKey.loadOrCreate(join(dir, 'old.pem'));
    newKey = SigningKey.loadOrCreate(join(dir, 'keys-elsewhere', 'new.pem'));
    await writeStore(dir, oldKey, ["case-R000001", "case-R000002"], 3); // 6 events, heads at 5 and 7 (shutdown): 8 leaves
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function rotateAndContinue(rotation: (log: EventLog, size: number) => Promise<void>) {
    const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    const log = new EventLog(store);
    const before = new VerifiableLog(log, new TrustedKeys([oldKey.publicKey]), { checkpointEvery: EVERY });
    await before.start();
    await before.stop();
    await rotation(log, before.latestSignedSize);
    // The hub restarts with the new key only, signs more, and its log is intact.
    const verifiable = new VerifiableLog(log, new TrustedKeys([newKey.publicKey]), { checkpointEvery: EVERY });
    await verifiable.start();
    const state = verifiable.state;
    if (state === 'intact') {
      await log.append('case-R000003', someNewEvents(4), 'no_stream');
      await verifiable.catchUp();
      const signer = new TreeHeadSigner(log, verifiable, newKey, ORIGIN, EVERY, () => new Date());
      await signer.sign(verifiable.latestSignedSize + EVERY);
      await signer.sign();
    }
    await verifiable.stop();
    await store.close();
    return state;
  }
  const verifyWith = async (...keys: SigningKey[]) => {
    const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    try {
      return await verifyWholeStore(new EventLog(store), new TrustedKeys(keys.map((key) => key.publicKey)), { checkpointEvery: EVERY });
    } finally {
      await store.close();
    }
  };

  it('trusts the old key up to the hand-over and the new key after it; old keys stay published', async () => {
    expect(
      await rotateAndContinue((log, size) => appendIntegrityRecord(log, SIGNING_KEY_ROTATED, signRotation(oldKey, newKey, ORIGIN, size, new Date()) as never)),
    ).toBe('intact');
    expect(await verifyWith(newKey)).toMatchObject({ valid: true, checkpoints: 4, problems: [] });
    const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    const trusted = new TrustedKeys([newKey.publicKey]);
    trusted.learnRotations((await readSignedRecords(new EventLog(store))).rotations);
    await store.close();
    expect(trusted.all.map((key) => [key.fromTreeSize, key.untilTreeSize])).toEqual([[8, undefined], [0, 7]]);
    // The old key alone does not vouch for what the new one signed.
    expect((await verifyWith(oldKey)).problems.map((problem) => problem.code)).toContain('CHECKPOINT_BAD_SIGNATURE');
  });

  it('refuses a hand-over the old key did not sign: the old checkpoints then verify with nothing', async () => {
    const forged = (log: EventLog, size: number) => {
      const intruder = SigningKey.loadOrCreate(join(dir, 'intruder.pem'));
      const rotation = signRotation(intruder, newKey, ORIGIN, size, new Date());
      return appendIntegrityRecord(log, SIGNING_KEY_ROTATED, { ...rotation, previousKeyPem: oldKey.publicKeyPem } as never);
    };
    expect(await rotateAndContinue(forged)).toBe('compromised');
    expect((await verifyWith(newKey)).problems.map((problem) => problem.code)).toEqual(
      expect.arrayContaining(['KEY_ROTATION_INVALID', 'CHECKPOINT_BAD_SIGNATURE']),
    );
  });
});

/** migrate-store numbers positions anew; the tree counts events, so every checkpoint still verifies. */
describe('a store copied to another engine', () => {
  it('verifies with the same root, and the hub resumes signing on it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-integrity-copy-'));
    const key = SigningKey.loadOrCreate(join(dir, 'integrity-key.pem'));
    await writeStore(dir, key, ['case-C000001', 'case-C000002'], 4);
    const source = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    const target = new SqliteEventStore({ filename: join(dir, 'new.sqlite') });
    await target.migrate();
    const db = new Database(join(dir, 'new.sqlite'));
    db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('events', 5000)").run();
    db.close();
    await copyEventStore(source, target);
    const keys = new TrustedKeys([key.publicKey]);
    const before = await verifyWholeStore(new EventLog(source), keys, { checkpointEvery: EVERY });
    const after = await verifyWholeStore(new EventLog(target), keys, { checkpointEvery: EVERY });
    expect(after).toMatchObject({ valid: true, rootHash: before.rootHash, events: before.events });
    const verifiable = new VerifiableLog(new EventLog(target), keys, { checkpointEvery: EVERY });
    await verifiable.start();
    expect(verifiable.state).toBe('intact');
    await verifiable.stop();
    await Promise.all([source.close(), target.close()]);
    rmSync(dir, { recursive: true, force: true });
  });
});

/** What someone who can write the store, but holds no key the verifier trusts, can still try. */
describe('forgeries by someone without a trusted key', () => {
  let dir: string;
  let key: SigningKey;
  const events = () => join(dir, 'events.sqlite');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-forgery-'));
    key = SigningKey.loadOrCreate(join(dir, 'integrity-key.pem'));
    await writeStore(dir, key, ['case-F000001', 'case-F000002', 'case-F000003'], 5); // 15 events and their checkpoints
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function live(witnessKeys: NoteVerifier[] = []) {
    const store = new SqliteEventStore({ filename: events() });
    const verifiable = new VerifiableLog(new EventLog(store), new TrustedKeys([key.publicKey]), {
      checkpointEvery: EVERY,
      journal: new CheckpointJournal(join(dir, 'integrity-checkpoints.jsonl')),
      witnessKeys,
    });
    await verifiable.start();
    await verifiable.stop();
    await store.close();
    return verifiable;
  }

  it("does not let a cosignature by a witness it was not told about stand in for the hub's deleted checkpoints", async () => {
    const db = new Database(events());
    db.exec(`DELETE FROM events WHERE stream_name = '${CHECKPOINT_STREAM}'`);
    db.close();
    unlinkSync(join(dir, 'integrity-checkpoints.jsonl'));
    // The forger makes a witness key of their own and cosigns the store as it now is.
    const store = new SqliteEventStore({ filename: events() });
    const log = new EventLog(store);
    const tree = new MerkleTree();
    for await (const event of log.iterateAll()) tree.append(eventLeafHash(event.hash));
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const forgedWitness = noteVerifier('witness.forger.example/w', ED25519_COSIGNATURE, publicKey);
    const text = checkpointText({ origin: ORIGIN, size: tree.size, rootHash: tree.root() });
    const line = cosignatureLine(forgedWitness, ed25519Sign(privateKey), text, 1_800_000_000);
    await log.append(COSIGNATURE_STREAM, [
      {
        id: randomUUID(),
        type: CHECKPOINT_COSIGNED,
        data: { origin: ORIGIN, treeSize: tree.size, rootHash: tree.root().toString('hex'), witnessKey: forgedWitness.vkey, line, timestamp: 1_800_000_000 },
      },
    ]);
    await store.close();
    const verifiable = await live();
    expect(verifiable.state).toBe('compromised');
    expect(verifiable.problems.map((problem) => problem.code)).toContain('CHECKPOINT_MISSING');
  });

  it('refuses a legacy checkpoint past the first tree head, even with the right running hash and a trusted key', async () => {
    const store = new SqliteEventStore({ filename: events() });
    let runningHash = GENESIS_RUNNING_HASH;
    let count = 0;
    for await (const event of new EventLog(store).iterateAll()) {
      runningHash = nextRunningHash(runningHash, event.hash);
      count += 1;
    }
    await store.close();
    // Legacy checkpoints predate tree heads: one covering the whole store, after heads from 5 on, cannot be genuine.
    const content = { count, lastPosition: count, runningHash, createdAt: new Date().toISOString() };
    const signature = sign(null, Buffer.from(canonicalJson(content)), createPrivateKey(readFileSync(join(dir, 'integrity-key.pem')))).toString('base64');
    appendFileSync(join(dir, 'integrity-checkpoints.jsonl'), `${JSON.stringify({ ...content, keyFingerprint: key.fingerprint, signature })}\n`);
    expect((await live()).problems).toContainEqual({ code: 'CHECKPOINT_BAD_SIGNATURE', treeSize: count, source: 'journal' });
  });

  it('follows two hand-overs in a row at the same tree size, in the order they were recorded', () => {
    const [k0, k1, k2] = ['k0', 'k1', 'k2'].map((name) => SigningKey.loadOrCreate(join(dir, `${name}.pem`)));
    const trusted = new TrustedKeys([k2.publicKey]);
    const refused = trusted.learnRotations([signRotation(k0, k1, ORIGIN, 14, new Date()), signRotation(k1, k2, ORIGIN, 14, new Date())]);
    expect(refused).toEqual([]);
    expect(trusted.keysFor(14).map((publicKey) => fingerprintOf(publicKey))).toEqual([k0.fingerprint]);
    expect(trusted.keysFor(15).map((publicKey) => fingerprintOf(publicKey))).toEqual([k2.fingerprint]);
  });

  it('takes every event into the tree when more than a page arrived at once, and finds each one', async () => {
    const store = new SqliteEventStore({ filename: events() });
    const log = new EventLog(store);
    const verifiable = new VerifiableLog(log, new TrustedKeys([key.publicKey]), { checkpointEvery: EVERY });
    await verifiable.start();
    await verifiable.stop(); // no subscription: catchUp alone must take them all
    const before = verifiable.size;
    for (let i = 0; i < 5; i += 1) await log.append(`case-G00000${i}`, someNewEvents(500), 'no_stream');
    const [last] = await log.readAll({ direction: 'backwards', maxCount: 1 });
    expect(await verifiable.leafIndexWhenTaken(last.position)).toBe(before + 2500 - 1);
    expect(verifiable.size).toBe(before + 2500);
    await store.close();
  });
});
