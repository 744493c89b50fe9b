import {
  canonicalJson,
  ChainVerifier,
  computeEventHash,
  EventLog,
  JsonObject,
  JsonValue,
  RecordedEvent,
} from '@escalation-hub/event-store';
import { streamNameFor } from '@escalation-hub/casework-domain';
import { createPublicKey, verify } from 'node:crypto';
import { CHECKPOINT_STREAM, checkpointSignatureValid, fingerprintOf, SignedCheckpoint, SigningKey } from './store-integrity';

export const BUNDLE_FORMAT = 'escalation-hub-evidence-bundle/1';

/** A stored event as bundled: everything but its stream's name, which the bundle states once. */
export type BundledEvent = Omit<RecordedEvent, 'streamName'>;

/** Everything needed to check a case's record offline, with nothing but this file and the hub's public key. */
export interface EvidenceBundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly crn: string;
  readonly streamName: string;
  readonly exportedAt: string;
  readonly exportedBy: string;
  readonly events: BundledEvent[];
  readonly eventCount: number;
  readonly headHash: string | null;
  /** The newest signed checkpoint of the whole log at export time (verify it against a store with `verify --all`). */
  readonly checkpoint: SignedCheckpoint | null;
  readonly publicKeyPem: string;
  readonly keyFingerprint: string;
  /** Ed25519 over the canonical JSON of the manifest: every field above but `events`, plus the ordered list of event hashes. */
  readonly signature: string;
}

/** The text the bundle's signature covers. */
export function bundleManifest(bundle: Omit<EvidenceBundle, 'signature'>): string {
  const manifest: JsonObject = {
    format: bundle.format,
    crn: bundle.crn,
    streamName: bundle.streamName,
    exportedAt: bundle.exportedAt,
    exportedBy: bundle.exportedBy,
    eventCount: bundle.eventCount,
    headHash: bundle.headHash,
    eventHashes: bundle.events.map((event) => event.hash),
    eventPositions: bundle.events.map((event) => event.position),
    checkpoint: (bundle.checkpoint as unknown as JsonValue) ?? null,
    keyFingerprint: bundle.keyFingerprint,
  };
  return canonicalJson(manifest);
}

/** The hub will not put its signature on a case whose stored chain does not verify. */
export class BrokenChainError extends Error {
  readonly code = 'CHAIN_BROKEN';
  constructor(crn: string, streamVersion: number, reason: string) {
    super(`Case ${crn}: its stored chain is broken at revision ${streamVersion} (${reason}); the hub will not sign an export of it`);
  }
}

/**
 * Builds and signs the bundle of one case, read from the store as it is now. A bundle attests what
 * the store held at export; `verify --all` is what ties the store to the signed checkpoints.
 */
export async function exportCase(log: EventLog, key: SigningKey, crn: string, exportedBy: string, now: Date): Promise<EvidenceBundle> {
  const events: BundledEvent[] = [];
  const chain = new ChainVerifier();
  for await (const event of log.iterateStream(streamNameFor(crn))) {
    chain.check(event);
    const { streamName: _streamName, ...bundled } = event;
    events.push(bundled);
  }
  const verified = chain.result();
  if (verified.firstInvalid) throw new BrokenChainError(crn, verified.firstInvalid.streamVersion, verified.firstInvalid.reason);
  const [latest] = await log.readStream(CHECKPOINT_STREAM, { direction: 'backwards', maxCount: 1 });
  const unsigned = {
    format: BUNDLE_FORMAT,
    crn,
    streamName: streamNameFor(crn),
    exportedAt: now.toISOString(),
    exportedBy,
    events,
    eventCount: events.length,
    headHash: events.length > 0 ? events[events.length - 1].hash : null,
    checkpoint: latest ? (latest.data as unknown as SignedCheckpoint) : null,
    publicKeyPem: key.publicKeyPem,
    keyFingerprint: key.fingerprint,
  } as const;
  return { ...unsigned, signature: key.signText(bundleManifest(unsigned)) };
}

export type BundleProblem =
  | { kind: 'NOT_A_BUNDLE'; detail: string }
  | { kind: 'EVENT_EDITED'; streamVersion: number; eventId: string }
  | { kind: 'SEQUENCE_BROKEN'; index: number; expectedVersion: number; foundVersion: number }
  | { kind: 'LINK_BROKEN'; streamVersion: number }
  | { kind: 'EVENTS_MISSING_OR_ADDED'; signedCount: number; foundCount: number }
  | { kind: 'HEAD_MISMATCH' }
  | { kind: 'BAD_SIGNATURE' }
  | { kind: 'UNTRUSTED_KEY'; bundleKey: string; expectedKey: string }
  | { kind: 'BAD_CHECKPOINT_SIGNATURE' };

