import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SigningKey } from './store-integrity';
import { leafHash, MerkleTree } from './transparency/merkle';
import { addCheckpointBody, LogClient, Witness } from './witness';
import { parseNote, verifiedCosignature } from './transparency/signed-note';

const ORIGIN = 'hub.test/log';

/** A log the test controls: the tree it serves, signed by the log's key; like the hub, it proves only within the tree it has. */
function servedLog(key: SigningKey, tree: () => MerkleTree): LogClient & { submitted: string[]; proofsAsked: [number, number][] } {
  const submitted: string[] = [];
  const proofsAsked: [number, number][] = [];
  return {
    submitted,
    proofsAsked,
    latestCheckpoint: async () => key.signCheckpoint({ origin: ORIGIN, size: tree().size, rootHash: tree().root() }),
    consistencyProof: async (from, to) => {
      proofsAsked.push([from, to]);
      // What the hub answers (integrity.controller.ts): 422 for a size it does not have, or from > to.
      if (to > tree().size) throw new Error(`422 The log has ${tree().size} leaves, fewer than ${to}`);
      if (from > to) throw new Error(`422 from (${from}) must not be larger than to (${to})`);
      return tree().consistencyProof(from, to).map((hash) => hash.toString('hex'));
    },
    keyRotations: async () => [],
    submitCosignature: async (note) => void submitted.push(note),
  };
}

const treeOf = (leaves: string[]) => {
  const tree = new MerkleTree();
  for (const leaf of leaves) tree.append(leafHash(Buffer.from(leaf)));
  return tree;
};

