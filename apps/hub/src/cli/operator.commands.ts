import { readFileSync, renameSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  appendIntegrityRecord,
  CheckpointJournal,
  describeProblem,
  KeyRotation,
  parseVerifierKey,
  readWitnessFolder,
  replayCase,
  SIGNING_KEY_ROTATED,
  SigningKey,
  signRotation,
  TreeHeadSigner,
  TrustedKeys,
  VerifiableLog,
  verifyBundleText,
  verifyWholeStore,
} from '@escalation-hub/audit-application';
import { streamNameFor } from '@escalation-hub/casework-domain';
import { copyEventStore, CopyDifference, EventLog, JsonObject, RecordedEvent, verifyEventStoreCopy } from '@escalation-hub/event-store';
import type { HubConfig } from '@escalation-hub/platform';
import { PROJECTIONS } from '../app/projections';
import { HubStorage, journalFile, openEventStoreAt, openHubStorage, signingKeyFile } from '@escalation-hub/runtime';

/** The storage HUB_STORE names, with the event log over it; close the storage when done. */
async function openStore(config: HubConfig): Promise<{ storage: HubStorage; store: HubStorage['store']; log: EventLog }> {
  const storage = await openHubStorage(config);
  return { storage, store: storage.store, log: new EventLog(storage.store) };
}

/** A one-line progress bar on stderr, redrawn in place. */
function progressBar(share: number, label: string): void {
  const clamped = Math.max(0, Math.min(1, share));
  process.stderr.write(`\r  [${'#'.repeat(Math.round(clamped * 30)).padEnd(30, '.')}] ${label}`);
}

const formatCount = (count: number) => count.toLocaleString('en-GB');

/**
 * `migrate-store --from <url> --to <url>`: copies every event, exactly as stored, into another
 * engine, then verifies the copy hash for hash. Resumable: run it again after an interruption.
 */
export async function migrateStoreCommand(args: string[], config: HubConfig): Promise<number> {
  const { values } = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' } }, strict: true });
  if (!values.from || !values.to) {
    process.stderr.write(
      'Use: npm run hub -- migrate-store --from <url> --to <url>\n  e.g. --from sqlite:./data --to postgres://hub@db:5432/hub?schema=hub\n',
    );
    return 64;
  }
  const source = await openEventStoreAt(values.from, config);
  try {
    const target = await openEventStoreAt(values.to, config);
    try {
      const started = Date.now();
      const result = await copyEventStore(source, target, {
        onProgress: ({ copied, position, head }) => progressBar(head === 0 ? 1 : position / head, `${formatCount(copied)} events copied`),
      });
      const seconds = (Date.now() - started) / 1000;
      process.stderr.write(
        `\nCopied ${formatCount(result.copied - result.resumedAfter)} events in ${seconds.toFixed(1)} s` +
          `${result.resumedAfter > 0 ? ` (resumed after ${formatCount(result.resumedAfter)} copied earlier)` : ''}; verifying…\n`,
      );
      const verification = await verifyEventStoreCopy(source, target, {
        onProgress: (events) => progressBar(result.copied === 0 ? 1 : events / result.copied, `${formatCount(events)} events compared`),
      });
      process.stderr.write('\n');
      process.stdout.write(
        verification.identical
          ? `IDENTICAL: ${formatCount(verification.events)} events in ${formatCount(verification.streams)} streams, same ids, order, times and hashes; every chain verifies\n`
          : `DIFFERENT: ${verification.differences.length} difference(s) between the stores\n`,
      );
      for (const difference of verification.differences) process.stdout.write(`  - ${describeCopyDifference(difference)}\n`);
      return verification.identical ? 0 : 2;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

function describeCopyDifference(difference: CopyDifference): string {
  switch (difference.kind) {
    case 'EVENT_DIFFERS':
      return `event #${difference.index + 1}: ${difference.field} is ${JSON.stringify(difference.target)} in the copy, ${JSON.stringify(difference.source)} in the source`;
    case 'EVENT_MISSING':
      return `event #${difference.index + 1} (${difference.eventId}) is missing from the copy`;
    case 'EXTRA_EVENT':
      return `event #${difference.index + 1} (${difference.eventId}) is in the copy but not in the source`;
    case 'CHAIN_BROKEN':
      return `${difference.streamName} breaks at version ${difference.streamVersion} in the copy (${difference.reason})`;
  }
}

/** `replay <crn> [--as-of <time>]`: the case's timeline in the terminal, then its chain check. */
export async function replayCommand(args: string[], config: HubConfig): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { 'as-of': { type: 'string' } }, allowPositionals: true, strict: true });
  const [crn] = positionals;
  if (!crn) {
    process.stderr.write('replay needs a CRN, e.g. npm run hub -- replay X123456\n');
    return 64;
  }
  const asOf = values['as-of'] ? new Date(values['as-of']) : undefined;
  if (asOf && Number.isNaN(asOf.getTime())) {
    process.stderr.write(`--as-of must be an ISO-8601 time, got ${values['as-of']}\n`);
    return 64;
  }
  const { storage, log } = await openStore(config);
  try {
    const timeline = await replayCase(log, crn, { asOf });
    if (timeline.entries.length === 0) {
      process.stderr.write(`No case ${crn}${asOf ? ` at ${asOf.toISOString()}` : ''}\n`);
      return 1;
    }
    for (const entry of timeline.entries) {
      const who = `${entry.actor.id} (${entry.actor.role}${entry.actor.provider ? ` ${entry.actor.provider}` : ''})`;
      const late = entry.lateness ? (entry.lateness.late ? '  LATE' : '  on time') : '';
      const data = JSON.stringify(entry.data);
      process.stdout.write(
        `${String(entry.revision).padStart(4)}  ${entry.occurredAt}  ${entry.type.padEnd(36)} ${who}${late}\n      ${data.length > 160 ? `${data.slice(0, 157)}...` : data}\n`,
      );
    }
    const verification = await log.verifyStream(streamNameFor(crn));
    process.stdout.write(
      verification.valid
        ? `\nChain intact: ${verification.events} events, head ${verification.headHash}\n`
        : `\nCHAIN BROKEN at revision ${verification.firstInvalid?.streamVersion}: ${verification.firstInvalid?.reason}\n`,
    );
    return verification.valid ? 0 : 2;
  } finally {
    await storage.close();
  }
}