export interface BundleVerification {
  readonly valid: boolean;
  readonly crn: string | null;
  readonly events: number;
  readonly keyFingerprint: string | null;
  /** Whether the key was checked against one given by the verifier, not only the one inside the bundle. */
  readonly keyTrusted: boolean;
  readonly problems: BundleProblem[];
}

/**
 * Checks a bundle with nothing but the bundle (and, ideally, the hub's public key obtained
 * separately): each event's hash against its content, the version sequence, the chain links, the
 * signed manifest (count, order and hashes of the events, head) and the checkpoint's signature.
 */
export function verifyBundle(input: unknown, trustedPublicKeyPem?: string): BundleVerification {
  const problems: BundleProblem[] = [];
  const bundle = input as EvidenceBundle;
  if (!bundle || typeof bundle !== 'object' || bundle.format !== BUNDLE_FORMAT || !Array.isArray(bundle.events)) {
    return {
      valid: false,
      crn: null,
      events: 0,
      keyFingerprint: null,
      keyTrusted: false,
      problems: [{ kind: 'NOT_A_BUNDLE', detail: `expected format ${BUNDLE_FORMAT}` }],
    };
  }
  let previousHash: string | null = null;
  for (const [index, event] of bundle.events.entries()) {
    if (!event || typeof event !== 'object') {
      problems.push({ kind: 'NOT_A_BUNDLE', detail: `event #${index} is not an object` });
      continue;
    }
    if (event.streamVersion !== index)
      problems.push({ kind: 'SEQUENCE_BROKEN', index, expectedVersion: index, foundVersion: event.streamVersion });
    if (event.previousHash !== previousHash) problems.push({ kind: 'LINK_BROKEN', streamVersion: event.streamVersion });
    let recomputed: string | undefined;
    try {
      recomputed = computeEventHash({ ...event, streamName: bundle.streamName });
    } catch {
      recomputed = undefined; // content that JSON cannot carry was not produced by the hub
    }
    if (recomputed !== event.hash) problems.push({ kind: 'EVENT_EDITED', streamVersion: event.streamVersion, eventId: event.id });
    previousHash = event.hash;
  }
  if (bundle.eventCount !== bundle.events.length)
    problems.push({ kind: 'EVENTS_MISSING_OR_ADDED', signedCount: bundle.eventCount, foundCount: bundle.events.length });
  if ((bundle.events[bundle.events.length - 1]?.hash ?? null) !== bundle.headHash) problems.push({ kind: 'HEAD_MISMATCH' });
  if (problems.some((problem) => problem.kind === 'NOT_A_BUNDLE')) {
    return { valid: false, crn: bundle.crn ?? null, events: bundle.events.length, keyFingerprint: null, keyTrusted: false, problems };
  }

  let keyTrusted = false;
  const bundleKey = safeFingerprint(bundle.publicKeyPem);
  if (trustedPublicKeyPem) {
    const expected = safeFingerprint(trustedPublicKeyPem);
    if (bundleKey !== expected)
      problems.push({ kind: 'UNTRUSTED_KEY', bundleKey: bundleKey ?? 'unreadable', expectedKey: expected ?? 'unreadable' });
    else keyTrusted = true;
  }
  const key = trustedPublicKeyPem ?? bundle.publicKeyPem;
  if (!signatureValid(bundleManifest(bundle), bundle.signature, key)) problems.push({ kind: 'BAD_SIGNATURE' });
  if (bundle.checkpoint && !checkpointSignatureValid(bundle.checkpoint, key)) problems.push({ kind: 'BAD_CHECKPOINT_SIGNATURE' });
  return { valid: problems.length === 0, crn: bundle.crn, events: bundle.events.length, keyFingerprint: bundleKey, keyTrusted, problems };
}

function safeFingerprint(pem: string | undefined): string | null {
  try {
    return pem ? fingerprintOf(pem) : null;
  } catch {
    return null;
  }
}

function signatureValid(text: string, signature: string, publicKeyPem: string): boolean {
  try {
    return verify(null, Buffer.from(text), createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
