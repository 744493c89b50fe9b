import { AllSubscription, EventLog, subscribeToAll } from '@escalation-hub/event-store';
import { LeafSource, leavesOf, LoggedLeaf } from './log-leaves';
import { describeProblem, IntegrityProblem } from './integrity-problems';
import { LogAuditor } from './log-auditor';
import { appendTreeHead, CheckpointJournal, readSignedRecords, SignedTreeHead, SigningKey, TrustedKeys } from './store-integrity';
import { eventLeafHash, Hash, verifyConsistency } from './transparency/merkle';
import { NoteVerifier } from './transparency/signed-note';
import type { WitnessLinks } from './witness-links';

export type IntegrityState = 'building' | 'intact' | 'compromised';

/** The hub will not sign, export or vouch for anything once its own history fails to check. */
export class IntegrityCompromisedError extends Error {
  readonly code = 'INTEGRITY_COMPROMISED';
  constructor(readonly problems: readonly IntegrityProblem[]) {
    super(
      `The store's history no longer matches what the hub signed (${problems.map(describeProblem).join('; ') || 'see the logs'}): ` +
        'the hub signs and exports nothing until an operator has investigated (run verify --all)',
    );
  }
}

/** An event the store holds is not in the hub's tree yet (it follows the store a moment behind): try again shortly. */
export class LogCatchingUpError extends Error {
  readonly code = 'LOG_CATCHING_UP';
  constructor() {
    super('The hub is still taking the newest events into its log: try again in a moment');
  }
}

/**
 * Problems that do not by themselves show tampering when the hub starts: a journal absent on a new
 * machine, or a tail a little past the checkpoint policy after a crash. `verify --all` still reports them.
 */
const ADVISORY: readonly IntegrityProblem['code'][] = ['JOURNAL_MISSING', 'JOURNAL_LINE_UNREADABLE'];


/**
 * The hub's live copy of its Merkle tree. At start it replays `$all` and checks every chain and
 * every signed checkpoint it knows (store, journal, witness cosignatures) against it; then it
 * follows new events. Any failure makes it `compromised` for good: the signer stops, exports are
 * refused, readiness and metrics say so, and the log says why.
 */
export class VerifiableLog {
  private auditor: LogAuditor;
  private readonly leaves: LeafSource;
  private subscription: AllSubscription | undefined;
  private currentState: IntegrityState = 'building';
  private readonly listeners = new Set<() => void>();
  private built!: Promise<void>;
  private reportedProblems = 0;
  /** The position of the last event taken into the tree: following resumes after it. */
  private lastPosition: number | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Why following the store failed last, while it is retried (shown in health). */
  private followError: string | undefined;

  constructor(
    private readonly log: EventLog,
    private readonly keys: TrustedKeys,
    private readonly options: {
      checkpointEvery: number;
      journal?: CheckpointJournal;
      /** The witnesses whose cosignatures count (HUB_WITNESS_KEYS); others in the store are ignored. */
      witnessKeys?: readonly NoteVerifier[];
      onCompromised?: (problems: readonly IntegrityProblem[]) => void;
      onFollowError?: (error: unknown) => void;
      /** Where the leaves are read and hashed: by default on this thread, from `log`'s store. */
      leaves?: LeafSource;
    },
  ) {
    this.auditor = this.newAuditor();
    this.leaves = options.leaves ?? leavesOf(log.port);
  }

  private newAuditor(): LogAuditor {
    return new LogAuditor(this.keys, this.options.checkpointEvery, this.options.witnessKeys ?? []);
  }

  /** The hub keys this log trusts, each for the tree sizes it may sign. */
  get trustedKeys(): TrustedKeys {
    return this.keys;
  }

  get state(): IntegrityState {
    return this.currentState;
  }

  /** Set while following the store fails and is being retried. */
  get lastFollowError(): string | undefined {
    return this.followError;
  }

  get size(): number {
    return this.auditor.size;
  }

  get problems(): readonly IntegrityProblem[] {
    return this.auditor.problems;
  }

  /** The newest tree head a trusted key signed that matches the tree. */
  get latestHead(): SignedTreeHead | undefined {
    return this.auditor.latestHead;
  }

