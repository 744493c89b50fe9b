import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, randomUUID, sign, verify } from 'node:crypto';
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
import { canonicalJson, EventLog, JsonObject } from '@escalation-hub/event-store';
import {
  Checkpoint,
  checkpointText,
  ED25519_SIGNATURE,
  ed25519Sign,
  noteVerifier,
  NoteVerifier,
  parseCheckpointText,
  parseNote,
  signatureLine,
  verifiedSignature,
} from './transparency/signed-note';
import {
  assertValidAuditEvent,
  auditSchemaVersionMetadata,
  IntegrityRecordType,
  readIntegrityRecord,
  StoredAuditEvent,
} from './audit-event.schemas';

/**
 * Whole-store integrity (ADR 0009). Every event of `$all` is a leaf of an RFC 9162 Merkle tree; the
 * hub signs the tree's head as a C2SP checkpoint every N events and at shutdown, appends it to its
 * own stream (so later checkpoints cover it) and copies it to a journal file. Stores written before
 * this carry "legacy" checkpoints over a running hash (ADR 0003), which are still checked.
 */
export const CHECKPOINT_STREAM = 'integrity-checkpoints';
export const TREE_HEAD_SIGNED = 'integrity.tree-head-signed' satisfies IntegrityRecordType;
export const LEGACY_CHECKPOINT_SIGNED = 'integrity.checkpoint-signed' satisfies IntegrityRecordType;
export const COSIGNATURE_STREAM = 'integrity-cosignatures';
export const CHECKPOINT_COSIGNED = 'integrity.checkpoint-cosigned' satisfies IntegrityRecordType;
export const SIGNING_KEY_ROTATED = 'integrity.signing-key-rotated' satisfies IntegrityRecordType;
export const GENESIS_RUNNING_HASH = '0'.repeat(64);

/** A signed tree head as the hub stores it: the C2SP checkpoint note and what it says, for reading. */
export interface SignedTreeHead {
  readonly origin: string;
  readonly treeSize: number;
  /** The root hash, lower-case hex (the note carries it in base64). */
  readonly rootHash: string;
  /** The whole C2SP signed note: the checkpoint text, a blank line, the hub's signature line. */
  readonly note: string;
  readonly keyFingerprint: string;
  /** How many events may pass between checkpoints under the policy it was signed with. */
  readonly checkpointEvery: number;
  readonly createdAt: string;
}

/** A checkpoint from before the Merkle tree: a signed running hash over the first `count` events. */
export interface LegacyCheckpoint {
  readonly count: number;
  readonly lastPosition: number;
  readonly runningHash: string;
  readonly createdAt: string;
  readonly keyFingerprint: string;
  /** Ed25519 signature (base64) over the canonical JSON of the four fields above. */
  readonly signature: string;
}

/** A witness's cosignature of one of the hub's checkpoints, as the hub keeps and publishes it. */
export interface RecordedCosignature {
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHash: string;
  /** The witness's C2SP verifier key (name+keyid+key). */
  readonly witnessKey: string;
  /** The cosignature's note signature line, newline included. */
  readonly line: string;
  /** When the witness says it cosigned (POSIX seconds). */
  readonly timestamp: number;
}

/** A hand-over from one signing key to the next, signed by both (recorded by `rotate-key`). */
export interface KeyRotation {
  readonly origin: string;
  /** The last tree size the previous key signed; the next key signs every larger one. */
  readonly fromTreeSize: number;
  readonly previousKeyPem: string;
  readonly nextKeyPem: string;
  /** A signed note, signed by both keys: `rotationStatement(...)`. */
  readonly statement: string;
  readonly rotatedAt: string;
}

/** What both keys sign when the log's key changes. */
export function rotationStatement(origin: string, fromTreeSize: number, previousKeyPem: string, nextKeyPem: string): string {
  return `escalation-hub/key-rotation/v1\n${origin}\n${fromTreeSize}\n${fingerprintOf(previousKeyPem)}\n${fingerprintOf(nextKeyPem)}\n`;
}

export function isLegacyCheckpoint(value: unknown): value is LegacyCheckpoint {
  const record = value as LegacyCheckpoint;
  return !!record && typeof record.count === 'number' && typeof record.runningHash === 'string' && typeof record.signature === 'string';
}

export function isSignedTreeHead(value: unknown): value is SignedTreeHead {
  const record = value as SignedTreeHead;
  return !!record && typeof record.note === 'string' && typeof record.treeSize === 'number' && typeof record.rootHash === 'string';
}