/** `rebuild-projections`: empties every read model and replays all events into it. Run it with the hub stopped. */
export async function rebuildProjectionsCommand(config: HubConfig): Promise<number> {
  const { storage, store, log } = await openStore(config);
  const readModels = storage.readModels;
  try {
    const head = (await store.headPosition()) ?? 0;
    for (const projection of PROJECTIONS) await readModels.reset(projection);
    let done = 0;
    const started = Date.now();
    const progress = () => progressBar(head === 0 ? 1 : done / head, `${formatCount(done)} / ${formatCount(head)} events`);
    let batch: RecordedEvent[] = [];
    let applied: number | undefined;
    const applyBatch = async () => {
      for (const projection of PROJECTIONS) await readModels.applyBatch(projection, batch, applied);
      applied = batch[batch.length - 1].position;
      batch = [];
    };
    for await (const event of log.iterateAll(undefined, 1000)) {
      batch.push(event);
      if (batch.length === 1000) {
        await applyBatch();
        done = event.position;
        progress();
      }
    }
    if (batch.length > 0) await applyBatch();
    done = head;
    progress();
    process.stderr.write(
      `\nRebuilt ${PROJECTIONS.length} read models from ${head.toLocaleString('en-GB')} events in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    return 0;
  } finally {
    await storage.close();
  }
}

/** `verify --all [--public-key <pem file>] [--witness <dir>] [--journal <file>]`: every chain, the Merkle tree and every signed checkpoint. */
export async function verifyAllCommand(args: string[], config: HubConfig): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      all: { type: 'boolean' },
      'public-key': { type: 'string', multiple: true },
      witness: { type: 'string', multiple: true },
      'witness-key': { type: 'string', multiple: true },
      journal: { type: 'string' },
    },
    strict: true,
  });
  if (!values.all) {
    process.stderr.write(
      'Use: npm run hub -- verify --all [--public-key <file>]… [--witness <dir>]… [--witness-key <vkey>]… [--journal <file>] (one case: npm run hub -- replay <crn>)\n',
    );
    return 64;
  }
  const ownKey = values['public-key'] ? undefined : SigningKey.loadExisting(signingKeyFile(config));
  if (!values['public-key'] && !ownKey) {
    process.stderr.write(`No signing key at ${signingKeyFile(config)}: pass --public-key with the hub's published key\n`);
    return 64;
  }
  const keys = values['public-key']
    ? TrustedKeys.fromPems(values['public-key'].map((file) => readFileSync(file, 'utf8')))
    : new TrustedKeys([(ownKey as SigningKey).publicKey]);
  // Read without trusting: each kept note's signature is checked against the keys above, and a torn line is reported, not parsed.
  const witnessed = (values.witness ?? []).map((folder) => readWitnessFolder(folder));
  if (values.witness && witnessed.every((folder) => folder.entries.length === 0 && folder.unreadableLines.length === 0)) {
    process.stderr.write(`No accepted checkpoints in ${values.witness.join(', ')}: is it a witness folder?\n`);
    return 64;
  }
  const { storage, store, log } = await openStore(config);
  try {
    const head = (await store.headPosition()) ?? 0;
    const started = Date.now();
    const journalPath = values.journal ?? journalFile(config);
    const result = await verifyWholeStore(log, keys, {
      checkpointEvery: config.checkpointEveryEvents,
      journal: { ...new CheckpointJournal(journalPath).read(), file: journalPath },
      witnessed,
      // Cosignatures recorded in the store count only for witnesses named here (or, by default, those the hub is told about).
      witnessKeys: (values['witness-key'] ?? (config.witnessKeys ? config.witnessKeys.split(',') : [])).map(parseVerifierKey),
      onProgress: (events) => progressBar(head === 0 ? 1 : events / head, `${formatCount(events)} events`),
    });
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write('\n');
    process.stdout.write(
      `${result.valid ? 'VALID' : 'INVALID'}: ${formatCount(result.events)} events in ${formatCount(result.streams)} streams, ` +
        `${result.checkpoints} signed checkpoint${result.checkpoints === 1 ? '' : 's'}` +
        `${values.witness ? ` and ${result.witnessed} kept by witnesses` : ''}, Merkle root ${result.rootHash} ` +
        `(${seconds.toFixed(1)} s, ${Math.round(result.events / Math.max(seconds, 0.001)).toLocaleString('en-GB')} events/s)\n`,
    );
    for (const problem of result.problems) process.stdout.write(`  - ${problem.code}: ${describeProblem(problem)}\n`);
    if (result.problemCount > result.problems.length) process.stdout.write(`  … and ${result.problemCount - result.problems.length} more\n`);
    return result.valid ? 0 : 2;
  } finally {
    await storage.close();
  }
}

/** `verify-bundle <file> [--public-key <file>]`: checks an exported evidence bundle with no store at all. */
export function verifyBundleCommand(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    options: { 'public-key': { type: 'string', multiple: true }, keys: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [file] = positionals;
  if (!file) {
    process.stderr.write('verify-bundle needs the bundle file, e.g. npm run hub -- verify-bundle case-X123456-evidence.json\n');
    return 64;
  }
  let text: string;
  try {
    // Invalid UTF-8 is refused, not replaced: two readers must see the same text.
    text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
  } catch (error) {
    process.stderr.write(`Cannot read ${file} as UTF-8: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  let trusted: string[] | undefined;
  try {
    // Several keys: the hub's current one and those it rotated away from (GET /v1/audit/public-keys).
    trusted = values['public-key']?.map((keyFile) => readFileSync(keyFile, 'utf8'));
  } catch (error) {
    process.stderr.write(`Cannot read the public key ${values['public-key']}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 64;
  }
  let keyHistory: TrustedKeys | undefined;
  if (values.keys) {
    // The hub's key history (GET /v1/audit/public-keys), anchored on the key given with --public-key: each key counts only for the tree sizes it signed.
    if (!trusted || trusted.length !== 1) {
      process.stderr.write('--keys needs exactly one --public-key: the current key, obtained independently, that the history must lead to\n');
      return 64;
    }
    keyHistory = TrustedKeys.fromPems(trusted);
    try {
      const history = JSON.parse(readFileSync(values.keys, 'utf8')) as { rotations?: KeyRotation[] };
      const refused = keyHistory.learnRotations(history.rotations ?? []);
      if (refused.length > 0) process.stdout.write(`  (${refused.length} hand-over(s) in ${values.keys} are not signed by both keys, or do not lead to the given key: ignored)\n`);
    } catch (error) {
      process.stderr.write(`Cannot read the key history ${values.keys}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 64;
    }
  }
  const result = verifyBundleText(text, keyHistory ?? trusted);
  process.stdout.write(
    `${result.valid ? 'VALID' : 'INVALID'}: case ${result.crn ?? '?'}, ${result.events} events` +
      `${result.treeSize !== null ? `, ${result.valid ? 'each proven in' : 'checked against'} the signed log of ${formatCount(result.treeSize)} events` : ''}, signer key ${result.keyFingerprint ?? '?'}\n`,
  );
  for (const problem of result.problems) process.stdout.write(`  - ${problem.code}: ${describeProblem(problem)}\n`);
  if (result.valid && !result.keyTrusted) {
    process.stdout.write("  (checked against the key inside the bundle: pass --public-key with the hub's published key to trust it)\n");
  }
  return result.valid ? 0 : 2;
}

/**
 * `rotate-key [--new-key <file>]`, with the hub stopped: the current key signs a last checkpoint,
 * both keys sign the hand-over (recorded in the checkpoint stream), and the new key signs from then
 * on. Old public keys stay trusted for the tree sizes they signed.
 */
export async function rotateKeyCommand(args: string[], config: HubConfig): Promise<number> {
  const { values } = parseArgs({ args, options: { 'new-key': { type: 'string' } }, strict: true });
  const currentFile = signingKeyFile(config);
  const current = SigningKey.loadExisting(currentFile);
  if (!current) {
    process.stderr.write(`No signing key at ${currentFile}: nothing to rotate\n`);
    return 64;
  }
  if (config.signingKeyFile && !values['new-key']) {
    process.stderr.write('HUB_SIGNING_KEY_FILE is set: pass --new-key <file> for the new key, then point HUB_SIGNING_KEY_FILE at it\n');
    return 64;
  }
  const { storage, log } = await openStore(config);
  try {
    const journal = new CheckpointJournal(journalFile(config));
    const verifiable = new VerifiableLog(log, new TrustedKeys([current.publicKey]), { checkpointEvery: config.checkpointEveryEvents, journal });
    await verifiable.start();
    await verifiable.stop();
    if (verifiable.state !== 'intact') {
      process.stderr.write(`The store does not verify: no key is rotated over it. Run verify --all.\n`);
      return 2;
    }
    const signer = new TreeHeadSigner(log, verifiable, current, config.logOrigin, config.checkpointEveryEvents, () => new Date(), journal);
    const last = verifiable.latestHead;
    const fromTreeSize = !last || verifiable.grewPast(last.treeSize) ? (await signer.sign()).treeSize : last.treeSize;
    const nextFile = values['new-key'] ?? `${currentFile}.next`;
    const next = SigningKey.loadOrCreate(nextFile);
    if (next.fingerprint === current.fingerprint) {
      process.stderr.write('The new key is the current key\n');
      return 64;
    }
    await appendIntegrityRecord(log, SIGNING_KEY_ROTATED, signRotation(current, next, config.logOrigin, fromTreeSize, new Date()) as unknown as JsonObject);
    if (!values['new-key']) {
      // The new key takes the old one's place. The old private key is destroyed: a retired key must sign nothing
      // more (its public key stays in the hand-over record and at GET /v1/audit/public-keys).
      renameSync(nextFile, currentFile);
      process.stdout.write(`Destroyed the old private key; the new key is ${currentFile}\n`);
    } else {
      process.stdout.write(`Now set HUB_SIGNING_KEY_FILE=${nextFile}, start the hub, and destroy the old key file ${currentFile}\n`);
    }
    process.stdout.write(
      `Rotated: key ${current.fingerprint} signed up to ${fromTreeSize} events; key ${next.fingerprint} signs from there on.\n` +
        `Publish the new verifier key: ${next.verifierFor(config.logOrigin).vkey}\n`,
    );
    return 0;
  } finally {
    await storage.close();
  }
}
