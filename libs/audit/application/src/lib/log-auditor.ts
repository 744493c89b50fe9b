import { EventLog } from '@escalation-hub/event-store';
import { LoggedLeaf, loggedLeafOf } from './log-leaves';
import { CheckpointSource, IntegrityProblem } from './integrity-problems';
import {
  checkpointRecordOf,
  CHECKPOINT_STREAM,
  GENESIS_RUNNING_HASH,
  isSignedTreeHead,
  JournalContents,
  LEGACY_CHECKPOINT_SIGNED,
  LegacyCheckpoint,
  nextRunningHash,
  readSignedRecords,
  RecordedCosignature,
  SignedTreeHead,
  TREE_HEAD_SIGNED,
  TrustedKeys,
} from './store-integrity';
import { eventLeafHash, MerkleTree } from './transparency/merkle';
import { NoteVerifier, parseCheckpointText, parseNote, verifiedCosignature } from './transparency/signed-note';
import type { WitnessFolderContents } from './witness';

/** A statement that the first `size` events had this root (or, before ADR 0009, this running hash). */
interface Expectation {
  readonly size: number;
  /** The hub's tree head this comes from, if it is one. */
  readonly head?: SignedTreeHead;
  readonly rootHash?: string;
  readonly runningHash?: string;
  readonly source: CheckpointSource;
  /** Events the policy allowed since the checkpoint before it; undefined for witness statements. */
  readonly allowedGap?: number;
}

/** Growing list of positions, for finding an event's leaf index by binary search. */
class PositionIndex {
  private positions = new Float64Array(1024);
  length = 0;

  push(position: number): void {
    if (this.length === this.positions.length) {
      const larger = new Float64Array(this.positions.length * 2);
      larger.set(this.positions);
      this.positions = larger;
    }
    this.positions[this.length++] = position;
  }

  at(index: number): number | undefined {
    return index >= 0 && index < this.length ? this.positions[index] : undefined;
  }

  indexOf(position: number): number | undefined {
    let [low, high] = [0, this.length - 1];
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = this.positions[middle];
      if (found === position) return middle;
      if (found < position) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }
}

const MAX_PROBLEMS = 20;
/** The checkpointer before ADR 0009 signed after whole batches of up to 1,000 events. */
const LEGACY_BATCH_SLACK = 1000;

/**
 * Replays `$all` into the Merkle tree, checking on the way every stream's hash chain and every
 * signed statement about the log: the checkpoints in the store, in the journal, cosigned by
 * witnesses or kept by them. Fed one event at a time, so the same checks serve `verify --all`
 * over a whole store and the hub while it follows its log.
 */
export class LogAuditor {
  readonly tree = new MerkleTree();
  private readonly positions = new PositionIndex();
  private readonly chains = new Map<string, { version: number; hash: string } | 'broken'>();
  private runningHash = GENESIS_RUNNING_HASH;
  private pending: Expectation[] = [];
  private readonly signedSizes: { size: number; allowedGap: number }[] = [];
  private readonly seen = new Set<string>();
  readonly problems: IntegrityProblem[] = [];
  problemCount = 0;
  /** The newest tree head signed by a trusted key that matches the tree. */
  latestHead: SignedTreeHead | undefined;
  /** The largest tree size a signed checkpoint (of either kind) covers. */
  latestSignedSize = 0;
  /** The index of the newest leaf that is not itself a checkpoint record. */
  lastOrdinaryLeaf = -1;
  /** The largest tree size a signed checkpoint of the hub (not a witness's statement) covers, and whether that one is legacy. */
  latestSignedIsLegacy = false;
  private readonly heads = new Map<number, SignedTreeHead>();
  /** The smallest tree size a tree head covers: legacy checkpoints (from before tree heads) cannot be larger. */
  private firstHeadSize: number | undefined;
  private witnessedCount = 0;
  /** The journal file, if it is absent though the store holds no checkpoint to say it should exist. */
  private absentJournal: string | undefined;

  constructor(
    private readonly keys: TrustedKeys,
    private readonly checkpointEvery: number,
    /** The witnesses whose cosignatures count; a cosignature record naming any other key is ignored. */
    private readonly witnessKeys: readonly NoteVerifier[] = [],
  ) {}

  /** Every tree head that verified and matched the tree, largest first. */
  get verifiedHeads(): SignedTreeHead[] {
    return [...this.heads.values()].sort((a, b) => b.treeSize - a.treeSize);
  }

