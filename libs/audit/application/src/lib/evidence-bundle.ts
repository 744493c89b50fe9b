import {
  canonicalJson,
  ChainVerifier,
  computeEventHash,
  EventLog,
  JsonObject,
  JsonValue,
  loneSurrogatePath,
  parseStrictJson,
  RecordedEvent,
} from '@escalation-hub/event-store';
import { CRN_PATTERN, streamNameFor } from '@escalation-hub/casework-domain';
import { createPublicKey, KeyObject, verify } from 'node:crypto';
import { IntegrityProblem } from './integrity-problems';
import { fingerprintOf, isLegacyCheckpoint, LegacyCheckpoint, SigningKey, TrustedKeys } from './store-integrity';
import { eventLeafHash, verifyInclusion } from './transparency/merkle';
import { ED25519_SIGNATURE, ed25519PublicKeyFromRaw, noteVerifier, parseCheckpointText, parseNote, rawEd25519PublicKey, verifiedSignature } from './transparency/signed-note';
import { IntegrityCompromisedError, LogCatchingUpError, TreeHeadSigner, VerifiableLog } from './verifiable-log';

/** docs/evidence-bundle.md specifies this format byte for byte. */
export const BUNDLE_FORMAT = 'escalation-hub-evidence-bundle/2';
/** Bundles exported before the Merkle tree (ADR 0003); still verified. */
export const LEGACY_BUNDLE_FORMAT = 'escalation-hub-evidence-bundle/1';

export interface BundledEvent {
  readonly id: string;
  readonly streamVersion: number;
  readonly position: number;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
  readonly recordedAt: string;
  readonly previousHash: string | null;
  readonly hash: string;
  /** Its leaf in the log's Merkle tree: its place in `$all`, counting from 0. */
  readonly leafIndex: number;
  /** RFC 9162 inclusion proof (hex hashes, leaf upwards) from the leaf to the checkpoint's root. */
  readonly inclusionProof: string[];
}

export interface BundleSigner {
  /** The key name: the log's origin. */
  readonly keyName: string;
  /** The C2SP key ID, 8 hex digits. */
  readonly keyId: string;
  /** The raw 32-byte Ed25519 public key, standard base64. */
  readonly publicKey: string;
  /** Lower-case hex SHA-256 of the key's DER SubjectPublicKeyInfo (the fingerprint `GET /v1/audit/public-key` shows). */
  readonly keyFingerprint: string;
}

/** Everything needed to check a case's record offline, with nothing but this file and the hub's public key. */
export interface EvidenceBundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly crn: string;
  readonly streamName: string;
  readonly exportedAt: string;
  readonly exportedBy: string;
  readonly events: BundledEvent[];
  /** The C2SP checkpoint (signed note) every inclusion proof leads to. */
  readonly checkpoint: string;
  readonly signer: BundleSigner;
  /** Ed25519 over the UTF-8 bytes of `bundleManifest(bundle)`, standard base64. */
  readonly signature: string;
}

/** The exact text the bundle's signature covers: RFC 8785 JSON of what the bundle asserts. */
export function bundleManifest(bundle: Omit<EvidenceBundle, 'signature'>): string {
  const checkpoint = parseCheckpointText(parseNote(bundle.checkpoint).text);
  return canonicalJson({
    format: bundle.format,
    crn: bundle.crn,
    streamName: bundle.streamName,
    exportedAt: bundle.exportedAt,
    exportedBy: bundle.exportedBy,
    checkpoint: { origin: checkpoint.origin, treeSize: checkpoint.size, rootHash: checkpoint.rootHash.toString('hex') },
    events: bundle.events.map((event) => ({ leafIndex: event.leafIndex, position: event.position, hash: event.hash })),
    keyFingerprint: bundle.signer.keyFingerprint,
  });
}

/** The hub will not put its signature on a case whose stored chain does not verify. */
export class BrokenChainError extends Error {
  readonly code = 'CHAIN_BROKEN';
  constructor(crn: string, streamVersion: number, reason: string) {
    super(`Case ${crn}: its stored chain is broken at revision ${streamVersion} (${reason}); the hub will not sign an export of it`);
  }
}

