import { createHash, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/**
 * C2SP signed notes (c2sp.org/signed-note), checkpoints (c2sp.org/tlog-checkpoint) and Ed25519
 * witness cosignatures (c2sp.org/tlog-cosignature v1), exactly as those specifications write them,
 * so any tool that reads Go's sumdb or Sigstore checkpoints can read the hub's.
 */
export const ED25519_SIGNATURE = 0x01;
export const ED25519_COSIGNATURE = 0x04;

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function rawEd25519PublicKey(key: KeyObject): Buffer {
  const der = key.export({ type: 'spki', format: 'der' });
  if (der.length !== 44 || !der.subarray(0, 12).equals(ED25519_SPKI_PREFIX)) throw new Error('Not an Ed25519 public key');
  return der.subarray(12);
}

export function ed25519PublicKeyFromRaw(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new Error('An Ed25519 public key is 32 bytes');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** key ID = SHA-256(key name || 0x0A || signature type || public key)[:4] */
export function noteKeyId(name: string, type: number, rawPublicKey: Buffer): Buffer {
  return createHash('sha256')
    .update(Buffer.from(`${name}\n`, 'utf8'))
    .update(Buffer.from([type]))
    .update(rawPublicKey)
    .digest()
    .subarray(0, 4);
}

/** A key that can check note signatures: its name, type and public key (the signed-note "vkey"). */
export interface NoteVerifier {
  readonly name: string;
  readonly type: number;
  readonly keyId: Buffer;
  readonly publicKey: KeyObject;
  /** `<name>+<key ID as 8 hex digits>+<base64(type || public key)>` */
  readonly vkey: string;
}

export function noteVerifier(name: string, type: number, publicKey: KeyObject): NoteVerifier {
  checkKeyName(name);
  const raw = rawEd25519PublicKey(publicKey);
  const keyId = noteKeyId(name, type, raw);
  return { name, type, keyId, publicKey, vkey: `${name}+${keyId.toString('hex')}+${Buffer.concat([Buffer.from([type]), raw]).toString('base64')}` };
}

/** Reads a vkey; refuses one whose key ID does not match its name and key. */
export function parseVerifierKey(vkey: string): NoteVerifier {
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(vkey.trim());
  if (!match) throw new Error('A verifier key reads <name>+<8 hex digits>+<base64 key>');
  const [, name, keyIdHex, encoded] = match;
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length !== 33 || ![ED25519_SIGNATURE, ED25519_COSIGNATURE].includes(bytes[0]))
    throw new Error('Only Ed25519 note keys (type 0x01) and Ed25519 cosigner keys (type 0x04) are supported');
  const verifier = noteVerifier(name, bytes[0], ed25519PublicKeyFromRaw(bytes.subarray(1)));
  if (verifier.keyId.toString('hex') !== keyIdHex) throw new Error(`The key ID ${keyIdHex} does not belong to this name and key`);
  return verifier;
}

function checkKeyName(name: string): void {
  if (name.length === 0 || /[\s+]/u.test(name)) throw new Error(`A note key name must be non-empty, with no spaces or plus signs: ${JSON.stringify(name)}`);
}

export interface NoteSignature {
  readonly name: string;
  readonly keyId: Buffer;
  /** What follows the key ID: the signature itself (for cosignatures, the timestamp and signature). */
  readonly signature: Buffer;
  /** The signature line as written, newline included. */
  readonly line: string;
}

export interface SignedNote {
  /** The note text, ending in its final newline (what a note signature covers). */
  readonly text: string;
  readonly signatures: NoteSignature[];
}

export function signatureLine(name: string, keyId: Buffer, signature: Buffer): string {
  return `— ${name} ${Buffer.concat([keyId, signature]).toString('base64')}\n`;
}

/** Parses a signed note strictly: no control characters but newline, a blank line, then signature lines. */
export function parseNote(note: string): SignedNote {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) throw new Error('A signed note must not contain control characters other than newline');
  if (/[\ud800-\udfff]/u.test(note.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) throw new Error('A signed note must be valid UTF-8');
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new Error('A signed note is text, a blank line, then signature lines, each ending in a newline');
  const text = note.slice(0, split + 1);
  const signatures = note
    .slice(split + 2)
    .split(/(?<=\n)/)
    .map((line) => {
      const match = /^— (\S+) ([A-Za-z0-9+/]+={0,2})\n$/.exec(line);
      if (!match) throw new Error(`Not a note signature line: ${JSON.stringify(line)}`);
      const bytes = Buffer.from(match[2], 'base64');
      if (bytes.length < 5 || bytes.toString('base64') !== match[2]) throw new Error(`A note signature is not canonical base64: ${JSON.stringify(line)}`);
      return { name: match[1], keyId: bytes.subarray(0, 4), signature: bytes.subarray(4), line };
    });
  if (signatures.length === 0) throw new Error('A signed note has at least one signature');
  return { text, signatures };
}

/** The signature of `verifier` on the note, verified; undefined if it has none (or only a bad one). */
export function verifiedSignature(note: SignedNote, verifier: NoteVerifier): NoteSignature | undefined {
  if (verifier.type !== ED25519_SIGNATURE) return undefined;
  return note.signatures.find(
    (candidate) =>
      candidate.name === verifier.name &&
      candidate.keyId.equals(verifier.keyId) &&
      candidate.signature.length === 64 &&
      verify(null, Buffer.from(note.text, 'utf8'), verifier.publicKey, candidate.signature),
  );
}

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Buffer;
}

