import { createHash } from 'node:crypto';

/**
 * The Merkle tree of RFC 9162 §2.1 (the same as RFC 6962's): leaf hash SHA-256(0x00 || leaf),
 * interior node SHA-256(0x01 || left || right), the empty tree's root SHA-256(""). The hub's leaves
 * are the 32-byte event hashes of `$all`, in order; leaf n is the n-th event (counting from 0).
 */
export type Hash = Buffer;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);
export const EMPTY_TREE_ROOT: Hash = createHash('sha256').digest();

export function leafHash(leaf: Uint8Array): Hash {
  return createHash('sha256').update(LEAF_PREFIX).update(leaf).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** The leaf hash of an event, from its hash as stored (64 lower-case hex digits). */
export function eventLeafHash(eventHashHex: string): Hash {
  if (!/^[0-9a-f]{64}$/.test(eventHashHex)) throw new Error(`Not an event hash: ${eventHashHex}`);
  return leafHash(Buffer.from(eventHashHex, 'hex'));
}

/** The largest power of two smaller than n (n > 1): where RFC 9162 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** A growing array of 32-byte hashes in one buffer. */
class HashArray {
  private buffer = Buffer.alloc(32 * 1024);
  length = 0;

  push(hash: Hash): void {
    if ((this.length + 1) * 32 > this.buffer.length) {
      const larger = Buffer.alloc(this.buffer.length * 2);
      this.buffer.copy(larger);
      this.buffer = larger;
    }
    hash.copy(this.buffer, this.length * 32);
    this.length += 1;
  }

  get(index: number): Hash {
    return this.buffer.subarray(index * 32, index * 32 + 32);
  }

  truncate(length: number): void {
    this.length = Math.min(this.length, length);
  }
}

/**
 * An append-only Merkle tree that keeps every complete subtree's hash (level k holds the roots of
 * the aligned subtrees of 2^k leaves), so the root, an inclusion proof or a consistency proof for
 * any size up to the current one costs O(log n) hashes at most per level. About 64 bytes a leaf.
 */
export class MerkleTree {
  private readonly levels: HashArray[] = [new HashArray()];

  get size(): number {
    return this.levels[0].length;
  }

  /** Appends a leaf by its leaf hash (see `leafHash`). */
  append(leaf: Hash): void {
    let index = this.levels[0].length;
    this.levels[0].push(leaf);
    for (let level = 0; index % 2 === 1; level += 1) {
      const parent = nodeHash(this.levels[level].get(index - 1), this.levels[level].get(index));
      if (!this.levels[level + 1]) this.levels.push(new HashArray());
      this.levels[level + 1].push(parent);
      index = (index - 1) / 2;
    }
  }

  leaf(index: number): Hash {
    if (index < 0 || index >= this.size) throw new RangeError(`No leaf ${index} in a tree of ${this.size}`);
    return this.levels[0].get(index);
  }

  /** Forgets every leaf from `size` on (used only when a tree is rebuilt from a store). */
  truncate(size: number): void {
    this.levels.forEach((level, k) => level.truncate(Math.floor(size / 2 ** k)));
  }

  root(size = this.size): Hash {
    this.checkSize(size);
    return size === 0 ? EMPTY_TREE_ROOT : this.rangeHash(0, size);
  }

  /** PATH(m, D[n]) of RFC 9162 §2.1.3.1: the audit path of leaf `index` in the tree of `size` leaves. */
  inclusionProof(index: number, size = this.size): Hash[] {
    this.checkSize(size);
    if (!Number.isInteger(index) || index < 0 || index >= size) throw new RangeError(`Leaf ${index} is not in a tree of ${size}`);
    let [start, end, m] = [0, size, index];
    const siblings: Hash[] = [];
    while (end - start > 1) {
      const k = splitPoint(end - start);
      if (m < k) {
        siblings.push(this.rangeHash(start + k, end));
        end = start + k;
      } else {
        siblings.push(this.rangeHash(start, start + k));
        start += k;
        m -= k;
      }
    }
    // Collected from the root down; the proof lists them from the leaf up.
    return siblings.reverse();
  }

  /** PROOF(m, D[n]) of RFC 9162 §2.1.4.1: that the tree of `from` leaves is a prefix of the tree of `to`. */
  consistencyProof(from: number, to = this.size): Hash[] {
    this.checkSize(to);
    if (!Number.isInteger(from) || from < 1 || from > to) throw new RangeError(`No consistency proof from ${from} to ${to}`);
    const siblings: Hash[] = [];
    let [start, end, m, wholeOldTree] = [0, to, from, true];
    while (m !== end - start) {
      const k = splitPoint(end - start);
      if (m <= k) {
        siblings.push(this.rangeHash(start + k, end));
        end = start + k;
      } else {
        siblings.push(this.rangeHash(start, start + k));
        start += k;
        m -= k;
        wholeOldTree = false;
      }
    }
    // SUBPROOF puts the deepest hash first: the subtree it stopped on (unless that is the whole old
    // tree, which the verifier already has), then the siblings from the bottom up.
    const proof = wholeOldTree ? [] : [this.rangeHash(start, end)];
    for (let i = siblings.length - 1; i >= 0; i -= 1) proof.push(siblings[i]);
    return proof;
  }

  private checkSize(size: number): void {
    if (!Number.isInteger(size) || size < 0 || size > this.size) throw new RangeError(`The tree has ${this.size} leaves, not ${size}`);
  }

  /** MTH(D[start:end]) for a range the RFC's recursion produces (its start is aligned to its split). */
  private rangeHash(start: number, end: number): Hash {
    const n = end - start;
    if (n === 1) return this.levels[0].get(start);
    const level = Math.log2(n);
    if (Number.isInteger(level) && start % n === 0) {
      return this.levels[level].get(start / n);
    }
    const k = splitPoint(n);
    return nodeHash(this.rangeHash(start, start + k), this.rangeHash(start + k, end));
  }
}

const odd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

/** RFC 9162's inner step: shift both right until the lowest bit of `fn` is set, or `fn` is 0. */
function shiftToSetBit(fn: number, sn: number): [number, number] {
  while (fn !== 0 && !odd(fn)) [fn, sn] = [half(fn), half(sn)];
  return [fn, sn];
}

/** RFC 9162 §2.1.3.2: the root that an inclusion proof leads to, or undefined if the proof cannot be one for this index and size. */
export function rootFromInclusionProof(index: number, size: number, leaf: Hash, proof: readonly Hash[]): Hash | undefined {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return undefined;
  let [fn, sn, r] = [index, size - 1, leaf];
  for (const p of proof) {
    if (sn === 0) return undefined;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      [fn, sn] = shiftToSetBit(fn, sn);
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : undefined;
}

export function verifyInclusion(index: number, size: number, leaf: Hash, proof: readonly Hash[], root: Hash): boolean {
  const computed = rootFromInclusionProof(index, size, leaf, proof);
  return computed !== undefined && computed.equals(root);
}

/** RFC 9162 §2.1.4.2: whether `proof` shows the tree of `from` leaves (root `fromRoot`) is a prefix of the tree of `to` (root `toRoot`). */
export function verifyConsistency(from: number, to: number, fromRoot: Hash, toRoot: Hash, proof: readonly Hash[]): boolean {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || from > to) return false;
  if (from === to) return proof.length === 0 && fromRoot.equals(toRoot);
  if (proof.length === 0) return false;
  const path = Number.isInteger(Math.log2(from)) ? [fromRoot, ...proof] : [...proof];
  let [fn, sn] = [from - 1, to - 1];
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let [fr, sr] = [path[0], path[0]];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      [fn, sn] = shiftToSetBit(fn, sn);
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(fromRoot) && sr.equals(toRoot);
}