export function nextRunningHash(previous: string, eventHash: string): string {
  return createHash('sha256').update(`${previous}:${eventHash}`).digest('hex');
}

function legacySignedContent(checkpoint: LegacyCheckpoint): string {
  return canonicalJson({
    count: checkpoint.count,
    lastPosition: checkpoint.lastPosition,
    runningHash: checkpoint.runningHash,
    createdAt: checkpoint.createdAt,
  });
}

export function legacyCheckpointSignatureValid(checkpoint: LegacyCheckpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(legacySignedContent(checkpoint)), publicKey, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

/** The fingerprint of a public key: lower-case hex SHA-256 of its DER SubjectPublicKeyInfo. */
export function fingerprintOf(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  return createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** The hub's Ed25519 signing key, kept as PKCS#8 PEM (created at first start, mode 0600). */
export class SigningKey {
  private constructor(
    private readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
  ) {}

  /** The existing key, or undefined: never creates one (for checking a copy of a store). */
  static loadExisting(file: string): SigningKey | undefined {
    if (!existsSync(file)) return undefined;
    return SigningKey.fromPem(readFileSync(file));
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
    return SigningKey.fromPem(readFileSync(file));
  }

  private static fromPem(pem: Buffer): SigningKey {
    const privateKey = createPrivateKey(pem);
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('The signing key must be an Ed25519 private key (PKCS#8 PEM)');
    return new SigningKey(privateKey, createPublicKey(privateKey));
  }

  get publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  get fingerprint(): string {
    return fingerprintOf(this.publicKey);
  }

  /** The C2SP verifier for checkpoints this key signs under the log's origin (the key name is the origin). */
  verifierFor(origin: string): NoteVerifier {
    return noteVerifier(origin, ED25519_SIGNATURE, this.publicKey);
  }

  /** A C2SP checkpoint, signed: the note text, a blank line and this key's signature line. */
  signCheckpoint(checkpoint: Checkpoint): string {
    const text = checkpointText(checkpoint);
    return `${text}\n${this.noteSignatureLine(checkpoint.origin, text)}`;
  }

  /** This key's signed-note signature line over `text`, under `name`. */
  noteSignatureLine(name: string, text: string): string {
    const verifier = this.verifierFor(name);
    return signatureLine(verifier.name, verifier.keyId, sign(null, Buffer.from(text, 'utf8'), this.privateKey));
  }

  /** Ed25519 signature (standard base64) of the UTF-8 bytes of the text. */
  signText(text: string): string {
    return ed25519Sign(this.privateKey)(Buffer.from(text, 'utf8')).toString('base64');
  }
}

/** The two keys of a rotation, if both signed exactly its statement. */
export function verifiedRotation(rotation: KeyRotation): { previous: KeyObject; next: KeyObject } | undefined {
  try {
    const previous = createPublicKey(rotation.previousKeyPem);
    const next = createPublicKey(rotation.nextKeyPem);
    const note = parseNote(rotation.statement);
    if (note.text !== rotationStatement(rotation.origin, rotation.fromTreeSize, rotation.previousKeyPem, rotation.nextKeyPem))
      return undefined;
    const signedByBoth = [previous, next].every((key) => verifiedSignature(note, noteVerifier(rotation.origin, ED25519_SIGNATURE, key)));
    return signedByBoth ? { previous, next } : undefined;
  } catch {
    return undefined;
  }
}

/** A key the verifier trusts, for the tree sizes it signed. */
export interface TrustedKey {
  readonly publicKey: KeyObject;
  /** Smallest tree size it may sign (0: from the start). */
  readonly fromTreeSize: number;
  /** Largest tree size it may sign; undefined: still in use. */
  readonly untilTreeSize?: number;
}

/**
 * The public keys that may have signed the store's checkpoints. A verifier starts from keys it got
 * elsewhere (the hub's published key); older keys are trusted only through rotations that key, and
 * each one before it, signed, and only for the tree sizes they covered.
 */
export class TrustedKeys {
  private keys: TrustedKey[];

  constructor(publicKeys: readonly KeyObject[]) {
    this.keys = publicKeys.map((publicKey) => ({ publicKey, fromTreeSize: 0 }));
  }

  static fromPems(pems: readonly string[]): TrustedKeys {
    return new TrustedKeys(pems.map((pem) => createPublicKey(pem)));
  }

  get all(): readonly TrustedKey[] {
    return this.keys;
  }

  /** Follows recorded rotations back from the trusted keys (newest first); returns those that did not verify. */
  learnRotations(rotations: readonly KeyRotation[]): KeyRotation[] {
    // Walked as a chain back from the trusted keys: each pass takes the hand-overs to a key already trusted.
    let pending = [...rotations];
    for (let progress = true; progress && pending.length > 0; ) {
      progress = false;
      for (const rotation of pending) {
        const keys = verifiedRotation(rotation);
        const known = keys && this.keys.find((key) => fingerprintOf(key.publicKey) === fingerprintOf(keys.next) && key.fromTreeSize === 0);
        if (!keys || !known) continue;
        this.keys = this.keys.map((key) => (key === known ? { ...key, fromTreeSize: rotation.fromTreeSize + 1 } : key));
        if (!this.keys.some((key) => fingerprintOf(key.publicKey) === fingerprintOf(keys.previous)))
          this.keys.push({ publicKey: keys.previous, fromTreeSize: 0, untilTreeSize: rotation.fromTreeSize });
        pending = pending.filter((other) => other !== rotation);
        progress = true;
        break;
      }
    }
    return pending;
  }

  /** The keys trusted to sign a tree of `treeSize` leaves. */
  keysFor(treeSize: number): KeyObject[] {
    return this.keys
      .filter((key) => treeSize >= key.fromTreeSize && (key.untilTreeSize === undefined || treeSize <= key.untilTreeSize))
      .map((key) => key.publicKey);
  }

  /**
   * The checkpoint a tree head's note states, if a key trusted for its size signed it and it agrees
   * with the head's fields (also for a witness's kept copy, which carries the same fields and note).
   */
  checkpointOf(head: Pick<SignedTreeHead, 'origin' | 'treeSize' | 'rootHash' | 'note'>): Checkpoint | undefined {
    try {
      const note = parseNote(head.note);
      const checkpoint = parseCheckpointText(note.text);
      if (checkpoint.origin !== head.origin || checkpoint.size !== head.treeSize || checkpoint.rootHash.toString('hex') !== head.rootHash)
        return undefined;
      const signed = this.keysFor(checkpoint.size).some((key) =>
        verifiedSignature(note, noteVerifier(checkpoint.origin, ED25519_SIGNATURE, key)),
      );
      return signed ? checkpoint : undefined;
    } catch {
      return undefined;
    }
  }

  /** A legacy checkpoint signed by a key trusted for its size. */
  legacyValid(checkpoint: LegacyCheckpoint): boolean {
    return this.keysFor(checkpoint.count).some((key) => legacyCheckpointSignatureValid(checkpoint, key));
  }
}

/**
 * A copy of every signed checkpoint outside the store (one JSON line each, fsynced): cutting the
 * newest events from the store, checkpoints included, still leaves this behind.
 */
export class CheckpointJournal {
  constructor(readonly file: string) {}

  append(head: SignedTreeHead): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const descriptor = openSync(this.file, 'a');
    try {
      writeSync(descriptor, `${JSON.stringify(head)}\n`);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
  }

  /** The readable entries (tree heads and legacy checkpoints), and the numbers of lines that are not. */
  read(): JournalContents {
    if (!existsSync(this.file)) return { exists: false, entries: [], unreadableLines: [] };
    const entries: (SignedTreeHead | LegacyCheckpoint)[] = [];
    const unreadableLines: number[] = [];
    readFileSync(this.file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (line.trim() === '') return;
        try {
          const parsed: unknown = JSON.parse(line);
          if (!isSignedTreeHead(parsed) && !isLegacyCheckpoint(parsed)) throw new Error('not a checkpoint');
          entries.push(parsed);
        } catch {
          unreadableLines.push(index + 1);
        }
      });
    return { exists: true, entries, unreadableLines };
  }
}

export interface JournalContents {
  readonly exists: boolean;
  readonly entries: (SignedTreeHead | LegacyCheckpoint)[];
  readonly unreadableLines: number[];
}

/** The records of the checkpoint stream the integrity log checks, read and checked against their schemas. */
export type CheckpointRecord =
  | { type: typeof TREE_HEAD_SIGNED; data: SignedTreeHead }
  | { type: typeof LEGACY_CHECKPOINT_SIGNED; data: LegacyCheckpoint };

/**
 * A stored event of the checkpoint stream as the integrity log takes it: a tree head or a legacy
 * checkpoint, or undefined for anything else (a rotation, or a record that is not what its schema
 * says: it is no checkpoint). A version this release cannot read is refused.
 */
export function checkpointRecordOf(stored: StoredAuditEvent): CheckpointRecord | undefined {
  if (stored.type === TREE_HEAD_SIGNED) {
    const data = readIntegrityRecord(TREE_HEAD_SIGNED, stored);
    return data && { type: TREE_HEAD_SIGNED, data };
  }
  if (stored.type === LEGACY_CHECKPOINT_SIGNED) {
    const data = readIntegrityRecord(LEGACY_CHECKPOINT_SIGNED, stored);
    return data && { type: LEGACY_CHECKPOINT_SIGNED, data };
  }
  return undefined;
}

/** A stored event of the cosignature stream as a cosignature, or undefined if it is none (see `readIntegrityRecord`). */
export function cosignatureOf(stored: StoredAuditEvent): RecordedCosignature | undefined {
  return stored.type === CHECKPOINT_COSIGNED ? readIntegrityRecord(CHECKPOINT_COSIGNED, stored) : undefined;
}

/** Every record in the checkpoint and cosignature streams, read before `$all` is replayed. */
export async function readSignedRecords(
  log: EventLog,
): Promise<{ heads: SignedTreeHead[]; legacy: LegacyCheckpoint[]; rotations: KeyRotation[]; cosignatures: RecordedCosignature[] }> {
  const heads: SignedTreeHead[] = [];
  const rotations: KeyRotation[] = [];
  const legacy: LegacyCheckpoint[] = [];
  const cosignatures: RecordedCosignature[] = [];
  for await (const event of log.iterateStream(CHECKPOINT_STREAM)) {
    const checkpoint = checkpointRecordOf(event);
    if (checkpoint?.type === TREE_HEAD_SIGNED) heads.push(checkpoint.data);
    else if (checkpoint?.type === LEGACY_CHECKPOINT_SIGNED) legacy.push(checkpoint.data);
    else if (event.type === SIGNING_KEY_ROTATED) {
      const rotation = readIntegrityRecord(SIGNING_KEY_ROTATED, event);
      if (rotation) rotations.push(rotation);
    }
  }
  for await (const event of log.iterateStream(COSIGNATURE_STREAM)) {
    const cosignature = cosignatureOf(event);
    if (cosignature) cosignatures.push(cosignature);
  }
  return { heads, legacy, rotations, cosignatures };
}

/** Records a witness's cosignature the hub accepted (handed in, or answered to a push). */
export async function appendCosignature(log: EventLog, recorded: RecordedCosignature, witnessName: string): Promise<void> {
  const data: JsonObject = {
    origin: recorded.origin,
    treeSize: recorded.treeSize,
    rootHash: recorded.rootHash,
    witnessKey: recorded.witnessKey,
    line: recorded.line,
    timestamp: recorded.timestamp,
  };
  const metadata = { actor: { id: witnessName, role: 'witness' }, ...auditSchemaVersionMetadata(CHECKPOINT_COSIGNED) };
  await log.append(COSIGNATURE_STREAM, [assertValidAuditEvent({ id: randomUUID(), type: CHECKPOINT_COSIGNED, data, metadata })]);
}

/** Appends a signed tree head to the checkpoint stream (any process holding the key may). */
export async function appendTreeHead(log: EventLog, head: SignedTreeHead): Promise<void> {
  await appendIntegrityRecord(log, TREE_HEAD_SIGNED, {
    origin: head.origin,
    treeSize: head.treeSize,
    rootHash: head.rootHash,
    note: head.note,
    keyFingerprint: head.keyFingerprint,
    checkpointEvery: head.checkpointEvery,
    createdAt: head.createdAt,
  });
}

/** Appends one of the hub's own records to the checkpoint stream, checked against its type's schema first. */
export async function appendIntegrityRecord(
  log: EventLog,
  type: typeof TREE_HEAD_SIGNED | typeof SIGNING_KEY_ROTATED | typeof LEGACY_CHECKPOINT_SIGNED,
  data: JsonObject,
): Promise<void> {
  const metadata = { actor: { id: 'hub-integrity', role: 'admin' }, ...auditSchemaVersionMetadata(type) };
  await log.append(CHECKPOINT_STREAM, [assertValidAuditEvent({ id: randomUUID(), type, data, metadata })], 'any');
}

/** Signs a rotation statement with both keys. */
export function signRotation(previous: SigningKey, next: SigningKey, origin: string, fromTreeSize: number, now: Date): KeyRotation {
  const text = rotationStatement(origin, fromTreeSize, previous.publicKeyPem, next.publicKeyPem);
  return {
    origin,
    fromTreeSize,
    previousKeyPem: previous.publicKeyPem,
    nextKeyPem: next.publicKeyPem,
    statement: `${text}\n${previous.noteSignatureLine(origin, text)}${next.noteSignatureLine(origin, text)}`,
    rotatedAt: now.toISOString(),
  };
}
