import { AllSubscription, EventLog } from '@escalation-hub/event-store';
import { describeProblem, IntegrityProblem } from './integrity-problems';
import { LogAuditor } from './log-auditor';
import { appendTreeHead, CheckpointJournal, readSignedRecords, SignedTreeHead, SigningKey, TrustedKeys } from './store-integrity';
import { Hash, verifyConsistency } from './transparency/merkle';

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
  private subscription: AllSubscription | undefined;
  private currentState: IntegrityState = 'building';
  private readonly listeners = new Set<() => void>();
  private built!: Promise<void>;
  private reportedProblems = 0;

  constructor(
    private readonly log: EventLog,
    private readonly keys: TrustedKeys,
    private readonly options: {
      checkpointEvery: number;
      journal?: CheckpointJournal;
      onCompromised?: (problems: readonly IntegrityProblem[]) => void;
    },
  ) {
    this.auditor = new LogAuditor(keys, options.checkpointEvery);
  }

  get state(): IntegrityState {
    return this.currentState;
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

  /** Replays the store (resolves when it is checked) and goes on following it. */
  start(): Promise<void> {
    this.built = this.build();
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

  /** Reads whatever the store has beyond what the subscription delivered (e.g. before a last checkpoint). */
  async catchUp(): Promise<void> {
    for (;;) {
      const from = this.subscription?.position();
      const page = await this.log.readAll({ from, maxCount: 1000 });
      const fresh = page.filter((event) => this.leafIndexOf(event.position) === undefined);
      if (fresh.length === 0) return;
      for (const event of fresh) this.auditor.feed(event);
      this.afterFeeding();
      if (page.length < 1000) return;
    }
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /** Marks the log compromised for a reason found outside the replay (a failed consistency proof). */
  markCompromised(problem: IntegrityProblem): void {
    this.auditor.report(problem);
    this.afterFeeding();
  }

  private async build(): Promise<void> {
    const records = await readSignedRecords(this.log);
    this.auditor.expectSignedRecords(records);
    const journal = this.options.journal;
    if (journal) this.auditor.expectJournal({ ...journal.read(), file: journal.file }, records.heads.length + records.legacy.length > 0);
    let resolveCaughtUp!: () => void;
    const caughtUp = new Promise<void>((resolve) => (resolveCaughtUp = resolve));
    this.subscription = this.log.subscribeToAll({
      batchSize: 1000,
      handler: (events) => {
        for (const event of events) {
          // A re-delivered event (after catchUp read ahead) is already a leaf.
          if (this.auditor.size > 0 && this.leafIndexOf(event.position) !== undefined) continue;
          this.auditor.feed(event);
        }
        if (this.currentState !== 'building') this.afterFeeding();
      },
      onCaughtUp: () => resolveCaughtUp(),
    });
    await Promise.race([caughtUp, this.subscription.done]);
    this.auditor.finish({ checkGaps: false });
    this.checkTail();
    this.auditor.recomputeHashes = false;
    this.currentState = 'intact';
    this.afterFeeding();
  }

  /**
   * At start: a long stretch with no checkpoint (all of them deleted, journal too) is tampering. A
   * crash between the N-th event and its checkpoint can leave a little more than N, so the hub
   * allows twice the policy; `verify --all` reports anything over N.
   */
  private checkTail(): void {
    const since = this.size - this.auditor.latestSignedSize;
    if (since > 2 * this.options.checkpointEvery)
      this.auditor.report({ code: 'CHECKPOINT_MISSING', fromSize: this.auditor.latestSignedSize, toSize: this.size, allowed: this.options.checkpointEvery });
  }

  private afterFeeding(): void {
    const serious = this.auditor.problems.filter((problem) => !ADVISORY.includes(problem.code));
    if (serious.length > 0 && this.currentState !== 'compromised') this.currentState = 'compromised';
    if (this.currentState === 'compromised' && this.auditor.problemCount > this.reportedProblems) {
      this.reportedProblems = this.auditor.problemCount;
      this.options.onCompromised?.(this.auditor.problems);
    }
    for (const listener of this.listeners) listener();
  }
}

/**
 * Signs tree heads as C2SP checkpoints. Before each signature it proves, with an RFC 9162
 * consistency proof, that the tree being signed extends the newest head already signed; if that
 * fails, or the log is compromised, it signs nothing.
 */
export class TreeHeadSigner {
  private journalError: string | undefined;

  constructor(
    private readonly log: EventLog,
    private readonly verifiable: VerifiableLog,
    readonly key: SigningKey,
    private readonly origin: string,
    private readonly checkpointEvery: number,
    private readonly clock: () => Date,
    private readonly journal?: CheckpointJournal,
  ) {}

  get lastJournalError(): string | undefined {
    return this.journalError;
  }

  async sign(size = this.verifiable.size): Promise<SignedTreeHead> {
    this.verifiable.assertIntact();
    const rootHash = this.verifiable.root(size);
    const latest = this.verifiable.latestHead;
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
    return head;
  }

  /** A signed head covering at least `size` leaves: the newest one if it does, else a new one. */
  async headCovering(size: number): Promise<SignedTreeHead> {
    await this.verifiable.whenIntact();
    const latest = this.verifiable.latestHead;
    if (latest && latest.treeSize >= size) return latest;
    if (this.verifiable.size < size) await this.verifiable.catchUp();
    return this.sign();
  }
}