  get size(): number {
    return this.tree.size;
  }

  leafIndexOf(position: number): number | undefined {
    return this.positions.indexOf(position);
  }

  /** The store position of the event that is leaf `index`. */
  positionOf(index: number): number | undefined {
    return this.positions.at(index);
  }

  /** Everything the checkpoint and cosignature streams say (read before `$all` is replayed), rotations first. */
  expectSignedRecords(records: Awaited<ReturnType<typeof readSignedRecords>>): void {
    for (const rotation of this.keys.learnRotations(records.rotations))
      this.report({ code: 'KEY_ROTATION_INVALID', fromTreeSize: rotation.fromTreeSize });
    for (const head of records.heads) this.expectTreeHead(head, 'store');
    for (const checkpoint of records.legacy) this.expectLegacy(checkpoint, 'store');
    for (const cosignature of records.cosignatures) this.expectCosigned(cosignature);
  }

  /**
   * The journal's checkpoints, and whether it is there at all where the store says checkpoints were
   * signed, or (over a whole store, see `finish`) where one was due: a store stripped of every
   * checkpoint still needed a journal.
   */
  expectJournal(journal: JournalContents & { file: string }, storeHasCheckpoints: boolean): void {
    for (const line of journal.unreadableLines) this.report({ code: 'JOURNAL_LINE_UNREADABLE', line });
    for (const entry of journal.entries) {
      if (isSignedTreeHead(entry)) this.expectTreeHead(entry, 'journal');
      else this.expectLegacy(entry, 'journal');
    }
    if (!journal.exists && storeHasCheckpoints) this.report({ code: 'JOURNAL_MISSING', file: journal.file });
    else if (!journal.exists) this.absentJournal = journal.file;
  }

  /** Takes a tree head signed by the hub; it is checked once the tree reaches its size. */
  expectTreeHead(head: SignedTreeHead, source: CheckpointSource): void {
    const key = `${source}:${head.note}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (!this.keys.checkpointOf(head)) {
      this.report({ code: 'CHECKPOINT_BAD_SIGNATURE', treeSize: head.treeSize, source });
      return;
    }
    // The gap allowed is the verifier's policy, never a field of the (unsigned) record.
    this.expect({ size: head.treeSize, rootHash: head.rootHash, source, allowedGap: this.checkpointEvery, head });
    this.firstHeadSize = Math.min(this.firstHeadSize ?? head.treeSize, head.treeSize);
  }

  expectLegacy(checkpoint: LegacyCheckpoint, source: CheckpointSource): void {
    const key = `${source}:${checkpoint.signature}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    // Legacy checkpoints come from before tree heads, by a key valid at their size: one past the first tree head is forged.
    if (!this.keys.legacyValid(checkpoint) || (this.firstHeadSize !== undefined && checkpoint.count > this.firstHeadSize)) {
      this.report({ code: 'CHECKPOINT_BAD_SIGNATURE', treeSize: checkpoint.count, source });
      return;
    }
    this.expect({
      size: checkpoint.count,
      runningHash: checkpoint.runningHash,
      source,
      allowedGap: Math.max(this.checkpointEvery, 1000) + LEGACY_BATCH_SLACK,
    });
  }

  /** A witness's cosignature says the log had this root at this size; the witness's key is named in it. */
  expectCosigned(cosignature: RecordedCosignature): void {
    // Only witnesses the verifier was told about: anyone who can write the store can add a record.
    const verifier = this.witnessKeys.find((key) => key.vkey === cosignature.witnessKey);
    if (!verifier) return;
    try {
      const text = `${cosignature.origin}\n${cosignature.treeSize}\n${Buffer.from(cosignature.rootHash, 'hex').toString('base64')}\n`;
      const note = parseNote(`${text}\n${cosignature.line}`);
      if (!verifiedCosignature(note, verifier)) throw new Error('bad cosignature');
      parseCheckpointText(note.text);
      this.expect({ size: cosignature.treeSize, rootHash: cosignature.rootHash, source: 'cosignature' });
    } catch {
      this.report({ code: 'COSIGNATURE_INVALID', treeSize: cosignature.treeSize, witness: cosignature.witnessKey.split('+')[0] });
    }
  }

