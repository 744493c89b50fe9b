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
 * A witness (c2sp.org/tlog-witness): a separate process with its own key and folder, which polls
 * the log (`poll`) or is pushed each checkpoint by it (`addCheckpoint`, `witness --listen`). It accepts a checkpoint only if the log's key signed it and a consistency proof shows
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
    const parsed = parseCheckpointNote(text);
    if ('error' in parsed) return this.raise(`the log served something that is not a checkpoint: ${parsed.error}`, text);
    if (parsed.checkpoint.origin === this.logKey.name && !verifiedSignature(parsed.note, this.logKey))
      await this.followRotation(client, parsed.checkpoint.size);
    const judged = await this.judge(text, parsed, async (from, to) => (await client.consistencyProof(from, to)).map((hash) => Buffer.from(hash, 'hex')));
    if (judged.status !== 'accept') return judged;
    const cosigned = this.cosignAndKeep(text, parsed, now);
    try {
      await client.submitCosignature(cosigned.note);
      return { status: 'cosigned', treeSize: parsed.checkpoint.size, submitted: true };
    } catch (error) {
      return { status: 'cosigned', treeSize: parsed.checkpoint.size, submitted: false, submitError: error instanceof Error ? error.message : String(error) };
    }
  }

  /**
   * The log pushes a checkpoint, as c2sp.org/tlog-witness's add-checkpoint says: the body is
   * `old <size>`, the consistency proof from that size (one base64 hash a line), a blank line, then
   * the signed checkpoint note. Answers 200 with the cosignature line; 409 (text/x.tlog.size) with the
   * size this witness holds when `old` is not it; 403 for a note the log key did not sign; 404 for
   * another log; 400 for a malformed request; 422 when the proof fails, which, like a fork or a
   * rollback, is also kept as an alarm.
   */
  async addCheckpoint(body: string, now: Date): Promise<WitnessAnswer> {
    const request = parseAddCheckpoint(body);
    if ('error' in request) return answer(400, request.error);
    const parsed = parseCheckpointNote(request.note);
    if ('error' in parsed) return answer(400, `not a checkpoint note: ${parsed.error}`);
    if (parsed.checkpoint.origin !== this.logKey.name) return answer(404, `this witness follows ${this.logKey.name}, not ${parsed.checkpoint.origin}`);
    if (!verifiedSignature(parsed.note, this.logKey)) return answer(403, `the checkpoint is not signed by the log key ${this.logKey.vkey}`);
    const raised = this.alarm();
    if (raised) return answer(422, `this witness raised an alarm on this log and accepts nothing more from it: ${raised.split('\n')[0]}`);
    const previous = this.accepted().at(-1);
    const held = previous?.treeSize ?? 0;
    if (request.old !== held) return { status: 409, contentType: 'text/x.tlog.size', body: `${held}\n` };
    // Anyone can push: an older checkpoint or a bad proof proves nothing about the log (the checkpoints are
    // public), so it is refused without an alarm. Two different roots the log key signed for one size do
    // prove a fork, whoever sends the second.
    const size = parsed.checkpoint.size;
    if (previous && size < previous.treeSize) return answer(400, `old (${held}) is larger than the checkpoint (${size})`);
    if (previous && size > previous.treeSize) {
      const proven = verifyConsistency(previous.treeSize, size, Buffer.from(previous.rootHash, 'hex'), parsed.checkpoint.rootHash, request.proof);
      if (!proven) return answer(422, `the proof does not show the checkpoint of ${size} leaves extends the one of ${held} this witness holds`);
    }
    const judged = await this.judge(request.note, parsed, async () => request.proof);
    if (judged.status === 'unchanged') return answer(200, previous?.note.slice(request.note.length) ?? '');
    if (judged.status === 'alarm') return answer(422, judged.reason);
    return answer(200, this.cosignAndKeep(request.note, parsed, now).line);
  }

  /**
   * Whether a checkpoint the log key signed may follow the last one accepted: a larger one proven
   * consistent with it is accepted, the same one is unchanged, anything else is an alarm.
   */
  private async judge(
    text: string,
    { checkpoint, note }: ParsedCheckpointNote,
    proofFrom: (from: number, to: number) => Promise<Hash[]>,
  ): Promise<WitnessOutcome | { status: 'accept' }> {
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
      const proof = await proofFrom(previous.treeSize, checkpoint.size);
      if (!verifyConsistency(previous.treeSize, checkpoint.size, Buffer.from(previous.rootHash, 'hex'), checkpoint.rootHash, proof))
        return this.raise(
          `the checkpoint of ${checkpoint.size} leaves does not extend the one of ${previous.treeSize} this witness accepted: history before it was changed`,
          text,
          previous,
        );
    }
    return { status: 'accept' };
  }

  /** Cosigns an accepted checkpoint and keeps it (fsynced) before anyone is told. */
  private cosignAndKeep(text: string, { checkpoint, note }: ParsedCheckpointNote, now: Date): { note: string; line: string } {
    const line = cosignatureLine(this.verifier, ed25519Sign(this.privateKey), note.text, Math.floor(now.getTime() / 1000));
    const cosigned = `${text}${line}`;
    appendDurably(join(this.folder, 'checkpoints.jsonl'), {
      origin: checkpoint.origin,
      treeSize: checkpoint.size,
      rootHash: checkpoint.rootHash.toString('hex'),
      note: cosigned,
      acceptedAt: now.toISOString(),
    });
    return { note: cosigned, line };
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

/** What the witness answers a log that pushes a checkpoint (HTTP status, content type, body). */
export interface WitnessAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

const answer = (status: number, body: string): WitnessAnswer => ({
  status,
  contentType: 'text/plain; charset=utf-8',
  body: body.endsWith('\n') || body === '' ? body : `${body}\n`,
});

interface ParsedCheckpointNote {
  readonly note: ReturnType<typeof parseNote>;
  readonly checkpoint: ReturnType<typeof parseCheckpointText>;
}

function parseCheckpointNote(text: string): ParsedCheckpointNote | { error: string } {
  try {
    const note = parseNote(text);
    return { note, checkpoint: parseCheckpointText(note.text) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** The add-checkpoint request body of c2sp.org/tlog-witness: `old N`, proof lines, a blank line, the note. */
export function addCheckpointBody(old: number, proof: readonly Hash[], note: string): string {
  return `old ${old}\n${proof.map((hash) => `${hash.toString('base64')}\n`).join('')}\n${note}`;
}

function parseAddCheckpoint(body: string): { old: number; proof: Hash[]; note: string } | { error: string } {
  const blank = body.indexOf('\n\n');
  if (blank === -1) return { error: 'expected "old <size>", the proof lines, a blank line and the checkpoint' };
  const [first, ...proofLines] = body.slice(0, blank).split('\n');
  const old = /^old (0|[1-9][0-9]{0,15})$/.exec(first);
  if (!old) return { error: 'the first line must be "old <size>"' };
  const proof: Hash[] = [];
  for (const line of proofLines) {
    if (!/^[A-Za-z0-9+/]{43}=$/.test(line)) return { error: 'each proof line must be one base64 SHA-256 hash' };
    proof.push(Buffer.from(line, 'base64'));
  }
  if (proofLines.length > 63) return { error: 'the proof is longer than any tree needs' };
  return { old: Number(old[1]), proof, note: body.slice(blank + 2) };
}
