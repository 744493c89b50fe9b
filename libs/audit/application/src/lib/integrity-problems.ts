/**
 * One vocabulary of integrity problems for every verifier: `verify --all`, `verify-bundle` and the
 * hub's own continuity check. (The witness raises one alarm, in words, and stops.) docs/evidence-bundle.md lists each code.
 */
export type CheckpointSource = 'store' | 'journal' | 'cosignature' | 'witness' | 'bundle';

export type IntegrityProblem =
  // An event's content no longer gives its stored hash: it was edited.
  | { code: 'HASH_MISMATCH'; streamName: string; streamVersion: number; eventId: string }
  // An event's previousHash does not name the event before it: one was removed, inserted or replaced.
  | { code: 'BROKEN_LINK'; streamName: string; streamVersion: number; eventId: string }
  // Versions are not 0, 1, 2, …: an event is missing or out of place.
  | { code: 'VERSION_GAP'; streamName: string; streamVersion: number; eventId: string }
  // A checkpoint whose signature no trusted key made (or whose fields disagree with its signed note).
  | { code: 'CHECKPOINT_BAD_SIGNATURE'; treeSize: number; source: CheckpointSource }
  // The events now stored do not give the root (or legacy running hash) a checkpoint signed: history changed.
  | { code: 'CHECKPOINT_MISMATCH'; treeSize: number; source: CheckpointSource; signed: string; computed: string }
  // A checkpoint covers more events than are stored: the newest were cut.
  | { code: 'EVENTS_MISSING_AT_END'; treeSize: number; storedEvents: number; source: CheckpointSource }
  // More events than the checkpoint policy allows passed with no signed checkpoint: checkpoints were deleted, or never made.
  | { code: 'CHECKPOINT_MISSING'; fromSize: number; toSize: number; allowed: number }
  // The journal file is gone though the store has signed checkpoints, or (verify --all) more events than the policy allows without one.
  | { code: 'JOURNAL_MISSING'; file: string }
  | { code: 'JOURNAL_LINE_UNREADABLE'; line: number }
  // A line of a witness folder's checkpoints.jsonl (verify --all --witness) that is not a kept checkpoint: torn or garbled.
  | { code: 'WITNESS_LINE_UNREADABLE'; file: string; line: number }
  // A witness (HUB_WITNESS_URLS) holds a checkpoint, signed by the hub, of more events than the store has: the log was rolled back.
  | { code: 'WITNESS_AHEAD'; witness: string; witnessSize: number; treeSize: number }
  // A recorded key hand-over that is not signed by both keys, or does not lead to a trusted key.
  | { code: 'KEY_ROTATION_INVALID'; fromTreeSize: number }
  // A cosignature that does not verify with the key it names.
  | { code: 'COSIGNATURE_INVALID'; treeSize: number; witness: string }
  // Bundles: the file is not a bundle of a known format.
  | { code: 'NOT_A_BUNDLE'; detail: string }
  // Bundles: a key appears twice in one object (readers could disagree on the value).
  | { code: 'DUPLICATE_KEY'; detail: string }
  // Bundles: a field the format does not define (it would be carried unsigned and unhashed).
  | { code: 'UNKNOWN_FIELD'; path: string }
  | { code: 'MALFORMED_FIELD'; path: string; detail: string }
  // Bundles: a string RFC 8785 cannot canonicalise (one holding a lone surrogate).
  | { code: 'NOT_CANONICAL'; path: string }
  // Bundles: an event's inclusion proof does not lead to the checkpoint's root.
  | { code: 'INCLUSION_PROOF_INVALID'; streamVersion: number; leafIndex: number }
  // Bundles (format 1): the signed manifest names another number of events, or another last event.
  | { code: 'EVENTS_MISSING_OR_ADDED'; signedCount: number; foundCount: number }
  | { code: 'HEAD_MISMATCH' }
  // Bundles: the signature over the manifest does not verify with the bundle's signer key.
  | { code: 'BAD_SIGNATURE' }
  // Bundles: validly signed, but by a key other than the one the verifier trusts.
  | { code: 'UNTRUSTED_KEY'; bundleKey: string; trustedKey: string }
  // Bundles: the signer block's fingerprint, key ID or vkey do not belong to its public key.
  | { code: 'KEY_MISMATCH'; detail: string };

