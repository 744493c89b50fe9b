/**
 * A SQLite store as the hub would have left it, written without a hub: events appended through
 * EventLog, and the hub's signed checkpoints beside them (ADR 0009), made by the hub's own
 * VerifiableLog and TreeHeadSigner at every `checkpointEvery` events and at close, under the signing
 * key in the data folder. The hub, its start-up check (VerifiableLog) and `verify --all` accept such a store;
 * one written by EventLog alone has no checkpoints, and the hub would take it for tampered with.
 */
import { join } from 'node:path';
import { ExpectedState, EventLog, NewEvent, SqliteEventStore } from '@escalation-hub/event-store';
import { CheckpointJournal, SigningKey, TreeHeadSigner, TrustedKeys, VerifiableLog } from '@escalation-hub/audit-application';
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
  private checkpoints = 0;

  private constructor(
    private readonly store: SqliteEventStore,
    readonly log: EventLog,
    private readonly verifiable: VerifiableLog,
    private readonly signer: TreeHeadSigner,
    readonly checkpointEvery: number,
  ) {}

  /** Opens a new store in `dataDir` (creating the signing key there, as the hub does at first start). */
  static async create(dataDir: string): Promise<SignedStoreWriter> {
    const files = storeFiles(dataDir);
    const store = new SqliteEventStore({ filename: files.events });
    if (((await store.headPosition()) ?? 0) > 0) throw new Error(`${files.events} is not empty`);
    const { checkpointEveryEvents, logOrigin } = SignedStoreWriter.defaults;
    const key = SigningKey.loadOrCreate(files.signingKey);
    const journal = new CheckpointJournal(files.journal);
    const log = new EventLog(store);
    // The hub's own tree and signer, driven by hand instead of by its subscription and lease.
    const verifiable = new VerifiableLog(log, new TrustedKeys([key.publicKey]), { checkpointEvery: checkpointEveryEvents, journal });
    await verifiable.start();
    const signer = new TreeHeadSigner(log, verifiable, key, logOrigin, checkpointEveryEvents, () => new Date(), journal);
    return new SignedStoreWriter(store, log, verifiable, signer, checkpointEveryEvents);
  }

  get size(): number {
    return this.verifiable.size;
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
    await this.verifiable.catchUp();
    while (this.verifiable.size >= this.signedUpTo + this.checkpointEvery) await this.sign(this.signedUpTo + this.checkpointEvery);
  }

  /** As the hub at an orderly shutdown: a last checkpoint over what was added since the previous one. */
  async close(): Promise<void> {
    await this.verifiable.catchUp();
    if (this.verifiable.grewPast(this.signedUpTo)) await this.sign(this.verifiable.size);
    await this.verifiable.stop();
    await this.store.close();
  }

  private signedUpTo = 0;

  private async sign(size: number): Promise<void> {
    await this.signer.sign(size);
    this.signedUpTo = size;
    this.checkpoints += 1;
    await this.verifiable.catchUp();
  }
}