/**
 * Builds and signs the bundle of one case. Every event must be the very leaf the hub's tree holds
 * for it (an event edited behind the hub's back, chain recomputed, is not); every event gets its
 * inclusion proof to a signed checkpoint covering the whole case.
 */
export async function exportCase(
  log: EventLog,
  verifiable: VerifiableLog,
  signer: TreeHeadSigner,
  key: SigningKey,
  crn: string,
  exportedBy: string,
  now: Date,
): Promise<EvidenceBundle> {
  await verifiable.whenIntact();
  const stored: RecordedEvent[] = [];
  const chain = new ChainVerifier();
  for await (const event of log.iterateStream(streamNameFor(crn))) {
    chain.check(event);
    stored.push(event);
  }
  const verified = chain.result();
  if (verified.firstInvalid) throw new BrokenChainError(crn, verified.firstInvalid.streamVersion, verified.firstInvalid.reason);
  const leafIndexes: number[] = [];
  for (const event of stored) {
    const index = await verifiable.leafIndexWhenTaken(event.position);
    // Not in the tree yet (the store shows events in commit order): ask again in a moment.
    if (index === undefined) throw new LogCatchingUpError();
    // In the tree, but not as stored now: it was changed behind the hub's back.
    if (!verifiable.leaf(index).equals(eventLeafHash(event.hash))) {
      verifiable.markCompromised({ code: 'HASH_MISMATCH', streamName: event.streamName, streamVersion: event.streamVersion, eventId: event.id });
      throw new IntegrityCompromisedError(verifiable.problems);
    }
    leafIndexes.push(index);
  }
  const head = await signer.headCovering(leafIndexes.length > 0 ? leafIndexes[leafIndexes.length - 1] + 1 : 1);
  const events: BundledEvent[] = stored.map((event, i) => ({
    id: event.id,
    streamVersion: event.streamVersion,
    position: event.position,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
    previousHash: event.previousHash,
    hash: event.hash,
    leafIndex: leafIndexes[i],
    inclusionProof: verifiable.inclusionProof(leafIndexes[i], head.treeSize).map((hash) => hash.toString('hex')),
  }));
  const verifier = key.verifierFor(head.origin);
  const unsigned = {
    format: BUNDLE_FORMAT,
    crn,
    streamName: streamNameFor(crn),
    exportedAt: now.toISOString(),
    exportedBy,
    events,
    checkpoint: head.note,
    signer: {
      keyName: verifier.name,
      keyId: verifier.keyId.toString('hex'),
      publicKey: rawEd25519PublicKey(key.publicKey).toString('base64'),
      keyFingerprint: key.fingerprint,
    },
  } as const;
  return { ...unsigned, signature: key.signText(bundleManifest(unsigned)) };
}

export interface BundleVerification {
  readonly valid: boolean;
  readonly format: string | null;
  readonly crn: string | null;
  readonly events: number;
  readonly keyFingerprint: string | null;
  /** Whether the signature was checked with a key the verifier supplied, not only the one inside the bundle. */
  readonly keyTrusted: boolean;
  readonly treeSize: number | null;
  readonly problems: IntegrityProblem[];
}

const BUNDLE_FIELDS = ['format', 'crn', 'streamName', 'exportedAt', 'exportedBy', 'events', 'checkpoint', 'signer', 'signature'];
const EVENT_FIELDS = ['id', 'streamVersion', 'position', 'type', 'data', 'metadata', 'recordedAt', 'previousHash', 'hash', 'leafIndex', 'inclusionProof'];
const SIGNER_FIELDS = ['keyName', 'keyId', 'publicKey', 'keyFingerprint'];
const LEGACY_BUNDLE_FIELDS = ['format', 'crn', 'streamName', 'exportedAt', 'exportedBy', 'events', 'eventCount', 'headHash', 'checkpoint', 'publicKeyPem', 'keyFingerprint', 'signature'];
const LEGACY_EVENT_FIELDS = ['id', 'streamVersion', 'position', 'type', 'data', 'metadata', 'recordedAt', 'previousHash', 'hash'];
const HEX64 = /^[0-9a-f]{64}$/;
/**
 * What docs/evidence-bundle.schema.json asks of a format 2 bundle beyond its shape, refused here too so
 * that no bundle is VALID to this verifier yet refused by the schema: the hub writes nothing else.
 */
