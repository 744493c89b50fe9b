import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventLog, InMemoryEventStore } from '@escalation-hub/event-store';
import { someNewEvents } from '@escalation-hub/event-store/testing';
import { bundleManifest, EvidenceBundle, exportCase, verifyBundle } from './evidence-bundle';
import { IntegrityCheckpointer, SigningKey } from './store-integrity';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

describe('evidence bundles', () => {
  let dir: string;
  let key: SigningKey;
  let bundle: EvidenceBundle;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-bundle-'));
    key = SigningKey.loadOrCreate(join(dir, 'key.pem'));
    const log = new EventLog(new InMemoryEventStore());
    await log.append('case-B000001', someNewEvents(6), 'no_stream');
    await log.append('case-B000002', someNewEvents(2), 'no_stream');
    const checkpointer = new IntegrityCheckpointer(log, key, () => new Date(), 1);
    await checkpointer.apply(await log.readAll());
    bundle = await exportCase(log, key, 'B000001', 'auditor.frank', new Date('2026-11-26T12:00:00Z'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A deep copy to tamper with, as someone holding the file could. */
  const copy = () => JSON.parse(JSON.stringify(bundle)) as Mutable<EvidenceBundle>;
  const kinds = (tampered: unknown, trusted = key.publicKeyPem) => verifyBundle(tampered, trusted).problems.map((problem) => problem.kind);

  it('verifies offline an untouched bundle, with the key checked against the published one', () => {
    expect(bundle).toMatchObject({
      crn: 'B000001',
      eventCount: 6,
      exportedBy: 'auditor.frank',
      checkpoint: expect.objectContaining({ count: 8 }),
    });
    expect(verifyBundle(JSON.parse(JSON.stringify(bundle)), key.publicKeyPem)).toEqual({
      valid: true,
      crn: 'B000001',
      events: 6,
      keyFingerprint: key.fingerprint,
      keyTrusted: true,
      problems: [],
    });
  });

  it('names an edited field', () => {
    const tampered = copy();
    tampered.events[2].data = { ...tampered.events[2].data, n: 999 };
    expect(verifyBundle(tampered, key.publicKeyPem).problems).toEqual([
      { kind: 'EVENT_EDITED', streamVersion: 2, eventId: tampered.events[2].id },
    ]);
  });

  it('names an edited actor', () => {
    const tampered = copy();
    tampered.events[0].metadata = { by: 'someone else' };
    expect(kinds(tampered)).toEqual(['EVENT_EDITED']);
  });

  it('names a reordered pair', () => {
    const tampered = copy();
    [tampered.events[1], tampered.events[2]] = [tampered.events[2], tampered.events[1]];
    expect(kinds(tampered)).toEqual(expect.arrayContaining(['SEQUENCE_BROKEN', 'LINK_BROKEN', 'BAD_SIGNATURE']));
  });

  it('names an inserted event', () => {
    const tampered = copy();
    tampered.events.splice(3, 0, { ...tampered.events[3], id: '00000000-0000-4000-8000-000000000000' });
    expect(kinds(tampered)).toEqual(expect.arrayContaining(['SEQUENCE_BROKEN', 'EVENTS_MISSING_OR_ADDED', 'BAD_SIGNATURE']));
  });

  it('names a missing event', () => {
    const tampered = copy();
    tampered.events.splice(3, 1);
    expect(kinds(tampered)).toEqual(expect.arrayContaining(['SEQUENCE_BROKEN', 'LINK_BROKEN', 'EVENTS_MISSING_OR_ADDED']));
  });

  it('names a truncated tail, even with the count and head rewritten to match', () => {
    const tampered = copy();
    tampered.events = tampered.events.slice(0, 4);
    expect(kinds(tampered)).toEqual(expect.arrayContaining(['EVENTS_MISSING_OR_ADDED', 'HEAD_MISMATCH']));
    const covered = { ...tampered, eventCount: 4, headHash: tampered.events[3].hash };
    expect(kinds(covered)).toEqual(['BAD_SIGNATURE']);
  });

  it('names a forged signature, and a bundle re-signed with another key', () => {
    const forged = copy();
    forged.signature = Buffer.alloc(64, 7).toString('base64');
    expect(kinds(forged)).toEqual(['BAD_SIGNATURE']);
    const forger = SigningKey.loadOrCreate(join(dir, 'forger.pem'));
    const resigned = { ...copy(), publicKeyPem: forger.publicKeyPem, keyFingerprint: forger.fingerprint };
    const { signature: _signature, ...unsigned } = resigned;
    // Even a consistent re-signing with another key is refused once the hub's published key is given.
    expect(kinds({ ...unsigned, signature: bundleSignature(forger, unsigned) })).toContain('UNTRUSTED_KEY');
  });

  it('refuses what is not a bundle, without crashing on malformed events', () => {
    expect(kinds({ hello: 'world' })).toEqual(['NOT_A_BUNDLE']);
    const broken = copy();
    (broken.events as unknown[]).push(null);
    expect(kinds(broken)).toContain('NOT_A_BUNDLE');
  });

  it('names a changed position: positions are signed too', () => {
    const moved = copy();
    moved.events[1].position = 99;
    expect(kinds(moved)).toEqual(['BAD_SIGNATURE']);
  });

  it('refuses to sign a case whose stored chain is broken', async () => {
    const store = new InMemoryEventStore();
    const log = new EventLog(store);
    await log.append('case-C000001', someNewEvents(3), 'no_stream');
    store.tamper('case-C000001', 1, (event) => ({ ...event, data: { forged: true } }));
    await expect(exportCase(log, key, 'C000001', 'auditor.frank', new Date())).rejects.toThrow('broken at revision 1');
  });
});

/** Signs a manifest the way exportCase does, to show that a forger's own signature is not enough. */
function bundleSignature(key: SigningKey, bundle: Omit<Mutable<EvidenceBundle>, 'signature'>): string {
  return key.signText(bundleManifest(bundle as Omit<EvidenceBundle, 'signature'>));
}