  /**
   * A checkpoint a witness kept: it counts only if its note is signed by a key trusted for its size
   * (rotations the store records included) and agrees with the fields beside it; a witness folder is
   * a file anyone with access could edit.
   */
  expectWitnessed(kept: Pick<SignedTreeHead, 'origin' | 'treeSize' | 'rootHash' | 'note'>): void {
    if (!this.keys.checkpointOf(kept)) {
      this.report({ code: 'CHECKPOINT_BAD_SIGNATURE', treeSize: kept.treeSize, source: 'witness' });
      return;
    }
    this.witnessedCount += 1;
    this.expect({ size: kept.treeSize, rootHash: kept.rootHash, source: 'witness' });
  }

  /** Checkpoints kept by witnesses whose note verified. */
  get witnessed(): number {
    return this.witnessedCount;
  }

  /** Takes the next stored event into the tree (`loggedLeafOf` makes one of an event read from the store). */
  feed(event: LoggedLeaf): void {
    this.checkChain(event);
    this.tree.append(eventLeafHash(event.hash));
    this.positions.push(event.position);
    this.runningHash = nextRunningHash(this.runningHash, event.hash);
    if (event.streamName === CHECKPOINT_STREAM) {
      // A leaf source must carry a checkpoint record's data (loggedLeafOf does): without it the record could not be checked.
      if (event.data === null) throw new Error(`The integrity log was given checkpoint record ${event.id} without its data`);
      const record = checkpointRecordOf(event);
      if (record?.type === TREE_HEAD_SIGNED) this.expectTreeHead(record.data, 'store');
      else if (record?.type === LEGACY_CHECKPOINT_SIGNED) this.expectLegacy(record.data, 'store');
    } else {
      this.lastOrdinaryLeaf = this.tree.size - 1;
    }
    this.settle();
  }

  /**
   * After the last stored event: statements about a larger tree mean events were cut; long
   * stretches with no checkpoint mean checkpoints were deleted (`checkGaps`, for a whole store).
   */
  finish(options: { checkGaps: boolean }): void {
    for (const expectation of this.pending)
      this.report({ code: 'EVENTS_MISSING_AT_END', treeSize: expectation.size, storedEvents: this.tree.size, source: expectation.source });
    this.pending = [];
    if (!options.checkGaps) return;
    let previous = 0;
    for (const { size, allowedGap } of [...this.signedSizes].sort((a, b) => a.size - b.size)) {
      if (size - previous > allowedGap) this.report({ code: 'CHECKPOINT_MISSING', fromSize: previous, toSize: size, allowed: allowedGap });
      previous = Math.max(previous, size);
    }
    if (this.tree.size - previous > this.checkpointEvery)
      this.report({ code: 'CHECKPOINT_MISSING', fromSize: previous, toSize: this.tree.size, allowed: this.checkpointEvery });
    // No checkpoint in the store and no journal, yet more events than the policy allows without one: a checkpoint was due, so was its journal.
    if (this.absentJournal !== undefined && this.tree.size > this.checkpointEvery)
      this.report({ code: 'JOURNAL_MISSING', file: this.absentJournal });
  }

  private expect(expectation: Expectation): void {
    // Only the hub's own signed checkpoints count as signed: a witness's statement checks the tree, it does not sign for the hub.
    if (expectation.source !== 'witness' && expectation.source !== 'cosignature' && expectation.allowedGap !== undefined) {
      this.signedSizes.push({ size: expectation.size, allowedGap: expectation.allowedGap });
      if (expectation.size >= this.latestSignedSize) {
        this.latestSignedSize = expectation.size;
        this.latestSignedIsLegacy = expectation.runningHash !== undefined;
      }
    }
    if (expectation.size <= this.tree.size && expectation.rootHash !== undefined) this.check(expectation);
    else if (expectation.size < this.tree.size) {
      // A legacy running hash can only be checked as the tree passes its size; it arrived too late.
      this.report({
        code: 'CHECKPOINT_MISMATCH',
        treeSize: expectation.size,
        source: expectation.source,
        signed: expectation.runningHash ?? '',
        computed: 'not checked',
      });
    } else {
      this.pending.push(expectation);
      this.pending.sort((a, b) => a.size - b.size);
      this.settle();
    }
  }

  private settle(): void {
    while (this.pending.length > 0 && this.pending[0].size <= this.tree.size) {
      const next = this.pending.shift() as Expectation;
      if (next.rootHash === undefined && next.size < this.tree.size) continue; // unreachable: checked when the size was reached
      this.check(next);
    }
  }