describe('Witness', () => {
  let dir: string;
  let key: SigningKey;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hub-witness-'));
    key = SigningKey.loadOrCreate(join(dir, 'log-key.pem'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('cosigns a log that only grows, and keeps each checkpoint it accepted', async () => {
    const leaves = Array.from({ length: 20 }, (_, i) => `event ${i}`);
    let size = 8;
    const log = servedLog(key, () => treeOf(leaves.slice(0, size)));
    const witness = Witness.open(join(dir, 'w'), { logKey: key.verifierFor(ORIGIN).vkey });
    expect(await witness.poll(log, new Date())).toMatchObject({ status: 'cosigned', treeSize: 8, submitted: true });
    size = 20;
    expect(await witness.poll(log, new Date())).toMatchObject({ status: 'cosigned', treeSize: 20 });
    expect(await witness.poll(log, new Date())).toEqual({ status: 'unchanged', treeSize: 20 });
    expect(witness.accepted().map((checkpoint) => checkpoint.treeSize)).toEqual([8, 20]);
    expect(log.submitted[1]).toContain('\n— witness.local/w1 ');
  });

  it('raises an alarm, and accepts nothing more, when the log rewrote history and grew, or forked at the same size', async () => {
    const genuine = Array.from({ length: 20 }, (_, i) => `event ${i}`);
    const rewritten = genuine.map((leaf, i) => (i === 3 ? 'forged' : leaf));
    let tree = treeOf(genuine);
    const log = servedLog(key, () => tree);
    const grown = Witness.open(join(dir, 'grown'), { logKey: key.verifierFor(ORIGIN).vkey });
    await grown.poll(log, new Date());
    tree = treeOf([...rewritten, 'event 20']);
    expect(await grown.poll(log, new Date())).toMatchObject({ status: 'alarm', reason: expect.stringContaining('does not extend') });
    tree = treeOf(genuine);
    expect(await grown.poll(log, new Date())).toMatchObject({ status: 'alarm' });

    // The same size with another root: a forked log.
    const forked = Witness.open(join(dir, 'forked'), { logKey: key.verifierFor(ORIGIN).vkey });
    tree = treeOf(genuine);
    await forked.poll(log, new Date());
    tree = treeOf(rewritten);
    expect(await forked.poll(log, new Date())).toMatchObject({ status: 'alarm', reason: expect.stringContaining('a forked log') });
  });

  it('raises an alarm on a rolled-back log, rewritten or not, with both signed checkpoints as evidence and no proof asked for', async () => {
    const genuine = Array.from({ length: 20 }, (_, i) => `event ${i}`);
    const rewritten = genuine.map((leaf, i) => (i === 3 ? 'forged' : leaf));
    for (const [name, rolledBack] of [
      ['rewritten', rewritten.slice(0, 12)],
      ['truncated', genuine.slice(0, 12)],
    ] as const) {
      let tree = treeOf(genuine);
      const log = servedLog(key, () => tree);
      const witness = Witness.open(join(dir, name), { logKey: key.verifierFor(ORIGIN).vkey });
      expect(await witness.poll(log, new Date())).toMatchObject({ status: 'cosigned', treeSize: 20 });
      const accepted = witness.accepted()[0].note;
      // Rolled back to 12 events: a real hub cannot prove 12 → 20 (it answers 422); the smaller signed checkpoint is the evidence.
      tree = treeOf(rolledBack);
      const served = await log.latestCheckpoint();
      expect(await witness.poll(log, new Date())).toMatchObject({ status: 'alarm', reason: expect.stringContaining('rolled back') });
      expect(log.proofsAsked).toEqual([]);
      const alarm = readFileSync(join(dir, name, 'ALARM'), 'utf8');
      expect(alarm).toContain(`--- what the log served:\n${served}`);
      expect(alarm).toContain(accepted);
      // It accepts nothing more, even once the log is whole again.
      tree = treeOf([...genuine, 'event 20']);
      expect(await witness.poll(log, new Date())).toMatchObject({ status: 'alarm' });
      expect(witness.accepted().map((checkpoint) => checkpoint.treeSize)).toEqual([20]);
    }
  });

  it('refuses a checkpoint the log key did not sign', async () => {
    const other = SigningKey.loadOrCreate(join(dir, 'other.pem'));
    const witness = Witness.open(join(dir, 'w'), { logKey: key.verifierFor(ORIGIN).vkey });
    const log = servedLog(other, () => treeOf(['a', 'b']));
    expect(await witness.poll(log, new Date())).toMatchObject({ status: 'alarm', reason: expect.stringContaining('not signed by the log key') });
  });

  describe('pushed checkpoints (c2sp.org/tlog-witness add-checkpoint)', () => {
    const genuine = Array.from({ length: 20 }, (_, i) => `event ${i}`);
    const note = (tree: MerkleTree) => key.signCheckpoint({ origin: ORIGIN, size: tree.size, rootHash: tree.root() });
    const push = (witness: Witness, old: number, tree: MerkleTree, proof = old === 0 ? [] : tree.consistencyProof(old, tree.size)) =>
      witness.addCheckpoint(addCheckpointBody(old, proof, note(tree)), new Date());

    it('cosigns a checkpoint that extends the last, and tells a log that guessed wrong what it holds', async () => {
      const witness = Witness.open(join(dir, 'w'), { logKey: key.verifierFor(ORIGIN).vkey });
      const first = await push(witness, 0, treeOf(genuine.slice(0, 8)));
      expect(first.status).toBe(200);
      const cosigned = parseNote(`${note(treeOf(genuine.slice(0, 8)))}${first.body}`);
      expect(verifiedCosignature(cosigned, witness.verifier)).toBeDefined();
      // The log does not know what the witness holds: 409 with the size, then it proves from there.
      expect(await push(witness, 0, treeOf(genuine))).toEqual({ status: 409, contentType: 'text/x.tlog.size', body: '8\n' });
      expect((await push(witness, 8, treeOf(genuine))).status).toBe(200);
      expect(witness.accepted().map((checkpoint) => checkpoint.treeSize)).toEqual([8, 20]);
      // The same checkpoint again: the same cosignature, nothing new kept.
      expect(await push(witness, 20, treeOf(genuine))).toMatchObject({ status: 200 });
      expect(witness.accepted()).toHaveLength(2);
    });

    it('takes no push as evidence but a fork: an older checkpoint or a bad proof is refused without an alarm', async () => {
      const rewritten = genuine.map((leaf, i) => (i === 3 ? 'forged' : leaf));
      const witness = Witness.open(join(dir, 'w'), { logKey: key.verifierFor(ORIGIN).vkey });
      expect((await push(witness, 0, treeOf(genuine))).status).toBe(200);
      // Anyone can replay a public checkpoint or send a junk proof: refused, and the witness carries on.
      expect((await push(witness, 20, treeOf(genuine.slice(0, 12)), [])).status).toBe(400);
      const grownRewritten = treeOf([...rewritten, 'event 20']);
      expect((await push(witness, 20, grownRewritten, grownRewritten.consistencyProof(20, 21))).status).toBe(422);
      expect(witness.alarm()).toBeUndefined();
      expect((await push(witness, 20, treeOf([...genuine, 'event 20']))).status).toBe(200);
      // Two roots the log key signed for one size prove a fork, whoever sends the second: the alarm is kept.
      const forked = Witness.open(join(dir, 'forked'), { logKey: key.verifierFor(ORIGIN).vkey });
      expect((await push(forked, 0, treeOf(genuine))).status).toBe(200);
      expect((await push(forked, 20, treeOf(rewritten), [])).status).toBe(422);
      expect(forked.alarm()).toContain('a forked log');
      expect((await push(forked, 20, treeOf([...genuine, 'event 20']))).status).toBe(422);
    });

    it('refuses a note the log key did not sign, another log, and a malformed request, changing nothing', async () => {
      const witness = Witness.open(join(dir, 'w'), { logKey: key.verifierFor(ORIGIN).vkey });
      const other = SigningKey.loadOrCreate(join(dir, 'other.pem'));
      const tree = treeOf(genuine);
      const forged = other.signCheckpoint({ origin: ORIGIN, size: tree.size, rootHash: tree.root() });
      expect((await witness.addCheckpoint(addCheckpointBody(0, [], forged), new Date())).status).toBe(403);
      const elsewhere = key.signCheckpoint({ origin: 'another.example/log', size: tree.size, rootHash: tree.root() });
      expect((await witness.addCheckpoint(addCheckpointBody(0, [], elsewhere), new Date())).status).toBe(404);
      for (const body of ['', 'old x\n\n' + note(tree), 'old 0\nnot-base64\n\n' + note(tree), 'old 0\n\nnot a note'])
        expect([body.slice(0, 12), (await witness.addCheckpoint(body, new Date())).status]).toEqual([body.slice(0, 12), 400]);
      expect(witness.accepted()).toEqual([]);
      expect(witness.alarm()).toBeUndefined();
    });
  });
});