export type IntegrityProblemCode = IntegrityProblem['code'];

/** One sentence for a person reading a verifier's report. */
export function describeProblem(problem: IntegrityProblem): string {
  switch (problem.code) {
    case 'HASH_MISMATCH':
      return `${problem.streamName} revision ${problem.streamVersion} (${problem.eventId}) was edited: its content no longer gives its hash`;
    case 'BROKEN_LINK':
      return `${problem.streamName} revision ${problem.streamVersion} does not link to the event before it: an event was removed, inserted or replaced`;
    case 'VERSION_GAP':
      return `${problem.streamName} revision ${problem.streamVersion} is out of sequence: an event is missing or out of place`;
    case 'CHECKPOINT_BAD_SIGNATURE':
      return `the checkpoint at ${problem.treeSize} events (${problem.source}) is not signed by a trusted key`;
    case 'CHECKPOINT_MISMATCH':
      return `the stored events do not give what the checkpoint at ${problem.treeSize} events (${problem.source}) signed: history before it changed`;
    case 'EVENTS_MISSING_AT_END':
      return `a checkpoint (${problem.source}) covers ${problem.treeSize} events but only ${problem.storedEvents} are stored: the newest were cut`;
    case 'CHECKPOINT_MISSING':
      return `events ${problem.fromSize + 1}–${problem.toSize} have no signed checkpoint, though one is due every ${problem.allowed}: checkpoints were deleted or never made`;
    case 'JOURNAL_MISSING':
      return `the checkpoint journal ${problem.file} is missing, though checkpoints were signed or due`;
    case 'JOURNAL_LINE_UNREADABLE':
      return `line ${problem.line} of the checkpoint journal is not a checkpoint`;
    case 'WITNESS_LINE_UNREADABLE':
      return `line ${problem.line} of the witness's ${problem.file} is not a checkpoint it kept: torn or garbled`;
    case 'WITNESS_AHEAD':
      return `the witness at ${problem.witness} holds a checkpoint of ${problem.witnessSize} events the hub signed, but the store has only ${problem.treeSize}: the log was rolled back`;
    case 'KEY_ROTATION_INVALID':
      return `the key rotation at ${problem.fromTreeSize} events is not signed by both keys, or does not lead to a trusted key`;
    case 'COSIGNATURE_INVALID':
      return `the cosignature of ${problem.witness} on the checkpoint at ${problem.treeSize} events does not verify`;
    case 'NOT_A_BUNDLE':
      return `not an evidence bundle (${problem.detail})`;
    case 'DUPLICATE_KEY':
      return `a key appears twice: ${problem.detail}`;
    case 'UNKNOWN_FIELD':
      return `${problem.path} is not a field of the bundle format: it would be carried unsigned`;
    case 'MALFORMED_FIELD':
      return `${problem.path}: ${problem.detail}`;
    case 'NOT_CANONICAL':
      return `${problem.path} has no RFC 8785 canonical form (it holds a lone surrogate)`;
    case 'INCLUSION_PROOF_INVALID':
      return `revision ${problem.streamVersion} (leaf ${problem.leafIndex}) is not in the checkpoint's tree: its inclusion proof fails`;
    case 'EVENTS_MISSING_OR_ADDED':
      return `the bundle was signed with ${problem.signedCount} events but holds ${problem.foundCount}`;
    case 'HEAD_MISMATCH':
      return 'the last event is not the signed head: the tail was cut or extended';
    case 'BAD_SIGNATURE':
      return 'the signature does not match the bundle: it was altered after export, or forged';
    case 'UNTRUSTED_KEY':
      return `validly signed, but by key ${problem.bundleKey}, not by the trusted key ${problem.trustedKey}`;
    case 'KEY_MISMATCH':
      return `the signer's key fields do not agree: ${problem.detail}`;
  }
}