  /** Every tree head a trusted key signed that matched the tree, by tree size, largest first. */
  get verifiedHeads(): readonly SignedTreeHead[] {
    return this.auditor.verifiedHeads;
  }

  get latestSignedSize(): number {
    return this.auditor.latestSignedSize;
  }

  /** Whether events other than checkpoint records were added after `size`. */
  grewPast(size: number): boolean {
    return this.auditor.lastOrdinaryLeaf >= size;
  }

  root(size = this.size): Hash {
    return this.auditor.tree.root(size);
  }

  inclusionProof(index: number, size: number): Hash[] {
    return this.auditor.tree.inclusionProof(index, size);
  }

  consistencyProof(from: number, to: number): Hash[] {
    return this.auditor.tree.consistencyProof(from, to);
  }

  leaf(index: number): Hash {
    return this.auditor.tree.leaf(index);
  }

  leafIndexOf(position: number): number | undefined {
    return this.auditor.leafIndexOf(position);
  }

  onGrown(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Replays the store (resolves when it is checked) and goes on following it; a failure is retried. */
  start(): Promise<void> {
    this.stopped = false;
    this.built = this.buildUntilDone();
    return this.built;
  }

  /** Resolves once the start-up replay is done; throws if the history failed its checks. */
  async whenIntact(): Promise<void> {
    await this.built;
    this.assertIntact();
  }

  assertIntact(): void {
    if (this.currentState === 'compromised') throw new IntegrityCompromisedError(this.problems);
    if (this.currentState === 'building') throw new Error('The integrity check of the store is still running');
  }

  /** Takes into the tree whatever the store has after the last event it took (e.g. before a last checkpoint). */
  async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.leaves.readAll({ from: this.lastPosition, maxCount: 1000 });
      this.take(page);
      if (page.length < 1000) return;
    }
  }

  /**
   * Where the event at `position` is in the tree, once it is there: reads ahead, then waits for
   * the store to show it in order (PostgreSQL holds back events behind an older transaction still
   * in flight). Undefined if it is still not there after `timeoutMs`.
   */
  async leafIndexWhenTaken(position: number, timeoutMs = 5_000): Promise<number | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.leafIndexOf(position);
      if (index !== undefined || (this.lastPosition ?? 0) >= position) return index;
      await this.catchUp();
      if (this.leafIndexOf(position) !== undefined || Date.now() > deadline) return this.leafIndexOf(position);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /**
   * Reads leaves [from, to) back from the store and checks that each is still the event the tree
   * took at that place: an edit (chain recomputed or not), a deletion or an insertion made behind
   * the hub's back since then makes the log compromised, and this throws.
   */
  async recheckStored(from: number, to: number): Promise<void> {
    let index = from;
    let after = from === 0 ? undefined : this.auditor.positionOf(from - 1);
    while (index < to) {
      // Small pages with a turn of the event loop between them: requests are not held up behind a long read-back.
      if (index > from) await new Promise((resolve) => setImmediate(resolve));
      const page = await this.leaves.readAll({ from: after, maxCount: Math.min(100, to - index) });
      for (const event of page) {
        const inTree = this.leaf(index);
        if (event.position !== this.auditor.positionOf(index) || !inTree.equals(eventLeafHash(event.recomputedHash))) {
          this.markCompromised({ code: 'HASH_MISMATCH', streamName: event.streamName, streamVersion: event.streamVersion, eventId: event.id });
          throw new IntegrityCompromisedError(this.problems);
        }
        index += 1;
        after = event.position;
      }
      if (page.length === 0) {
        this.markCompromised({ code: 'EVENTS_MISSING_AT_END', treeSize: to, storedEvents: index, source: 'store' });
        throw new IntegrityCompromisedError(this.problems);
      }
    }
  }

  /** Marks the log compromised for a reason found outside the replay (an event that is not the leaf the tree holds). */
  markCompromised(problem: IntegrityProblem): void {
    this.auditor.report(problem);
    this.afterFeeding();
  }

  /** Feeds events in order, once each, whoever read them (the subscription or catchUp). */
  private take(events: readonly LoggedLeaf[]): void {
    let fed = false;
    for (const event of events) {
      if (this.lastPosition !== undefined && event.position <= this.lastPosition) continue;
      this.auditor.feed(event);
      this.lastPosition = event.position;
      fed = true;
    }
    if (fed && this.currentState !== 'building') this.afterFeeding();
  }

  /** The start-up replay, retried from scratch after a failure of the store (not of the checks). */
  private async buildUntilDone(): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.build();
        return;
      } catch (error) {
        this.followError = error instanceof Error ? error.message : String(error);
        this.options.onFollowError?.(error);
        await this.subscription?.stop();
        if (this.stopped) return;
        this.auditor = this.newAuditor();
        this.lastPosition = undefined;
        await new Promise((resolve) => (this.retryTimer = setTimeout(resolve, Math.min(30_000, 1_000 * attempt))));
        if (this.stopped) return;
      }
    }
  }

  private async build(): Promise<void> {
    const records = await readSignedRecords(this.log);
    this.auditor.expectSignedRecords(records);
    const journal = this.options.journal;
    if (journal) this.auditor.expectJournal({ ...journal.read(), file: journal.file }, records.heads.length + records.legacy.length > 0);
    await this.catchUp();
    this.auditor.finish({ checkGaps: false });
    this.checkTail();
    this.currentState = 'intact';
    this.followError = undefined;
    this.afterFeeding();
    this.follow();
  }

  /** Follows new events; if the store fails, follows again from the last event taken, a moment later. */
  private follow(): void {
    if (this.stopped) return;
    const subscription = subscribeToAll(this.leaves, { from: this.lastPosition, batchSize: 1000, handler: (events) => this.take(events) });
    this.subscription = subscription;
    subscription.done.then(
      () => undefined,
      (error: unknown) => {
        this.followError = error instanceof Error ? error.message : String(error);
        this.options.onFollowError?.(error);
        if (!this.stopped) this.retryTimer = setTimeout(() => this.follow(), 1_000);
      },
    );
  }

  /**
   * At start: a long stretch with no checkpoint (all of them deleted, journal too) is tampering. A
   * crash between the N-th event and its checkpoint can leave a little more than N, so the hub
   * allows twice the policy (and what the checkpointer before ADR 0009 could leave after a legacy
   * checkpoint); `verify --all` reports anything over N.
   */
  private checkTail(): void {
    const since = this.size - this.auditor.latestSignedSize;
    const allowed = this.auditor.latestSignedIsLegacy ? Math.max(this.options.checkpointEvery, 1000) + 1000 : 2 * this.options.checkpointEvery;
    if (since > allowed)
      this.auditor.report({ code: 'CHECKPOINT_MISSING', fromSize: this.auditor.latestSignedSize, toSize: this.size, allowed: this.options.checkpointEvery });
  }

  private afterFeeding(): void {
    const serious = this.auditor.problems.filter((problem) => !ADVISORY.includes(problem.code));
    if (serious.length > 0 && this.currentState !== 'compromised') this.currentState = 'compromised';
    if (this.currentState === 'compromised' && this.auditor.problemCount > this.reportedProblems) {
      this.reportedProblems = this.auditor.problemCount;
      this.options.onCompromised?.(this.auditor.problems);
    }
    if (this.currentState !== 'building') this.followError = undefined;
    for (const listener of this.listeners) listener();
  }
}