const LOWER_CASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** ISO 8601 UTC with milliseconds, as Date.prototype.toISOString writes it. */
const ISO_MILLISECONDS = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$/;
/** An RFC 9162 inclusion proof in a tree of at most 2^53 leaves is never longer. */
const MAX_PROOF_HASHES = 64;

/** Checks a bundle file's text: parsed strictly (a key given twice is refused), then as `verifyBundle`. */
export function verifyBundleText(text: string, trustedPublicKeyPem?: string | readonly string[] | TrustedKeys): BundleVerification {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return refused({ code: 'NOT_A_BUNDLE', detail: `not JSON: ${error instanceof Error ? error.message : String(error)}` });
  }
  try {
    parseStrictJson(text, 64);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return refused(detail.includes('appears twice') ? { code: 'DUPLICATE_KEY', detail } : { code: 'MALFORMED_FIELD', path: '$', detail });
  }
  return verifyBundle(parsed, trustedPublicKeyPem);
}

function refused(problem: IntegrityProblem, crn: string | null = null): BundleVerification {
  return { valid: false, format: null, crn, events: 0, keyFingerprint: null, keyTrusted: false, treeSize: null, problems: [problem] };
}

/** Fields the format does not define, or that are missing or of the wrong kind. */
function shapeProblems(value: Record<string, unknown>, fields: readonly string[], path: string): IntegrityProblem[] {
  const problems: IntegrityProblem[] = Object.keys(value)
    .filter((key) => !fields.includes(key))
    .map((key) => ({ code: 'UNKNOWN_FIELD', path: `${path}.${key}` }));
  for (const field of fields) if (!(field in value)) problems.push({ code: 'MALFORMED_FIELD', path: `${path}.${field}`, detail: 'missing' });
  return problems;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isWhole = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/**
 * Checks a bundle with nothing but the bundle and, ideally, the hub's public key obtained
 * separately: its exact shape, every event's hash and chain link, every inclusion proof against the
 * checkpoint, the checkpoint's signature and the signature over the manifest.
 */
export function verifyBundle(input: unknown, trusted?: string | readonly string[] | TrustedKeys): BundleVerification {
  let trustedKeys: KeyObject[] | undefined;
  try {
    // A key history (TrustedKeys) gives the keys for the checkpoint's size once it is read; with none readable, no key is trusted.
    trustedKeys = trusted instanceof TrustedKeys ? [] : trustedKeysOf(trusted);
  } catch (error) {
    return refused({ code: 'MALFORMED_FIELD', path: '--public-key', detail: error instanceof Error ? error.message : String(error) });
  }
  if (!isObject(input)) return refused({ code: 'NOT_A_BUNDLE', detail: 'not a JSON object' });
  if (input['format'] === LEGACY_BUNDLE_FORMAT) return verifyLegacyBundle(input, trusted instanceof TrustedKeys ? trusted.all.map((key) => key.publicKey) : trustedKeys);
  if (input['format'] !== BUNDLE_FORMAT) return refused({ code: 'NOT_A_BUNDLE', detail: `expected format ${BUNDLE_FORMAT}` });
  const crn = typeof input['crn'] === 'string' ? input['crn'] : null;
  const problems = shapeProblems(input, BUNDLE_FIELDS, '$');
  for (const field of ['crn', 'streamName', 'exportedAt', 'exportedBy', 'checkpoint', 'signature'])
    if (field in input && typeof input[field] !== 'string') problems.push({ code: 'MALFORMED_FIELD', path: `$.${field}`, detail: 'must be a string' });
  if (typeof input['crn'] === 'string' && !CRN_PATTERN.test(input['crn']))
    problems.push({ code: 'MALFORMED_FIELD', path: '$.crn', detail: 'must be a capital letter and six digits' });
  if (typeof input['exportedAt'] === 'string' && !ISO_MILLISECONDS.test(input['exportedAt']))
    problems.push({ code: 'MALFORMED_FIELD', path: '$.exportedAt', detail: 'must be ISO 8601 UTC with milliseconds' });
  if (input['exportedBy'] === '') problems.push({ code: 'MALFORMED_FIELD', path: '$.exportedBy', detail: 'must not be empty' });
  const signer = input['signer'];
  if (!isObject(signer)) problems.push({ code: 'MALFORMED_FIELD', path: '$.signer', detail: 'must be an object' });
  else {
    problems.push(...shapeProblems(signer, SIGNER_FIELDS, '$.signer'));
    for (const field of SIGNER_FIELDS)
      if (field in signer && typeof signer[field] !== 'string') problems.push({ code: 'MALFORMED_FIELD', path: `$.signer.${field}`, detail: 'must be a string' });
  }
  const events = input['events'];
  if (!Array.isArray(events)) problems.push({ code: 'MALFORMED_FIELD', path: '$.events', detail: 'must be an array' });
  else
    events.forEach((event, index) => {
      const path = `$.events[${index}]`;
      if (!isObject(event)) return problems.push({ code: 'MALFORMED_FIELD', path, detail: 'must be an object' });
      problems.push(...shapeProblems(event, EVENT_FIELDS, path));
      for (const field of ['streamVersion', 'position', 'leafIndex'])
        if (field in event && !isWhole(event[field])) problems.push({ code: 'MALFORMED_FIELD', path: `${path}.${field}`, detail: 'must be a whole number' });
      if (!isObject(event['data']) || !isObject(event['metadata']))
        problems.push({ code: 'MALFORMED_FIELD', path, detail: 'data and metadata must be objects' });
      if (!Array.isArray(event['inclusionProof']) || !event['inclusionProof'].every((hash) => typeof hash === 'string' && HEX64.test(hash)))
        problems.push({ code: 'MALFORMED_FIELD', path: `${path}.inclusionProof`, detail: 'must be an array of 64-digit lower-case hex hashes' });
      else if (event['inclusionProof'].length > MAX_PROOF_HASHES)
        problems.push({ code: 'MALFORMED_FIELD', path: `${path}.inclusionProof`, detail: `must hold at most ${MAX_PROOF_HASHES} hashes` });
      if (typeof event['hash'] !== 'string' || !HEX64.test(event['hash'])) problems.push({ code: 'MALFORMED_FIELD', path: `${path}.hash`, detail: 'must be 64 lower-case hex digits' });
      for (const field of ['id', 'type', 'recordedAt'])
        if (field in event && typeof event[field] !== 'string') problems.push({ code: 'MALFORMED_FIELD', path: `${path}.${field}`, detail: 'must be a string' });
      if (typeof event['id'] === 'string' && !LOWER_CASE_UUID.test(event['id']))
        problems.push({ code: 'MALFORMED_FIELD', path: `${path}.id`, detail: 'must be a UUID in lower case' });
      if (event['type'] === '') problems.push({ code: 'MALFORMED_FIELD', path: `${path}.type`, detail: 'must not be empty' });
      if (typeof event['recordedAt'] === 'string' && !ISO_MILLISECONDS.test(event['recordedAt']))
        problems.push({ code: 'MALFORMED_FIELD', path: `${path}.recordedAt`, detail: 'must be ISO 8601 UTC with milliseconds' });
      if ('previousHash' in event && event['previousHash'] !== null && (typeof event['previousHash'] !== 'string' || !HEX64.test(event['previousHash'])))
        problems.push({ code: 'MALFORMED_FIELD', path: `${path}.previousHash`, detail: 'must be null or 64 lower-case hex digits' });
      return undefined;
    });
  if (typeof input['crn'] === 'string' && input['streamName'] !== `case-${input['crn']}`)
    problems.push({ code: 'MALFORMED_FIELD', path: '$.streamName', detail: 'must be case-<crn>' });
  if (typeof input['signature'] === 'string' && !isCanonicalBase64(input['signature'], 64))
    problems.push({ code: 'MALFORMED_FIELD', path: '$.signature', detail: 'must be a 64-byte Ed25519 signature in canonical standard base64' });
  if (isObject(signer) && typeof signer['publicKey'] === 'string' && !isCanonicalBase64(signer['publicKey'], 32))
    problems.push({ code: 'MALFORMED_FIELD', path: '$.signer.publicKey', detail: 'must be a 32-byte key in canonical standard base64' });
  const surrogate = loneSurrogatePath(input as JsonValue);
  if (surrogate) problems.push({ code: 'NOT_CANONICAL', path: surrogate });
  if (problems.length > 0) return { ...refused(problems[0], crn), problems: problems.slice(0, 20) };

  const bundle = input as unknown as EvidenceBundle;
  const result = { format: BUNDLE_FORMAT, crn: bundle.crn, events: bundle.events.length, keyFingerprint: bundle.signer.keyFingerprint };

  // The signer block: every field must belong to its public key.
  let bundleKey: KeyObject | undefined;
  try {
    bundleKey = ed25519PublicKeyFromRaw(Buffer.from(bundle.signer.publicKey, 'base64'));
    if (fingerprintOf(bundleKey) !== bundle.signer.keyFingerprint) problems.push({ code: 'KEY_MISMATCH', detail: 'keyFingerprint is not the fingerprint of publicKey' });
    if (noteVerifier(bundle.signer.keyName, ED25519_SIGNATURE, bundleKey).keyId.toString('hex') !== bundle.signer.keyId)
      problems.push({ code: 'KEY_MISMATCH', detail: 'keyId is not the C2SP key ID of keyName and publicKey' });
  } catch (error) {
    problems.push({ code: 'KEY_MISMATCH', detail: `publicKey: ${error instanceof Error ? error.message : String(error)}` });
  }
  // The checkpoint: signed by the key, and the root every proof must reach.
  let treeSize: number | null = null;
  let rootHash: Buffer | undefined;
  try {
    const note = parseNote(bundle.checkpoint);
    const checkpoint = parseCheckpointText(note.text);
    treeSize = checkpoint.size;
    rootHash = checkpoint.rootHash;
    // With a key history, only the keys trusted for this tree size count (a retired key signs nothing newer).
    if (trusted instanceof TrustedKeys) trustedKeys = trusted.keysFor(checkpoint.size);
    const checkKeys = trustedKeys ?? (bundleKey ? [bundleKey] : []);
    if (!checkKeys.some((key) => verifiedSignature(note, noteVerifier(checkpoint.origin, ED25519_SIGNATURE, key))))
      problems.push({ code: 'CHECKPOINT_BAD_SIGNATURE', treeSize: checkpoint.size, source: 'bundle' });
    if (checkpoint.origin !== bundle.signer.keyName) problems.push({ code: 'KEY_MISMATCH', detail: "signer.keyName is not the checkpoint's origin" });
  } catch (error) {
    problems.push({ code: 'MALFORMED_FIELD', path: '$.checkpoint', detail: error instanceof Error ? error.message : String(error) });
  }

  let previousHash: string | null = null;
  let previousLeaf = -1;
  for (const [index, event] of bundle.events.entries()) {
    const where = { streamName: bundle.streamName, streamVersion: event.streamVersion, eventId: event.id };
    if (event.streamVersion !== index) problems.push({ code: 'VERSION_GAP', ...where });
    else if (event.previousHash !== previousHash) problems.push({ code: 'BROKEN_LINK', ...where });
    let recomputed: string | undefined;
    try {
      recomputed = computeEventHash({ ...event, streamName: bundle.streamName });
    } catch {
      recomputed = undefined;
    }
    if (recomputed !== event.hash) problems.push({ code: 'HASH_MISMATCH', ...where });
    if (event.leafIndex <= previousLeaf)
      problems.push({ code: 'MALFORMED_FIELD', path: `$.events[${index}].leafIndex`, detail: 'leaf indexes must increase with revisions' });
    if (
      !rootHash ||
      treeSize === null ||
      !verifyInclusion(event.leafIndex, treeSize, eventLeafHash(event.hash), event.inclusionProof.map((hash) => Buffer.from(hash, 'hex')), rootHash)
    )
      problems.push({ code: 'INCLUSION_PROOF_INVALID', streamVersion: event.streamVersion, leafIndex: event.leafIndex });
    previousHash = event.hash;
    previousLeaf = event.leafIndex;
  }

  // The signature over the manifest: by the trusted key, or else by whom?
  let manifest: string | undefined;
  try {
    manifest = bundleManifest(bundle);
  } catch {
    manifest = undefined;
  }
  const signedBy = (key: KeyObject | undefined) => !!key && !!manifest && signatureValid(manifest, bundle.signature, key);
  let keyTrusted = false;
  if (trustedKeys) {
    const signer = trustedKeys.find(signedBy);
    if (signer) {
      keyTrusted = true;
      if (fingerprintOf(signer) !== bundle.signer.keyFingerprint)
        problems.push({ code: 'KEY_MISMATCH', detail: 'signed by a trusted key, but the signer block names another' });
    } else if (signedBy(bundleKey)) {
      problems.push({ code: 'UNTRUSTED_KEY', bundleKey: bundle.signer.keyFingerprint, trustedKey: trustedKeys.map((key) => fingerprintOf(key)).join(', ') });
    } else {
      problems.push({ code: 'BAD_SIGNATURE' });
    }
  } else if (!signedBy(bundleKey)) {
    problems.push({ code: 'BAD_SIGNATURE' });
  }
  return { ...result, valid: problems.length === 0, keyTrusted, treeSize, problems: problems.slice(0, 20) };
}

/** The verifier's own keys (PEM), which must be Ed25519; undefined when it gave none. */
function trustedKeysOf(pems: string | readonly string[] | undefined): KeyObject[] | undefined {
  if (pems === undefined || (Array.isArray(pems) && pems.length === 0)) return undefined;
  return (typeof pems === 'string' ? [pems] : pems).map((pem) => {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('the trusted key is not an Ed25519 public key');
    return key;
  });
}

/** Standard base64 with padding, written the one way it can be: anything else is refused, not decoded leniently. */
function isCanonicalBase64(value: string, bytes: number): boolean {
  const decoded = Buffer.from(value, 'base64');
  return decoded.length === bytes && decoded.toString('base64') === value;
}

function signatureValid(text: string, signature: string, key: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** Format 1 (ADR 0003): a signed manifest of the events and a legacy checkpoint. Verified as strictly. */
function verifyLegacyBundle(bundle: Record<string, unknown>, trustedKeys: KeyObject[] | undefined): BundleVerification {
  const crn = typeof bundle['crn'] === 'string' ? bundle['crn'] : null;
  const problems = shapeProblems(bundle, LEGACY_BUNDLE_FIELDS, '$');
  const events = Array.isArray(bundle['events']) ? (bundle['events'] as unknown[]) : [];
  if (!Array.isArray(bundle['events'])) problems.push({ code: 'MALFORMED_FIELD', path: '$.events', detail: 'must be an array' });
  events.forEach((event, index) => {
    if (!isObject(event)) problems.push({ code: 'MALFORMED_FIELD', path: `$.events[${index}]`, detail: 'must be an object' });
    else problems.push(...shapeProblems(event, LEGACY_EVENT_FIELDS, `$.events[${index}]`));
  });
  if (typeof bundle['publicKeyPem'] !== 'string' || typeof bundle['signature'] !== 'string')
    problems.push({ code: 'MALFORMED_FIELD', path: '$', detail: 'publicKeyPem and signature must be strings' });
  if (problems.length > 0) return { ...refused(problems[0], crn), problems: problems.slice(0, 20) };
  const typed = bundle as unknown as {
    crn: string;
    streamName: string;
    events: (Omit<RecordedEvent, 'streamName'>)[];
    eventCount: number;
    headHash: string | null;
    checkpoint: LegacyCheckpoint | null;
    publicKeyPem: string;
    keyFingerprint: string;
    signature: string;
    format: string;
    exportedAt: string;
    exportedBy: string;
  };
  let previousHash: string | null = null;
  for (const [index, event] of typed.events.entries()) {
    const where = { streamName: typed.streamName, streamVersion: event.streamVersion, eventId: event.id };
    if (event.streamVersion !== index) problems.push({ code: 'VERSION_GAP', ...where });
    else if (event.previousHash !== previousHash) problems.push({ code: 'BROKEN_LINK', ...where });
    let recomputed: string | undefined;
    try {
      recomputed = computeEventHash({ ...event, streamName: typed.streamName });
    } catch {
      recomputed = undefined;
    }
    if (recomputed !== event.hash) problems.push({ code: 'HASH_MISMATCH', ...where });
    previousHash = event.hash;
  }
  if (typed.eventCount !== typed.events.length) problems.push({ code: 'EVENTS_MISSING_OR_ADDED', signedCount: typed.eventCount, foundCount: typed.events.length });
  if ((typed.events[typed.events.length - 1]?.hash ?? null) !== typed.headHash) problems.push({ code: 'HEAD_MISMATCH' });
  const manifest = canonicalJson({
    format: typed.format,
    crn: typed.crn,
    streamName: typed.streamName,
    exportedAt: typed.exportedAt,
    exportedBy: typed.exportedBy,
    eventCount: typed.eventCount,
    headHash: typed.headHash,
    eventHashes: typed.events.map((event) => event.hash),
    eventPositions: typed.events.map((event) => event.position),
    checkpoint: (typed.checkpoint as unknown as JsonValue) ?? null,
    keyFingerprint: typed.keyFingerprint,
  });
  let bundleKey: KeyObject | undefined;
  try {
    bundleKey = createPublicKey(typed.publicKeyPem);
  } catch {
    problems.push({ code: 'KEY_MISMATCH', detail: 'publicKeyPem is not a public key' });
  }
  let keyTrusted = false;
  const signer = trustedKeys?.find((key) => signatureValid(manifest, typed.signature, key));
  if (trustedKeys) {
    if (signer) keyTrusted = true;
    else if (bundleKey && signatureValid(manifest, typed.signature, bundleKey))
      problems.push({ code: 'UNTRUSTED_KEY', bundleKey: typed.keyFingerprint, trustedKey: trustedKeys.map((key) => fingerprintOf(key)).join(', ') });
    else problems.push({ code: 'BAD_SIGNATURE' });
  } else if (!bundleKey || !signatureValid(manifest, typed.signature, bundleKey)) problems.push({ code: 'BAD_SIGNATURE' });
  const checkpointKeys = trustedKeys ?? (bundleKey ? [bundleKey] : []);
  if (typed.checkpoint && (!isLegacyCheckpoint(typed.checkpoint) || !new TrustedKeys(checkpointKeys).legacyValid(typed.checkpoint)))
    problems.push({ code: 'CHECKPOINT_BAD_SIGNATURE', treeSize: typed.checkpoint?.count ?? 0, source: 'bundle' });
  return {
    valid: problems.length === 0,
    format: LEGACY_BUNDLE_FORMAT,
    crn: typed.crn,
    events: typed.events.length,
    keyFingerprint: typed.keyFingerprint,
    keyTrusted,
    treeSize: null,
    problems: problems.slice(0, 20),
  };
}

/** What the HTTP and web layers call to export a case: the store, the hub's tree and its key together. */
export class EvidenceExporter {
  constructor(
    private readonly log: EventLog,
    private readonly verifiable: VerifiableLog,
    private readonly signer: TreeHeadSigner,
    private readonly key: SigningKey,
  ) {}

  export(crn: string, exportedBy: string, now: Date): Promise<EvidenceBundle> {
    return exportCase(this.log, this.verifiable, this.signer, this.key, crn, exportedBy, now);
  }
}
