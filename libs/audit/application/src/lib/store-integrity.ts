import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { canonicalJson, ChainVerifier, EventLog, JsonObject, RecordedEvent, WrongExpectedVersionError } from '@escalation-hub/event-store';

/**
 * Whole-store integrity. Per-stream chains show an edited event, but not a stream deleted whole or
 * events cut from the end. So the hub keeps a running hash over every event in `$all` order
 * (H₀ = 64 zeros; Hₙ = SHA-256(Hₙ₋₁ ":" hashₙ)) and periodically signs it with an Ed25519 key made at
 * first start: a signed checkpoint { count, lastPosition, runningHash, createdAt }. Checkpoints are
 * events themselves, in their own stream, so they are covered by later checkpoints.
 */
export const CHECKPOINT_STREAM = 'integrity-checkpoints';
export const CHECKPOINT_SIGNED = 'integrity.checkpoint-signed';
export const GENESIS_RUNNING_HASH = '0'.repeat(64);

export interface SignedCheckpoint {
  readonly count: number;
  readonly lastPosition: number;
  readonly runningHash: string;
  readonly createdAt: string;
  readonly keyFingerprint: string;
  /** Ed25519 signature (base64) over the canonical JSON of the four fields above. */
  readonly signature: string;
}

/** The store checkpoint holding the position of this store's last signed integrity checkpoint. */
const RESUME_MARK = 'integrity-checkpointer';

export function nextRunningHash(previous: string, eventHash: string): string {
  return createHash('sha256').update(`${previous}:${eventHash}`).digest('hex');
}

function signedContent(checkpoint: Pick<SignedCheckpoint, 'count' | 'lastPosition' | 'runningHash' | 'createdAt'>): string {
  return canonicalJson({
    count: checkpoint.count,
    lastPosition: checkpoint.lastPosition,
    runningHash: checkpoint.runningHash,
    createdAt: checkpoint.createdAt,
  });
}

/** The hub's Ed25519 signing key, kept as PEM beside the data (created at first start, mode 0600). */
export class SigningKey {
  private constructor(
    private readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
  ) {}

  /** The existing key, or undefined: never creates one (for checking a copy of a store). */
  static loadExisting(file: string): SigningKey | undefined {
    if (!existsSync(file)) return undefined;
    const privateKey = createPrivateKey(readFileSync(file));
    return new SigningKey(privateKey, createPublicKey(privateKey));
  }