/**
 * Signs tree heads as C2SP checkpoints. Before each signature it reads back from the store every
 * event since the newest signed head, and one more stretch of older history in turn (so an edit
 * anywhere is found within size/N checkpoints, besides at start, export and case verification),
 * and checks each against the tree; it then proves, with an RFC 9162 consistency proof, that the
 * tree being signed extends that head. If any of that fails, or the log is compromised, it signs nothing.
 */
export class TreeHeadSigner {
  private journalError: string | undefined;
  /** Where the next stretch of older history to read back starts. */
  private sweepFrom = 0;
  private signing: Promise<unknown> = Promise.resolve();
  private pushing: Promise<void> = Promise.resolve();
  /** Whether this process has checked its tree against what the witnesses hold (before its first signature). */
  private witnessesChecked = false;

  constructor(
    private readonly log: EventLog,
    private readonly verifiable: VerifiableLog,
    readonly key: SigningKey,
    private readonly origin: string,
    private readonly checkpointEvery: number,
    private readonly clock: () => Date,
    private readonly journal?: CheckpointJournal,
    /** HUB_WITNESS_URLS: checked before each signature, and handed each new checkpoint after it. */
    readonly witnesses?: WitnessLinks,
  ) {}

  get lastJournalError(): string | undefined {
    return this.journalError;
  }

