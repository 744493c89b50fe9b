import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hash, verifyConsistency } from './transparency/merkle';
import { fingerprintOf, KeyRotation, verifiedRotation } from './store-integrity';
import {
  cosignatureLine,
  ED25519_COSIGNATURE,
  ED25519_SIGNATURE,
  ed25519Sign,
  noteVerifier,
  NoteVerifier,
  parseCheckpointText,
  parseNote,
  parseVerifierKey,
  verifiedSignature,
} from './transparency/signed-note';

/** A checkpoint the witness accepted, as kept in its folder (`checkpoints.jsonl`). */
export interface WitnessedCheckpoint {
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHash: string;
  /** The checkpoint note as the hub signed it, with the witness's cosignature line appended. */
  readonly note: string;
  readonly acceptedAt: string;
}

/** How the witness reaches the log (HTTP in the CLI; anything in tests). */
export interface LogClient {
  latestCheckpoint(): Promise<string>;
  /** The key hand-overs the log publishes (GET /v1/audit/public-keys). */
  keyRotations(): Promise<KeyRotation[]>;
  consistencyProof(from: number, to: number): Promise<string[]>;
  submitCosignature(note: string): Promise<void>;
}

export type WitnessOutcome =
  | { readonly status: 'cosigned'; readonly treeSize: number; readonly submitted: boolean; readonly submitError?: string }
  | { readonly status: 'unchanged'; readonly treeSize: number }
  | { readonly status: 'alarm'; readonly reason: string };

/**
 * A witness (c2sp.org/tlog-witness, simplified to polling): a separate process with its own key
 * and folder. It accepts a checkpoint only if the log's key signed it and a consistency proof shows
 * it extends the last one it accepted; it keeps every one it accepted and cosigns it
 * (c2sp.org/tlog-cosignature). On a signed checkpoint that rewrites history, forks it (same size,
 * another root) or rolls it back (fewer leaves than one accepted: a log never shrinks) it raises an
 * alarm, kept in its folder with both checkpoints as evidence, and accepts nothing more from that log.
 */
export class Witness {
  private constructor(
    readonly folder: string,
    readonly verifier: NoteVerifier,
    private readonly privateKey: KeyObject,
    private currentLogKey: NoteVerifier,
  ) {}

  get logKey(): NoteVerifier {
    return this.currentLogKey;
  }

  /** Opens (or, given the log's verifier key, sets up) a witness folder. */
  static open(folder: string, options: { name?: string; logKey?: string }): Witness {
    mkdirSync(folder, { recursive: true });
    const keyFile = join(folder, 'witness-key.pem');
    const configFile = join(folder, 'witness.json');
    if (!existsSync(keyFile)) {
      const { privateKey } = generateKeyPairSync('ed25519');
      writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    }
    const stored = existsSync(configFile) ? (JSON.parse(readFileSync(configFile, 'utf8')) as { name: string; logKey: string }) : undefined;
    if (stored && options.logKey && stored.logKey !== options.logKey)
      throw new Error(`This witness folder already follows the log key ${stored.logKey}; use another folder for another log`);
    const name = stored?.name ?? options.name ?? 'witness.local/w1';
    const logKey = stored?.logKey ?? options.logKey;
    if (!logKey) throw new Error("A new witness needs the log's verifier key (--log-key, from GET /v1/audit/public-key: verifierKey)");
    if (!stored) writeFileSync(configFile, `${JSON.stringify({ name, logKey }, null, 2)}\n`);
    const privateKey = createPrivateKey(readFileSync(keyFile));
    return new Witness(folder, noteVerifier(name, ED25519_COSIGNATURE, createPublicKey(privateKey)), privateKey, parseVerifierKey(logKey));
  }

  /** Every checkpoint accepted so far, oldest first. */
  accepted(): WitnessedCheckpoint[] {
    return readAccepted(this.folder);
  }

  alarm(): string | undefined {
    const file = join(this.folder, 'ALARM');
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  }