  private check(expectation: Expectation): void {
    if (expectation.rootHash !== undefined) {
      const computed = this.tree.root(expectation.size).toString('hex');
      if (computed !== expectation.rootHash)
        this.report({
          code: 'CHECKPOINT_MISMATCH',
          treeSize: expectation.size,
          source: expectation.source,
          signed: expectation.rootHash,
          computed,
        });
      else if (expectation.head) {
        this.heads.set(expectation.head.treeSize, expectation.head);
        if (!this.latestHead || expectation.head.treeSize > this.latestHead.treeSize) this.latestHead = expectation.head;
      }
    } else if (expectation.runningHash !== undefined && expectation.runningHash !== this.runningHash) {
      this.report({
        code: 'CHECKPOINT_MISMATCH',
        treeSize: expectation.size,
        source: expectation.source,
        signed: expectation.runningHash,
        computed: this.runningHash,
      });
    }
  }

  private checkChain(event: LoggedLeaf): void {
    const previous = this.chains.get(event.streamName);
    if (previous === 'broken') return;
    const where = { streamName: event.streamName, streamVersion: event.streamVersion, eventId: event.id };
    let problem: IntegrityProblem | undefined;
    if (event.streamVersion !== (previous ? previous.version + 1 : 0)) problem = { code: 'VERSION_GAP', ...where };
    else if (event.previousHash !== (previous ? previous.hash : null)) problem = { code: 'BROKEN_LINK', ...where };
    else if (event.recomputedHash !== event.hash) problem = { code: 'HASH_MISMATCH', ...where };
    if (problem) {
      this.report(problem);
      this.chains.set(event.streamName, 'broken');
    } else {
      this.chains.set(event.streamName, { version: event.streamVersion, hash: event.hash });
    }
  }

  get streams(): number {
    return this.chains.size;
  }

  report(problem: IntegrityProblem): void {
    this.problemCount += 1;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(problem);
  }
}

export interface WholeStoreVerification {
  readonly valid: boolean;
  readonly events: number;
  readonly streams: number;
  /** Signed checkpoints found in the store and its journal that verified. */
  readonly checkpoints: number;
  /** Checkpoints kept by the witness folders given whose hub signature verified. */
  readonly witnessed: number;
  /** The Merkle root of the whole log as stored (hex). */
  readonly rootHash: string;
  /** The first problems found (at most 20), and how many there were in all. */
  readonly problems: IntegrityProblem[];
  readonly problemCount: number;
}

/**
 * Recomputes everything from the stored events: every stream's chain, the Merkle tree over `$all`,
 * every signed checkpoint (store, journal, cosignatures, and a witness's copies if given) against
 * it, and whether checkpoints are missing. Streams the store page by page; keeps 72 bytes a leaf.
 */
export async function verifyWholeStore(
  log: EventLog,
  keys: TrustedKeys,
  options: {
    checkpointEvery: number;
    journal?: JournalContents & { file: string };
    /** Witness folders (`readWitnessFolder`): each kept note's signature is checked, and unreadable lines reported. */
    witnessed?: readonly WitnessFolderContents[];
    /** Witnesses whose cosignatures recorded in the store count (others are ignored). */
    witnessKeys?: readonly NoteVerifier[];
    onProgress?: (events: number) => void;
  },
): Promise<WholeStoreVerification> {
  const auditor = new LogAuditor(keys, options.checkpointEvery, options.witnessKeys);
  const records = await readSignedRecords(log);
  auditor.expectSignedRecords(records);
  if (options.journal) auditor.expectJournal(options.journal, records.heads.length + records.legacy.length > 0);
  for (const folder of options.witnessed ?? []) {
    for (const line of folder.unreadableLines) auditor.report({ code: 'WITNESS_LINE_UNREADABLE', file: folder.file, line });
    for (const kept of folder.entries) auditor.expectWitnessed(kept);
  }
  let events = 0;
  for await (const event of log.iterateAll(undefined, 1000)) {
    auditor.feed(loggedLeafOf(event));
    events += 1;
    if (events % 10_000 === 0) options.onProgress?.(events);
  }
  options.onProgress?.(events);
  auditor.finish({ checkGaps: true });
  const checkpoints = records.heads.length + records.legacy.length;
  return {
    valid: auditor.problemCount === 0,
    events,
    streams: auditor.streams,
    checkpoints,
    witnessed: auditor.witnessed,
    rootHash: auditor.tree.root().toString('hex'),
    problems: auditor.problems,
    problemCount: auditor.problemCount,
  };
}