  static loadOrCreate(file: string): SigningKey {
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      const { privateKey } = generateKeyPairSync('ed25519');
      // Written aside, then linked into place: two hubs starting together on one folder both end up
      // with whichever key was linked first, never a half-written file.
      const draft = `${file}.${process.pid}.${randomUUID()}.tmp`;
      writeFileSync(draft, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
      try {
        linkSync(draft, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        unlinkSync(draft);
      }
    }
    const privateKey = createPrivateKey(readFileSync(file));
    return new SigningKey(privateKey, createPublicKey(privateKey));
  }

  get publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  get fingerprint(): string {
    return fingerprintOf(this.publicKeyPem);
  }

  signCheckpoint(content: Pick<SignedCheckpoint, 'count' | 'lastPosition' | 'runningHash' | 'createdAt'>): SignedCheckpoint {
    return { ...content, keyFingerprint: this.fingerprint, signature: this.signText(signedContent(content)) };
  }

  /** Ed25519 signature (base64) of the UTF-8 text. */
  signText(text: string): string {
    return sign(null, Buffer.from(text), this.privateKey).toString('base64');
  }
}

export function fingerprintOf(publicKeyPem: string): string {
  return createHash('sha256')
    .update(createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

export function checkpointSignatureValid(checkpoint: SignedCheckpoint, publicKeyPem: string): boolean {
  try {
    return verify(null, Buffer.from(signedContent(checkpoint)), createPublicKey(publicKeyPem), Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * A copy of every signed checkpoint outside the store (one JSON line each, fsynced): cutting the
 * newest events from the store, checkpoints included, still leaves this witness behind.
 */
export class CheckpointJournal {
  constructor(readonly file: string) {}

  append(checkpoint: SignedCheckpoint): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const descriptor = openSync(this.file, 'a');
    try {
      writeSync(descriptor, `${JSON.stringify(checkpoint)}\n`);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
  }

  /** The readable checkpoints, and the numbers of lines that are not (a torn write, or tampering). */
  read(): { checkpoints: SignedCheckpoint[]; unreadableLines: number[] } {
    if (!existsSync(this.file)) return { checkpoints: [], unreadableLines: [] };
    const checkpoints: SignedCheckpoint[] = [];
    const unreadableLines: number[] = [];
    readFileSync(this.file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (line.trim() === '') return;
        try {
          const parsed = JSON.parse(line) as SignedCheckpoint;
          if (typeof parsed.count !== 'number' || typeof parsed.signature !== 'string') throw new Error('not a checkpoint');
          checkpoints.push(parsed);
        } catch {
          unreadableLines.push(index + 1);
        }
      });
    return { checkpoints, unreadableLines };
  }
}

/**
 * Follows `$all` and appends a signed checkpoint every `everyEvents` events (and on demand, e.g. at
 * shutdown). Its running hash resumes from the last checkpoint, so it never re-reads the whole store.
 */
export class IntegrityCheckpointer {
  private count = 0;
  private runningHash = GENESIS_RUNNING_HASH;
  private lastPosition = 0;
  private sinceCheckpoint = 0;
  private checkpointVersion: number | undefined;
  private resumeMark: number | undefined;
  private journalError: string | undefined;

  constructor(
    private readonly log: EventLog,
    private readonly key: SigningKey,
    private readonly clock: () => Date,
    private readonly everyEvents = 1000,
    private readonly journal?: CheckpointJournal,
  ) {}

  /**
   * Loads the last checkpoint; call before feeding events. Returns the position to follow `$all` from.
   * Positions belong to one store: after `migrate-store` the copied checkpoint names a position in
   * the old one. So each store also keeps a resume mark (the position of its own last checkpoint);
   * where it is missing or disagrees, the checkpoint's `count` events are walked once to find the
   * place, checking the running hash on the way.
   */
  async resume(): Promise<number | undefined> {
    const [last] = await this.log.readStream(CHECKPOINT_STREAM, { direction: 'backwards', maxCount: 1 });
    if (!last) return undefined;
    const checkpoint = last.data as unknown as SignedCheckpoint;
    this.checkpointVersion = last.streamVersion;
    this.count = checkpoint.count;
    this.runningHash = checkpoint.runningHash;
    this.resumeMark = await this.log.port.readCheckpoint(RESUME_MARK);
    this.lastPosition = this.resumeMark === checkpoint.lastPosition ? checkpoint.lastPosition : await this.findPosition(checkpoint);
    return this.lastPosition;
  }

  /** Where this store's `count`-th event is, if the running hash up to it is the signed one. */
  private async findPosition(checkpoint: SignedCheckpoint): Promise<number> {
    let count = 0;
    let runningHash = GENESIS_RUNNING_HASH;
    for await (const event of this.log.iterateAll(undefined, 1000)) {
      count += 1;
      runningHash = nextRunningHash(runningHash, event.hash);
      if (count < checkpoint.count) continue;
      if (runningHash !== checkpoint.runningHash) break;
      await this.markResumePoint(event.position);
      return event.position;
    }
    throw new Error(
      `The last signed checkpoint (${checkpoint.count} events) does not match this store's first ${count} events: run verify --all`,
    );
  }

  /** Best effort: without the mark, the next resume walks the log once more. */
  private async markResumePoint(position: number): Promise<void> {
    try {
      const stored = await this.log.port.compareAndSetCheckpoint(RESUME_MARK, this.resumeMark, position);
      this.resumeMark = stored ? position : await this.log.port.readCheckpoint(RESUME_MARK);
    } catch {
      this.resumeMark = undefined;
    }
  }

  /** Feeds events in `$all` order; signs a checkpoint whenever enough other events have passed. */
  async apply(events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) {
      this.count += 1;
      this.runningHash = nextRunningHash(this.runningHash, event.hash);
      this.lastPosition = event.position;
      if (event.streamName !== CHECKPOINT_STREAM) this.sinceCheckpoint += 1;
    }
    if (this.sinceCheckpoint >= this.everyEvents) await this.checkpoint();
  }

  /** The in-store checkpoint is what counts; a journal that cannot be written is reported, not fatal. */
  private appendToJournal(signed: SignedCheckpoint): void {
    try {
      this.journal?.append(signed);
      this.journalError = undefined;
    } catch (error) {
      this.journalError = error instanceof Error ? error.message : String(error);
    }
  }

  /** Where it stands, for health reports. */
  status(): { count: number; lastPosition: number; journalError?: string } {
    return { count: this.count, lastPosition: this.lastPosition, ...(this.journalError ? { journalError: this.journalError } : {}) };
  }

  /** Applies whatever was appended after the last event it saw (e.g. at shutdown, after its subscription stopped). */
  async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.log.readAll({ from: this.lastPosition, maxCount: 1000 });
      if (page.length === 0) return;
      await this.apply(page);
    }
  }

  /** Signs what has been seen so far, if anything new. */
  async checkpoint(): Promise<SignedCheckpoint | undefined> {
    if (this.sinceCheckpoint === 0) return undefined;
    const signed = this.key.signCheckpoint({
      count: this.count,
      lastPosition: this.lastPosition,
      runningHash: this.runningHash,
      createdAt: this.clock().toISOString(),
    });
    try {
      const result = await this.log.append(
        CHECKPOINT_STREAM,
        [
          {
            id: randomUUID(),
            type: CHECKPOINT_SIGNED,
            data: signed as unknown as JsonObject,
            metadata: { actor: { id: 'hub-integrity', role: 'admin' } },
          },
        ],
        this.checkpointVersion ?? 'no_stream',
      );
      this.checkpointVersion = result.lastVersion;
      this.appendToJournal(signed);
      await this.markResumePoint(this.lastPosition);
    } catch (error) {
      // Another process signed first; ours would still be valid, but one is enough.
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      this.checkpointVersion = error.actual;
    }
    this.sinceCheckpoint = 0;
    return signed;
  }
}

export type IntegrityProblem =
  | { kind: 'STREAM_CHAIN_BROKEN'; streamName: string; streamVersion: number; position: number; reason: string }
  | { kind: 'CHECKPOINT_BAD_SIGNATURE'; checkpointCount: number }
  | { kind: 'CHECKPOINT_MISMATCH'; checkpointCount: number; expected: string; actual: string }
  | { kind: 'EVENTS_MISSING_AT_END'; checkpointCount: number; storedEvents: number }
  | { kind: 'JOURNAL_LINE_UNREADABLE'; line: number };

export interface WholeStoreVerification {
  readonly valid: boolean;
  readonly events: number;
  readonly streams: number;
  readonly checkpoints: number;
  readonly runningHash: string;
  /** The first problems found (at most 20). */
  readonly problems: IntegrityProblem[];
}

/**
 * Recomputes everything from the stored events: every stream's chain, the running hash over `$all`,
 * and each signed checkpoint against it (signature first). Streams the store page by page.
 */
export async function verifyWholeStore(
  log: EventLog,
  publicKeyPem: string,
  options: { journal?: { checkpoints: SignedCheckpoint[]; unreadableLines: number[] }; onProgress?: (events: number) => void } = {},
): Promise<WholeStoreVerification> {
  const { onProgress } = options;
  const problems: IntegrityProblem[] = [];
  const report = (problem: IntegrityProblem) => problems.length < 20 && problems.push(problem);
  const checkpoints = new Map<number, SignedCheckpoint>();
  let lastCheckpoint: SignedCheckpoint | undefined;
  const stored: SignedCheckpoint[] = [];
  for await (const event of log.iterateStream(CHECKPOINT_STREAM)) stored.push(event.data as unknown as SignedCheckpoint);
  // The journal outside the store witnesses checkpoints that were cut from it.
  const seen = new Set(stored.map((checkpoint) => checkpoint.signature));
  for (const line of options.journal?.unreadableLines ?? []) report({ kind: 'JOURNAL_LINE_UNREADABLE', line });
  const all = [...stored, ...(options.journal?.checkpoints ?? []).filter((checkpoint) => !seen.has(checkpoint.signature))];
  for (const checkpoint of all) {
    if (!checkpointSignatureValid(checkpoint, publicKeyPem))
      report({ kind: 'CHECKPOINT_BAD_SIGNATURE', checkpointCount: checkpoint.count });
    else {
      checkpoints.set(checkpoint.count, checkpoint);
      if (!lastCheckpoint || checkpoint.count > lastCheckpoint.count) lastCheckpoint = checkpoint;
    }
  }
  const chains = new Map<string, ChainVerifier>();
  let count = 0;
  let runningHash = GENESIS_RUNNING_HASH;
  for await (const event of log.iterateAll(undefined, 1000)) {
    count += 1;
    runningHash = nextRunningHash(runningHash, event.hash);
    let chain = chains.get(event.streamName);
    if (!chain) chains.set(event.streamName, (chain = new ChainVerifier()));
    const wasValid = chain.result().valid;
    chain.check(event);
    const after = chain.result();
    if (wasValid && !after.valid && after.firstInvalid) {
      report({
        kind: 'STREAM_CHAIN_BROKEN',
        streamName: event.streamName,
        streamVersion: after.firstInvalid.streamVersion,
        position: event.position,
        reason: after.firstInvalid.reason,
      });
    }
    const checkpoint = checkpoints.get(count);
    if (checkpoint && checkpoint.runningHash !== runningHash) {
      report({ kind: 'CHECKPOINT_MISMATCH', checkpointCount: checkpoint.count, expected: checkpoint.runningHash, actual: runningHash });
    }
    if (count % 10_000 === 0) onProgress?.(count);
  }
  onProgress?.(count);
  if (lastCheckpoint && lastCheckpoint.count > count)
    report({ kind: 'EVENTS_MISSING_AT_END', checkpointCount: lastCheckpoint.count, storedEvents: count });
  return { valid: problems.length === 0, events: count, streams: chains.size, checkpoints: checkpoints.size, runningHash, problems };
}
