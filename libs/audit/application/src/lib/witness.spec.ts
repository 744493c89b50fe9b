import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SigningKey } from './store-integrity';
import { leafHash, MerkleTree } from './transparency/merkle';
import { LogClient, Witness } from './witness';

const ORIGIN = 'hub.test/log';

/** A log the test controls: the tree it serves, signed by the log's key. */
function servedLog(key: SigningKey, tree: () => MerkleTree): LogClient & { submitted: string[] } {
  const submitted: string[] = [];
  return {
    submitted,
    latestCheckpoint: async () => key.signCheckpoint({ origin: ORIGIN, size: tree().size, rootHash: tree().root() }),
    consistencyProof: async (from, to) => tree().consistencyProof(from, to).map((hash) => hash.toString('hex')),
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

  it('raises an alarm, and accepts nothing more, when the log rewrote history, whether it then grew or shrank', async () => {
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

    const shrunk = Witness.open(join(dir, 'shrunk'), { logKey: key.verifierFor(ORIGIN).vkey });
    tree = treeOf(genuine);
    await shrunk.poll(log, new Date());
    // Rolled back to 12 events and rewritten: older than what was accepted, and not a prefix of it.
    tree = treeOf(rewritten.slice(0, 12));
    const smallerTree = tree;
    const rolledBack: LogClient = { ...log, consistencyProof: async (from, to) => treeOf(genuine).consistencyProof(from, to).map((hash) => hash.toString('hex')) };
    expect(smallerTree.size).toBe(12);
    expect(await shrunk.poll(rolledBack, new Date())).toMatchObject({ status: 'alarm', reason: expect.stringContaining('not a prefix') });
  });

  it('refuses a checkpoint the log key did not sign', async () => {
    const other = SigningKey.loadOrCreate(join(dir, 'other.pem'));
    const witness = Witness.open(join(dir, 'w'), { logKey: key.verifierFor(ORIGIN).vkey });
    const log = servedLog(other, () => treeOf(['a', 'b']));
    expect(await witness.poll(log, new Date())).toMatchObject({ status: 'alarm', reason: expect.stringContaining('not signed by the log key') });
  });
});