  /** Fetches the newest checkpoint, checks it, keeps and cosigns it. */
  async poll(client: LogClient, now: Date): Promise<WitnessOutcome> {
    const raised = this.alarm();
    if (raised) return { status: 'alarm', reason: raised.trim() };
    const text = await client.latestCheckpoint();
    let checkpoint;
    let note;
    try {
      note = parseNote(text);
      checkpoint = parseCheckpointText(note.text);
    } catch (error) {
      return this.raise(`the log served something that is not a checkpoint: ${error instanceof Error ? error.message : String(error)}`, text);
    }
    if (checkpoint.origin === this.logKey.name && !verifiedSignature(note, this.logKey)) await this.followRotation(client, checkpoint.size);
    if (checkpoint.origin !== this.logKey.name || !verifiedSignature(note, this.logKey))
      return this.raise(`the newest checkpoint is not signed by the log key ${this.logKey.vkey}`, text);
    const previous = this.accepted().at(-1);
    const rootHash = checkpoint.rootHash.toString('hex');
    if (previous && checkpoint.size === previous.treeSize) {
      if (rootHash !== previous.rootHash)
        return this.raise(`two checkpoints of ${checkpoint.size} leaves with different roots (${previous.rootHash}, ${rootHash}): a forked log`, text, previous);
      return { status: 'unchanged', treeSize: previous.treeSize };
    }
    // A log never shrinks: a checkpoint the log key signed for fewer leaves than one already accepted is
    // itself the evidence of a rollback. No proof is asked for; a rolled-back log could not serve one.
    if (previous && checkpoint.size < previous.treeSize)
      return this.raise(
        `the log now serves a signed checkpoint of ${checkpoint.size} leaves, fewer than the ${previous.treeSize} this witness accepted: a log never shrinks, it was rolled back`,
        text,
        previous,
      );
    if (previous) {
      const proof = (await client.consistencyProof(previous.treeSize, checkpoint.size)).map((hash) => Buffer.from(hash, 'hex')) as Hash[];
      if (!verifyConsistency(previous.treeSize, checkpoint.size, Buffer.from(previous.rootHash, 'hex'), checkpoint.rootHash, proof))
        return this.raise(
          `the checkpoint of ${checkpoint.size} leaves does not extend the one of ${previous.treeSize} this witness accepted: history before it was changed`,
          text,
          previous,
        );
    }
    const line = cosignatureLine(this.verifier, ed25519Sign(this.privateKey), note.text, Math.floor(now.getTime() / 1000));
    const cosigned = `${text}${line}`;
    appendDurably(join(this.folder, 'checkpoints.jsonl'), {
      origin: checkpoint.origin,
      treeSize: checkpoint.size,
      rootHash,
      note: cosigned,
      acceptedAt: now.toISOString(),
    });
    try {
      await client.submitCosignature(cosigned);
      return { status: 'cosigned', treeSize: checkpoint.size, submitted: true };
    } catch (error) {
      return { status: 'cosigned', treeSize: checkpoint.size, submitted: false, submitError: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Takes the log's next key if the key it trusts handed over to it (both signed), for larger trees only. */
  private async followRotation(client: LogClient, treeSize: number): Promise<void> {
    const previous = this.accepted().at(-1);
    for (const rotation of await client.keyRotations()) {
      const keys = verifiedRotation(rotation);
      if (!keys || rotation.origin !== this.logKey.name || fingerprintOf(keys.previous) !== fingerprintOf(this.logKey.publicKey)) continue;
      if (treeSize <= rotation.fromTreeSize || (previous && previous.treeSize > rotation.fromTreeSize)) continue;
      this.currentLogKey = noteVerifier(rotation.origin, ED25519_SIGNATURE, keys.next);
      const configFile = join(this.folder, 'witness.json');
      const config = JSON.parse(readFileSync(configFile, 'utf8')) as { name: string; logKey: string };
      writeFileSync(configFile, `${JSON.stringify({ ...config, logKey: this.currentLogKey.vkey }, null, 2)}\n`);
      return;
    }
  }

  /** Keeps the alarm with its evidence: what the log served and, if it contradicts one, the checkpoint accepted before. */
  private raise(reason: string, served: string, accepted?: WitnessedCheckpoint): WitnessOutcome {
    const before = accepted ? `--- what this witness accepted before (${accepted.acceptedAt}):\n${accepted.note}\n` : '';
    appendFileSync(join(this.folder, 'ALARM'), `${new Date().toISOString()} ${reason}\n--- what the log served:\n${served}\n${before}`);
    return { status: 'alarm', reason };
  }
}

/** What a witness folder's `checkpoints.jsonl` holds: the readable records, and the numbers of the lines that are not. */
export interface WitnessFolderContents {
  readonly file: string;
  readonly entries: WitnessedCheckpoint[];
  readonly unreadableLines: number[];
}

function isWitnessedCheckpoint(value: unknown): value is WitnessedCheckpoint {
  const record = value as WitnessedCheckpoint;
  return (
    !!record &&
    typeof record.origin === 'string' &&
    typeof record.treeSize === 'number' &&
    typeof record.rootHash === 'string' &&
    typeof record.note === 'string'
  );
}

/**
 * Reads a witness folder for `verify --all --witness <dir>` without trusting it: a torn or garbled
 * line is set aside (by number) rather than read, and whoever uses the entries still checks the hub's
 * signature on each note.
 */
export function readWitnessFolder(folder: string): WitnessFolderContents {
  const file = join(folder, 'checkpoints.jsonl');
  const entries: WitnessedCheckpoint[] = [];
  const unreadableLines: number[] = [];
  if (!existsSync(file)) return { file, entries, unreadableLines };
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return;
      try {
        const parsed: unknown = JSON.parse(line);
        if (!isWitnessedCheckpoint(parsed)) throw new Error('not a kept checkpoint');
        entries.push(parsed);
      } catch {
        unreadableLines.push(index + 1);
      }
    });
  return { file, entries, unreadableLines };
}

/** The checkpoints this witness accepted; a folder with a line it cannot read is refused, not guessed at. */
export function readAccepted(folder: string): WitnessedCheckpoint[] {
  const contents = readWitnessFolder(folder);
  if (contents.unreadableLines.length > 0)
    throw new Error(`${contents.file}: line ${contents.unreadableLines.join(', ')} is not a checkpoint this witness accepted`);
  return contents.entries;
}

function appendDurably(file: string, record: WitnessedCheckpoint): void {
  const descriptor = openSync(file, 'a');
  try {
    appendFileSync(descriptor, `${JSON.stringify(record)}\n`);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}
