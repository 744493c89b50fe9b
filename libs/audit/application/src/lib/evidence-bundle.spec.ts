import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { computeEventHash, EventLog, InMemoryEventStore, RecordedEvent } from '@escalation-hub/event-store';
import { someNewEvents } from '@escalation-hub/event-store/testing';
import { bundleManifest, EvidenceBundle, exportCase, verifyBundle, verifyBundleText } from './evidence-bundle';
import { SigningKey, TrustedKeys } from './store-integrity';
import { rawEd25519PublicKey } from './transparency/signed-note';
import { IntegrityCompromisedError, TreeHeadSigner, VerifiableLog } from './verifiable-log';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

const ORIGIN = 'hub.test/log';

async function hubOver(store: InMemoryEventStore, key: SigningKey) {
  const log = new EventLog(store);
  const verifiable = new VerifiableLog(log, new TrustedKeys([key.publicKey]), { checkpointEvery: 1000 });
  await verifiable.start();
  const signer = new TreeHeadSigner(log, verifiable, key, ORIGIN, 1000, () => new Date('2026-12-01T09:00:00Z'));
  return { log, verifiable, signer, close: () => verifiable.stop() };
}

describe('evidence bundles (format 2)', () => {
  let dir: string;
  let key: SigningKey;
  let bundle: EvidenceBundle;
  let store: InMemoryEventStore;
  let hub: Awaited<ReturnType<typeof hubOver>>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-bundle-'));
    key = SigningKey.loadOrCreate(join(dir, 'key.pem'));
    store = new InMemoryEventStore();
    hub = await hubOver(store, key);
    await hub.log.append('case-B000001', someNewEvents(3), 'no_stream');
    await hub.log.append('case-B000002', someNewEvents(2), 'no_stream');
    await hub.log.append('case-B000001', someNewEvents(3), 'stream_exists');
    bundle = await exportCase(hub.log, hub.verifiable, hub.signer, key, 'B000001', 'auditor.frank', new Date('2026-11-26T12:00:00Z'));
  });

  afterEach(async () => {
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A deep copy to tamper with, as someone holding the file could. */
  const copy = () => JSON.parse(JSON.stringify(bundle)) as Mutable<EvidenceBundle>;
  const codes = (tampered: unknown, trusted = key.publicKeyPem) => verifyBundle(tampered, trusted).problems.map((problem) => problem.code);

  it('verifies offline an untouched bundle: every event proven in the signed log', () => {
    expect(bundle).toMatchObject({ crn: 'B000001', exportedBy: 'auditor.frank', signer: { keyName: ORIGIN, keyFingerprint: key.fingerprint } });
    expect(bundle.events.map((event) => event.leafIndex)).toEqual([0, 1, 2, 5, 6, 7]);
    expect(bundle.checkpoint).toMatch(/^hub\.test\/log\n8\n/);
    expect(verifyBundleText(JSON.stringify(bundle), key.publicKeyPem)).toEqual({
      valid: true,
      format: 'escalation-hub-evidence-bundle/2',
      crn: 'B000001',
      events: 6,
      keyFingerprint: key.fingerprint,
      keyTrusted: true,
      treeSize: 8,
      problems: [],
    });
    // Without a trusted key it still checks, against the key inside, and says so.
    expect(verifyBundle(copy())).toMatchObject({ valid: true, keyTrusted: false });
  });

  it('names an edited field, and an event rehashed to hide the edit is not in the signed log', () => {
    const tampered = copy();
    tampered.events[2].data = { ...tampered.events[2].data, n: 999 };
    expect(codes(tampered)).toEqual(['HASH_MISMATCH']);
    const event = tampered.events[2];
    event.hash = computeEventHash({ ...(event as unknown as RecordedEvent), streamName: 'case-B000001' });
    expect(codes(tampered)).toEqual(expect.arrayContaining(['BROKEN_LINK', 'INCLUSION_PROOF_INVALID', 'BAD_SIGNATURE']));
  });

  it('names a missing event, a truncated tail and a reordered pair', () => {
    const missing = copy();
    missing.events.splice(3, 1);
    expect(codes(missing)).toEqual(expect.arrayContaining(['VERSION_GAP', 'BAD_SIGNATURE']));
    const truncated = copy();
    truncated.events = truncated.events.slice(0, 4);
    expect(codes(truncated)).toEqual(['BAD_SIGNATURE']);
    const swapped = copy();
    [swapped.events[1], swapped.events[2]] = [swapped.events[2], swapped.events[1]];
    expect(codes(swapped)).toEqual(expect.arrayContaining(['VERSION_GAP', 'BAD_SIGNATURE']));
  });

  it('refuses a field the format does not define, even one that changes nothing hashed', () => {
    const extra = copy() as unknown as { events: Record<string, unknown>[] };
    extra.events[1]['note'] = 'added later, never hashed';
    expect(codes(extra)).toEqual(['UNKNOWN_FIELD']);
    const top = { ...copy(), comment: 'unsigned' };
    expect(codes(top)).toEqual(['UNKNOWN_FIELD']);
  });

  it('refuses a key given twice, whichever value comes last', () => {
    const text = JSON.stringify(bundle);
    const genuine = `"exportedBy":"auditor.frank"`;
    const doubled = text.replace(genuine, `"exportedBy":"someone else",${genuine}`);
    expect(verifyBundleText(doubled, key.publicKeyPem).problems).toEqual([expect.objectContaining({ code: 'DUPLICATE_KEY' })]);
  });

  it('refuses a lone surrogate, which RFC 8785 cannot canonicalise', () => {
    const text = JSON.stringify(bundle).replace('"auditor.frank"', '"auditor.frank\\ud800"');
    expect(verifyBundleText(text, key.publicKeyPem).problems).toEqual([expect.objectContaining({ code: 'NOT_CANONICAL' })]);
  });

  it('names a tampered inclusion proof', () => {
    const tampered = copy();
    tampered.events[4].inclusionProof[0] = 'f'.repeat(64);
    expect(codes(tampered)).toEqual([{ code: 'INCLUSION_PROOF_INVALID', streamVersion: 4, leafIndex: 6 }].map((problem) => problem.code));
  });

  it('judges the signing key by the signature, not by the signer block', () => {
    const forger = SigningKey.loadOrCreate(join(dir, 'forger.pem'));
    const forgerBlock = {
      keyName: ORIGIN,
      keyId: forger.verifierFor(ORIGIN).keyId.toString('hex'),
      publicKey: rawEd25519PublicKey(forger.publicKey).toString('base64'),
      keyFingerprint: forger.fingerprint,
    };
    // The genuine signature under a signer block naming another key: altered after export.
    expect(codes({ ...copy(), signer: forgerBlock })).toEqual(['BAD_SIGNATURE']);
    // A signer block whose fields do not belong together.
    expect(codes({ ...copy(), signer: { ...bundle.signer, keyFingerprint: forger.fingerprint } })).toEqual(
      expect.arrayContaining(['KEY_MISMATCH']),
    );
    // Re-signed whole by another key (checkpoint and manifest): valid on its own terms, but not the hub's.
    const unsigned = { ...copy(), signer: forgerBlock, checkpoint: forger.signCheckpoint({ origin: ORIGIN, size: 8, rootHash: hub.verifiable.root(8) }) };
    const { signature: _signature, ...rest } = unsigned;
    const resigned = { ...rest, signature: forger.signText(bundleManifest(rest as unknown as EvidenceBundle)) };
    expect(verifyBundle(resigned)).toMatchObject({ valid: true, keyTrusted: false });
    expect(codes(resigned)).toEqual(['CHECKPOINT_BAD_SIGNATURE', 'UNTRUSTED_KEY']);
  });

  it('refuses what is not a bundle, without crashing on malformed events', () => {
    expect(codes({ hello: 'world' })).toEqual(['NOT_A_BUNDLE']);
    expect(verifyBundleText('{"format":', key.publicKeyPem).problems[0].code).toBe('NOT_A_BUNDLE');
    const broken = copy();
    (broken.events as unknown[]).push(null);
    expect(codes(broken)).toEqual(['MALFORMED_FIELD']);
  });

  it('refuses to sign a case whose stored chain is broken', async () => {
    await hub.log.append('case-C000001', someNewEvents(3), 'no_stream');
    store.tamper('case-C000001', 1, (event) => ({ ...event, data: { forged: true } }));
    await expect(exportCase(hub.log, hub.verifiable, hub.signer, key, 'C000001', 'auditor.frank', new Date())).rejects.toThrow(
      'broken at revision 1',
    );
  });

  it('refuses to export an event edited and rehashed behind the running hub, and signs nothing more', async () => {
    store.tamper('case-B000002', 1, (event) => {
      const data = { forged: true };
      return { ...event, data, hash: computeEventHash({ ...event, data }) };
    });
    await expect(exportCase(hub.log, hub.verifiable, hub.signer, key, 'B000002', 'auditor.frank', new Date())).rejects.toBeInstanceOf(
      IntegrityCompromisedError,
    );
    expect(hub.verifiable.state).toBe('compromised');
    await expect(hub.signer.sign()).rejects.toBeInstanceOf(IntegrityCompromisedError);
  });
});

describe('evidence bundles (format 1, before the Merkle tree)', () => {
  const fixtures = resolve(__dirname, '../../../../../apps/hub/src/testing/fixtures');
  const text = readFileSync(join(fixtures, 'bundle-v1-92171e5.json'), 'utf8');
  const publicKeyPem = SigningKey.loadExisting(join(fixtures, 'store-92171e5/integrity-key.pem'))?.publicKeyPem as string;

  it('a bundle exported by release 92171e5 still verifies, with its key', () => {
    expect(verifyBundleText(text, publicKeyPem)).toMatchObject({ valid: true, format: 'escalation-hub-evidence-bundle/1', crn: 'K100002', keyTrusted: true });
  });

  it('is read as strictly: an unhashed field inside an event, or a duplicate key, is refused', () => {
    const extra = JSON.parse(text);
    extra.events[0].note = 'unhashed';
    expect(verifyBundle(extra, publicKeyPem).problems.map((problem) => problem.code)).toEqual(['UNKNOWN_FIELD']);
    const doubled = text.replace('"exportedBy":', '"exportedBy":"someone else","exportedBy":');
    expect(verifyBundleText(doubled, publicKeyPem).problems[0].code).toBe('DUPLICATE_KEY');
  });
});