  /**
   * Signs one head at a time, in order (the periodic checkpointer and an export may ask at once).
   * `consultWitnesses: false` for a checkpoint an export needs at once: it does not wait on the
   * witnesses once they have been checked in this process; the next periodic checkpoint checks and
   * pushes again. Pushing never holds up signing.
   */
  sign(size?: number, options: { consultWitnesses?: boolean } = {}): Promise<SignedTreeHead> {
    const signed = this.signing.then(() => this.signNow(size ?? this.verifiable.size, options.consultWitnesses ?? true));
    this.signing = signed.catch(() => undefined);
    return signed;
  }

  /** Resolves once the newest signed head has been handed to the witnesses (for tests and shutdown). */
  whenPushed(): Promise<void> {
    return this.pushing;
  }

  private async signNow(size: number, consultWitnesses: boolean): Promise<SignedTreeHead> {
    this.verifiable.assertIntact();
    const latest = this.verifiable.latestHead;
    await this.recheckBeforeSigning(latest?.treeSize ?? 0, size);
    if (this.witnesses && (consultWitnesses || !this.witnessesChecked)) {
      await this.witnesses.check();
      this.witnessesChecked = true;
    }
    const rootHash = this.verifiable.root(size);
    if (latest && latest.treeSize > 0 && latest.treeSize <= size) {
      const proof = this.verifiable.consistencyProof(latest.treeSize, size);
      if (!verifyConsistency(latest.treeSize, size, Buffer.from(latest.rootHash, 'hex'), rootHash, proof)) {
        this.verifiable.markCompromised({
          code: 'CHECKPOINT_MISMATCH',
          treeSize: latest.treeSize,
          source: 'store',
          signed: latest.rootHash,
          computed: this.verifiable.root(latest.treeSize).toString('hex'),
        });
        throw new IntegrityCompromisedError(this.verifiable.problems);
      }
    }
    const head: SignedTreeHead = {
      origin: this.origin,
      treeSize: size,
      rootHash: rootHash.toString('hex'),
      note: this.key.signCheckpoint({ origin: this.origin, size, rootHash }),
      keyFingerprint: this.key.fingerprint,
      checkpointEvery: this.checkpointEvery,
      createdAt: this.clock().toISOString(),
    };
    await appendTreeHead(this.log, head);
    try {
      this.journal?.append(head);
      this.journalError = undefined;
    } catch (error) {
      // The checkpoint in the store is what counts; a journal that cannot be written is reported in health.
      this.journalError = error instanceof Error ? error.message : String(error);
    }
    const witnesses = this.witnesses;
    if (consultWitnesses && witnesses) this.pushing = this.pushing.then(() => witnesses.push(head)).catch(() => undefined);
    return head;
  }

  private async recheckBeforeSigning(signedSize: number, size: number): Promise<void> {
    await this.verifiable.recheckStored(Math.min(signedSize, size), size);
    if (signedSize === 0) return;
    if (this.sweepFrom >= signedSize) this.sweepFrom = 0;
    const sweepTo = Math.min(signedSize, this.sweepFrom + this.checkpointEvery);
    await this.verifiable.recheckStored(this.sweepFrom, sweepTo);
    this.sweepFrom = sweepTo;
  }

  /** A signed head covering at least `size` leaves: the newest one if it does, else a new one. */
  async headCovering(size: number): Promise<SignedTreeHead> {
    await this.verifiable.whenIntact();
    const latest = this.verifiable.latestHead;
    if (latest && latest.treeSize >= size) return latest;
    if (this.verifiable.size < size) await this.verifiable.catchUp();
    return this.sign(undefined, { consultWitnesses: false });
  }
}
