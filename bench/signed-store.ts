/**
 * A SQLite store as the hub would have left it, written without a hub: events appended through
 * EventLog, and the hub's signed checkpoints beside them (ADR 0009) — a C2SP tree head over the
 * Merkle tree of `$all` at every `checkpointEvery` events and a last one at close, each appended to
 * the checkpoint stream (so it is a leaf itself) and copied to the journal — under the signing key in
 * the data folder. The hub, its start-up check (VerifiableLog) and `verify --all` accept such a store;
 * one written by EventLog alone has no checkpoints, and the hub would take it for tampered with.
 */
import { join } from 'node:path';
import { ExpectedState, EventLog, NewEvent, SqliteEventStore } from '@escalation-hub/event-store';
import {
  appendTreeHead,
  CHECKPOINT_STREAM,
  CheckpointJournal,
  eventLeafHash,
  MerkleTree,
  SignedTreeHead,
  SigningKey,
} from '@escalation-hub/audit-application';
import { HubConfig } from '@escalation-hub/platform';

/** The files the hub looks for in its data folder (HUB_DATA_DIR), with no other settings. */
export function storeFiles(dataDir: string) {
  return {
    events: join(dataDir, 'events.sqlite'),
    signingKey: join(dataDir, 'integrity-key.pem'),
    journal: join(dataDir, 'integrity-checkpoints.jsonl'),
  };
}

export class SignedStoreWriter {
  /** The hub's defaults: HUB_CHECKPOINT_EVERY_EVENTS and HUB_LOG_ORIGIN unset. */
  private static readonly defaults = new HubConfig();
  readonly log: EventLog;
  private readonly tree = new MerkleTree();
  private lastPosition: number | undefined;
  private lastOrdinaryLeaf = -1;
  private signedUpTo = 0;
  private checkpoints = 0;

  private constructor(
    private readonly store: SqliteEventStore,
    private readonly key: SigningKey,
    private readonly journal: CheckpointJournal,
    readonly checkpointEvery: number,
    readonly origin: string,
  ) {
    this.log = new EventLog(store);
  }

  /** Opens a new store in `dataDir` (creating the signing key there, as the hub does at first start). */
  static async create(dataDir: string): Promise<SignedStoreWriter> {
    const files = storeFiles(dataDir);
    const store = new SqliteEventStore({ filename: files.events });
    if (((await store.headPosition()) ?? 0) > 0) throw new Error(`${files.events} is not empty`);
    const { checkpointEveryEvents, logOrigin } = SignedStoreWriter.defaults;
    return new SignedStoreWriter(
      store,
      SigningKey.loadOrCreate(files.signingKey),
      new CheckpointJournal(files.journal),
      checkpointEveryEvents,
      logOrigin,
    );
  }

  get size(): number {
    return this.tree.size;
  }

  get signedCheckpoints(): number {
    return this.checkpoints;
  }

  /** Appends, then signs every checkpoint now due, at exactly every N leaves as the hub's checkpointer does. */
  async append(streamName: string, events: readonly NewEvent[], expected: ExpectedState): Promise<void> {
    await this.appendConcurrently([[streamName, events, expected]]);
  }

  /** Appends to several streams at once (their commits may be shared), then signs what is due. */
  async appendConcurrently(appends: readonly (readonly [string, readonly NewEvent[], ExpectedState])[]): Promise<void> {
    await Promise.all(appends.map(([streamName, events, expected]) => this.log.append(streamName, events, expected)));
    await this.follow();
    while (this.tree.size >= this.signedUpTo + this.checkpointEvery) await this.sign(this.signedUpTo + this.checkpointEvery);
  }

  /** As the hub at an orderly shutdown: a last checkpoint over what was added since the previous one. */
  async close(): Promise<void> {
    if (this.lastOrdinaryLeaf >= this.signedUpTo) await this.sign(this.tree.size);
    await this.store.close();
  }

  private async sign(size: number): Promise<void> {
    const rootHash = this.tree.root(size);
    const head: SignedTreeHead = {
      origin: this.origin,
      treeSize: size,
      rootHash: rootHash.toString('hex'),
      note: this.key.signCheckpoint({ origin: this.origin, size, rootHash }),
      keyFingerprint: this.key.fingerprint,
      checkpointEvery: this.checkpointEvery,
      createdAt: new Date().toISOString(),
    };
    await appendTreeHead(this.log, head);
    this.journal.append(head);
    this.signedUpTo = size;
    this.checkpoints += 1;
    await this.follow();
  }

  /** Takes what was appended into the tree (leaf hashes of the stored event hashes, in `$all` order). */
  private async follow(): Promise<void> {
    for (;;) {
      const page = await this.log.readAll({ from: this.lastPosition, maxCount: 1000 });
      for (const event of page) {
        this.tree.append(eventLeafHash(event.hash));
        if (event.streamName !== CHECKPOINT_STREAM) this.lastOrdinaryLeaf = this.tree.size - 1;
        this.lastPosition = event.position;
      }
      if (page.length < 1000) return;
    }
  }
}
