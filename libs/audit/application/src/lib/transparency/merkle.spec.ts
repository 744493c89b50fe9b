import { createHash } from 'node:crypto';
import { EMPTY_TREE_ROOT, Hash, leafHash, MerkleTree, nodeHash, splitPoint, verifyConsistency, verifyInclusion } from './merkle';

// RFC 9162 §2.1 written out as the RFC states it, recursion and all: the reference the fast tree must agree with.
const naive = {
  mth(leaves: Hash[]): Hash {
    if (leaves.length === 0) return createHash('sha256').digest();
    if (leaves.length === 1) return leaves[0];
    const k = splitPoint(leaves.length);
    return nodeHash(naive.mth(leaves.slice(0, k)), naive.mth(leaves.slice(k)));
  },
  path(m: number, leaves: Hash[]): Hash[] {
    if (leaves.length === 1) return [];
    const k = splitPoint(leaves.length);
    return m < k
      ? [...naive.path(m, leaves.slice(0, k)), naive.mth(leaves.slice(k))]
      : [...naive.path(m - k, leaves.slice(k)), naive.mth(leaves.slice(0, k))];
  },
  subproof(m: number, leaves: Hash[], b: boolean): Hash[] {
    const n = leaves.length;
    if (m === n) return b ? [] : [naive.mth(leaves)];
    const k = splitPoint(n);
    return m <= k
      ? [...naive.subproof(m, leaves.slice(0, k), b), naive.mth(leaves.slice(k))]
      : [...naive.subproof(m - k, leaves.slice(k), false), naive.mth(leaves.slice(0, k))];
  },
};

const hex = (hashes: Hash[]) => hashes.map((hash) => hash.toString('hex'));

// The Certificate Transparency reference tree (RFC 6962 test data, as used by every CT implementation).
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

function treeOf(leaves: Hash[]): MerkleTree {
  const tree = new MerkleTree();
  for (const leaf of leaves) tree.append(leaf);
  return tree;
}

describe('MerkleTree (RFC 9162 §2.1)', () => {
  it('gives the Certificate Transparency reference roots for every size', () => {
    const tree = treeOf(CT_LEAVES.map((data) => leafHash(Buffer.from(data, 'hex'))));
    expect(tree.root(0).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(EMPTY_TREE_ROOT.equals(tree.root(0))).toBe(true);
    CT_ROOTS.forEach((root, index) => expect(tree.root(index + 1).toString('hex')).toBe(root));
    expect(hex(tree.inclusionProof(0, 8))).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
  });

  // A property test: for every tree size up to 70 and every leaf and prefix, the fast tree gives
  // exactly the RFC's recursion, and the RFC's verification algorithms accept it.
  it('agrees with the RFC written out naively, for every size, leaf and prefix up to 70 leaves', () => {
    const leaves = Array.from({ length: 70 }, (_, i) => leafHash(Buffer.from(`leaf ${i} ${i * 7919}`)));
    const tree = new MerkleTree();
    for (let size = 1; size <= leaves.length; size += 1) {
      tree.append(leaves[size - 1]);
      const prefix = leaves.slice(0, size);
      const root = naive.mth(prefix);
      expect(tree.root().equals(root)).toBe(true);
      for (let index = 0; index < size; index += 1) {
        const proof = tree.inclusionProof(index);
        expect(hex(proof)).toEqual(hex(naive.path(index, prefix)));
        expect(verifyInclusion(index, size, leaves[index], proof, root)).toBe(true);
      }
      for (let from = 1; from <= size; from += 1) {
        const proof = tree.consistencyProof(from, size);
        expect(hex(proof)).toEqual(hex(from === size ? [] : naive.subproof(from, prefix, true)));
        expect(verifyConsistency(from, size, naive.mth(leaves.slice(0, from)), root, proof)).toBe(true);
      }
    }
    // Older sizes stay answerable after the tree has grown.
    expect(tree.root(33).equals(naive.mth(leaves.slice(0, 33)))).toBe(true);
    expect(hex(tree.inclusionProof(20, 33))).toEqual(hex(naive.path(20, leaves.slice(0, 33))));
  });

  it('refuses every proof that was tampered with, moved or cut', () => {
    const leaves = Array.from({ length: 23 }, (_, i) => leafHash(Buffer.from([i])));
    const tree = treeOf(leaves);
    const root = tree.root();
    for (let index = 0; index < 23; index += 1) {
      const proof = tree.inclusionProof(index);
      const flipped = proof.map((hash, i) => (i === 0 ? Buffer.from(hash.map((byte, j) => (j === 0 ? byte ^ 1 : byte))) : hash));
      expect(verifyInclusion(index, 23, leaves[index], flipped, root)).toBe(false);
      expect(verifyInclusion(index, 23, leaves[(index + 1) % 23], proof, root)).toBe(false);
      expect(verifyInclusion((index + 1) % 23, 23, leaves[index], proof, root)).toBe(false);
      expect(verifyInclusion(index, 23, leaves[index], proof.slice(0, -1), root)).toBe(false);
      expect(verifyInclusion(index, 23, leaves[index], [...proof, root], root)).toBe(false);
    }
    for (let from = 1; from < 23; from += 1) {
      const proof = tree.consistencyProof(from, 23);
      const oldRoot = tree.root(from);
      expect(verifyConsistency(from, 23, oldRoot, root, proof.slice(1))).toBe(false);
      expect(verifyConsistency(from, 23, tree.root(from === 1 ? 2 : from - 1), root, proof)).toBe(false);
      expect(verifyConsistency(from, 23, oldRoot, tree.root(22), proof)).toBe(false);
      // A history rewritten before `from` gives another old root, and no proof joins the two.
      const forged = treeOf(leaves.map((leaf, i) => (i === from - 1 ? leafHash(Buffer.from('forged')) : leaf)));
      expect(verifyConsistency(from, 23, oldRoot, forged.root(), forged.consistencyProof(from, 23))).toBe(false);
    }
    expect(() => tree.inclusionProof(23)).toThrow(RangeError);
    expect(() => tree.consistencyProof(0, 5)).toThrow(RangeError);
    expect(() => tree.root(24)).toThrow(RangeError);
  });
});