/** The checkpoint's note text: origin, tree size and base64 root hash, one per line (no extension lines). */
export function checkpointText(checkpoint: Checkpoint): string {
  checkKeyName(checkpoint.origin);
  return `${checkpoint.origin}\n${checkpoint.size}\n${checkpoint.rootHash.toString('base64')}\n`;
}

export function parseCheckpointText(text: string): Checkpoint {
  const lines = text.split('\n');
  const [origin, size, root] = lines;
  if (lines.length < 4 || lines[lines.length - 1] !== '' || lines.slice(3, -1).some((line) => line === ''))
    throw new Error('A checkpoint is an origin, a tree size and a root hash, one per line, then optional non-empty extension lines');
  if (!origin || !/^(0|[1-9]\d{0,14})$/.test(size)) throw new Error('A checkpoint tree size is a decimal number with no leading zeroes (at most 15 digits)');
  const rootHash = Buffer.from(root, 'base64');
  if (rootHash.length !== 32 || rootHash.toString('base64') !== root) throw new Error('A checkpoint root hash is 32 bytes in base64');
  return { origin, size: Number(size), rootHash };
}

/** cosignature/v1: the message a witness signs for a checkpoint at a time (POSIX seconds). */
export function cosignedMessage(checkpointNoteText: string, timestamp: number): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${checkpointNoteText}`, 'utf8');
}

/** A witness's cosignature line: key ID || big-endian u64 timestamp || Ed25519 signature. */
export function cosignatureLine(verifier: NoteVerifier, sign64: (message: Buffer) => Buffer, checkpointNoteText: string, timestamp: number): string {
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(timestamp));
  return signatureLine(verifier.name, verifier.keyId, Buffer.concat([time, sign64(cosignedMessage(checkpointNoteText, timestamp))]));
}

/** The time (POSIX seconds) at which `verifier` cosigned the note, if the note carries its valid cosignature. */
export function verifiedCosignature(note: SignedNote, verifier: NoteVerifier): { timestamp: number; line: string } | undefined {
  if (verifier.type !== ED25519_COSIGNATURE) return undefined;
  for (const candidate of note.signatures) {
    if (candidate.name !== verifier.name || !candidate.keyId.equals(verifier.keyId) || candidate.signature.length !== 72) continue;
    const timestamp = candidate.signature.readBigUInt64BE(0);
    if (timestamp > BigInt(Number.MAX_SAFE_INTEGER)) continue;
    if (verify(null, cosignedMessage(note.text, Number(timestamp)), verifier.publicKey, candidate.signature.subarray(8)))
      return { timestamp: Number(timestamp), line: candidate.line };
  }
  return undefined;
}

export function ed25519Sign(privateKey: KeyObject): (message: Buffer) => Buffer {
  return (message) => sign(null, message, privateKey);
}
