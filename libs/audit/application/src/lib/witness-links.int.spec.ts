import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeEventHash, EventLog, SqliteEventStore } from '@escalation-hub/event-store';
import { someNewEvents } from '@escalation-hub/event-store/testing';
import { COSIGNATURE_STREAM, readSignedRecords, SigningKey, TrustedKeys } from './store-integrity';
import { IntegrityCompromisedError, TreeHeadSigner, VerifiableLog } from './verifiable-log';
import { Witness } from './witness';
import { WitnessLinks, WitnessTransport } from './witness-links';

const ORIGIN = 'hub.test/log';
const EVERY = 5;
const WITNESS_URL = 'http://witness.test';

/** The witness as `witness --listen` serves it, without the sockets: POST /add-checkpoint, GET /checkpoint. */
function served(witness: Witness): WitnessTransport {
  return async ({ method, body }) => {
    if (method === 'GET') {
      const newest = witness.accepted().at(-1);
      return newest ? { status: 200, body: newest.note } : { status: 404, body: '' };
    }
    const answer = await witness.addCheckpoint(body ?? '', new Date());
    return { status: answer.status, body: answer.body };
  };
}

/** A hub whose checkpoints are pushed to one witness (c2sp.org/tlog-witness), on a real SQLite store. */
describe('a hub that pushes its checkpoints to a witness', () => {
  let dir: string;
  let key: SigningKey;
  let witness: Witness;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hub-witness-links-'));
    key = SigningKey.loadOrCreate(join(dir, 'key.pem'));
    witness = Witness.open(join(dir, 'witness'), { logKey: key.verifierFor(ORIGIN).vkey });
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A hub on the store as it is now, reaching its witness through `transport` (by default the witness itself). */
  async function startHub(transport: WitnessTransport = served(witness)) {
    const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    const log = new EventLog(store);
    const verifiable = new VerifiableLog(log, new TrustedKeys([key.publicKey]), { checkpointEvery: EVERY });
    await verifiable.start();
    const links = new WitnessLinks(log, verifiable, [WITNESS_URL], [witness.verifier], { transport });
    const signer = new TreeHeadSigner(log, verifiable, key, ORIGIN, EVERY, () => new Date(), undefined, links);
    const write = async (events: number) => {
      for (let i = 0; i < events; i += 1) await log.append('case-W000001', someNewEvents(1), 'any');
      await verifiable.catchUp();
    };
    return { log, verifiable, links, signer, write, stop: async () => (await verifiable.stop(), await store.close()) };
  }

  function sql(statement: string): void {
    const db = new Database(join(dir, 'events.sqlite'));
    db.exec(statement);
    db.close();
  }

  it('hands each new checkpoint to the witness, proving it extends the last, and keeps the cosignature', async () => {
    const hub = await startHub();
    try {
      await hub.write(EVERY);
      await hub.signer.sign();
      await hub.signer.whenPushed();
      await hub.write(EVERY);
      await hub.signer.sign();
      await hub.signer.whenPushed();
      expect(witness.accepted().map((kept) => kept.treeSize)).toEqual([5, 12]);
      expect(hub.links.status()).toEqual([{ url: WITNESS_URL, holds: 12 }]);
      const { cosignatures } = await readSignedRecords(hub.log);
      expect(cosignatures.map((cosignature) => [cosignature.treeSize, cosignature.witnessKey])).toEqual([
        [5, witness.verifier.vkey],
        [12, witness.verifier.vkey],
      ]);
    } finally {
      await hub.stop();
    }
  });

  it('finds a rolled-back store at start: the witness holds more than the store has', async () => {
    const first = await startHub();
    await first.write(EVERY);
    await first.signer.sign();
    await first.signer.whenPushed();
    await first.write(EVERY);
    await first.signer.sign();
    await first.signer.whenPushed();
    await first.stop();
    // An insider cuts the newest events, with their checkpoint and the witness's cosignatures (no journal here).
    sql(`DELETE FROM events WHERE position > 5 OR stream_name = '${COSIGNATURE_STREAM}'`);
    const hub = await startHub();
    try {
      expect(hub.verifiable.state).toBe('intact'); // the store alone no longer shows it
      await expect(hub.links.check()).rejects.toBeInstanceOf(IntegrityCompromisedError);
      expect(hub.verifiable.problems).toEqual([{ code: 'WITNESS_AHEAD', witness: WITNESS_URL, witnessSize: 12, treeSize: 5 }]);
      await expect(hub.signer.sign()).rejects.toBeInstanceOf(IntegrityCompromisedError);
    } finally {
      await hub.stop();
    }
  });

  it('finds rewritten history padded back to its old length: the witness holds another root', async () => {
    const first = await startHub();
    await first.write(EVERY);
    await first.signer.sign();
    await first.signer.whenPushed();
    await first.write(EVERY);
    await first.signer.sign();
    await first.signer.whenPushed();
    await first.stop();
    // Rewrite event 7 (rehashed, so the chain checks), drop the checkpoint that covered it.
    const db = new Database(join(dir, 'events.sqlite'));
    const row = db.prepare('SELECT * FROM events WHERE position = 8').get() as Record<string, never>;
    const forged = {
      streamName: row['stream_name'],
      streamVersion: row['stream_version'],
      id: row['event_id'],
      type: row['type'],
      data: { forged: true },
      metadata: JSON.parse(row['metadata']),
      recordedAt: row['recorded_at'],
      previousHash: row['previous_hash'],
    };
    const hash = computeEventHash(forged);
    db.prepare('UPDATE events SET data = ?, hash = ? WHERE position = 8').run(JSON.stringify(forged.data), hash);
    const next = db.prepare("SELECT * FROM events WHERE stream_name = 'case-W000001' AND stream_version > ? ORDER BY stream_version").all(row['stream_version']) as Record<string, never>[];
    let previousHash = hash;
    for (const later of next) {
      const content = { streamName: later['stream_name'], streamVersion: later['stream_version'], id: later['event_id'], type: later['type'], data: JSON.parse(later['data']), metadata: JSON.parse(later['metadata']), recordedAt: later['recorded_at'], previousHash };
      const laterHash = computeEventHash(content);
      db.prepare('UPDATE events SET hash = ?, previous_hash = ? WHERE position = ?').run(laterHash, previousHash, later['position']);
      previousHash = laterHash;
    }
    db.exec(`DELETE FROM events WHERE (stream_name = 'integrity-checkpoints' AND position > 6) OR stream_name = '${COSIGNATURE_STREAM}'`);
    db.close();
    const hub = await startHub();
    try {
      await hub.write(1); // back to 12 leaves, as many as the witness holds
      expect(hub.verifiable.state).toBe('intact');
      await expect(hub.links.check()).rejects.toBeInstanceOf(IntegrityCompromisedError);
      expect(hub.verifiable.problems).toEqual([expect.objectContaining({ code: 'CHECKPOINT_MISMATCH', treeSize: 12, source: 'witness' })]);
    } finally {
      await hub.stop();
    }
  });

  it('takes no size a witness names as evidence: only a checkpoint the hub signed can show a rollback', async () => {
    // A faulty or hostile witness claims to hold far more than the log has, and shows nothing for it.
    const boasting: WitnessTransport = async ({ method }) => (method === 'GET' ? { status: 404, body: '' } : { status: 409, body: '999999\n' });
    const hub = await startHub(boasting);
    try {
      await hub.write(EVERY);
      await expect(hub.signer.sign()).resolves.toMatchObject({ treeSize: EVERY });
      await hub.signer.whenPushed();
      expect(hub.verifiable.state).toBe('intact');
    } finally {
      await hub.stop();
    }
  });

  it('goes on signing while the witness cannot be reached, and says so', async () => {
    const unreachable: WitnessTransport = async () => {
      throw new Error('connect ECONNREFUSED');
    };
    const hub = await startHub(unreachable);
    try {
      await hub.write(EVERY);
      await expect(hub.signer.sign()).resolves.toMatchObject({ treeSize: EVERY });
      expect(hub.links.status()).toEqual([{ url: WITNESS_URL, lastError: 'connect ECONNREFUSED' }]);
      expect(hub.verifiable.state).toBe('intact');
    } finally {
      await hub.stop();
    }
  });
});
