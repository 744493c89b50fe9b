import Ajv2020 from 'ajv/dist/2020';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { canonicalJson, computeEventHash, EventLog, HashedEventContent, InMemoryEventStore, JsonObject } from '@escalation-hub/event-store';
import { someNewEvents } from '@escalation-hub/event-store/testing';
import { bundleManifest, EvidenceBundle, exportCase, verifyBundleText } from '../evidence-bundle';
import { SigningKey, TrustedKeys } from '../store-integrity';
import { TreeHeadSigner, VerifiableLog } from '../verifiable-log';
import { EMPTY_TREE_ROOT, eventLeafHash, MerkleTree, verifyConsistency, verifyInclusion } from './merkle';
import {
  cosignatureLine,
  cosignedMessage,
  ED25519_COSIGNATURE,
  ED25519_SIGNATURE,
  ed25519Sign,
  noteVerifier,
  parseCheckpointText,
  parseNote,
  parseVerifierKey,
  rawEd25519PublicKey,
  verifiedCosignature,
  verifiedSignature,
} from './signed-note';

/**
 * docs/merkle-test-vectors.json and docs/evidence-bundle.schema.json are published for people
 * writing their own verifiers: every value in them must be what the hub's code computes, and the
 * schema must accept what the hub exports (tools/fixtures/write-merkle-vectors.ts writes the vectors).
 */
const DOCS = resolve(__dirname, '../../../../../../docs');
const vectors = JSON.parse(readFileSync(join(DOCS, 'merkle-test-vectors.json'), 'utf8'));
const schema = JSON.parse(readFileSync(join(DOCS, 'evidence-bundle.schema.json'), 'utf8'));
const spec = readFileSync(join(DOCS, 'evidence-bundle.md'), 'utf8');

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const privateKeyFromSeed = (seedHex: string) =>
  createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(seedHex, 'hex')]), format: 'der', type: 'pkcs8' });
const hex = (hashes: Buffer[]) => hashes.map((hash) => hash.toString('hex'));
const fromHex = (hashes: string[]) => hashes.map((hash) => Buffer.from(hash, 'hex'));

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

describe('docs/merkle-test-vectors.json', () => {
  let dir: string;
  /** The log's test key, from the seed the vectors give. */
  let logKey: SigningKey;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hub-vectors-'));
    const file = join(dir, 'log-key.pem');
    writeFileSync(file, privateKeyFromSeed(vectors.signedNote.seed).export({ type: 'pkcs8', format: 'pem' }));
    logKey = SigningKey.loadExisting(file) as SigningKey;
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('the Merkle tree', () => {
    const merkle = vectors.merkle;
    const tree = new MerkleTree();
    for (const leaf of merkle.leaves) tree.append(eventLeafHash(leaf.eventHash));

    it('gives every leaf hash and every root, for each size from 1 to 7', () => {
      expect(EMPTY_TREE_ROOT.toString('hex')).toBe(merkle.emptyTreeRoot);
      merkle.leaves.forEach((leaf: { leafIndex: number; eventHash: string; leafHash: string }, index: number) => {
        expect(leaf.leafIndex).toBe(index);
        expect(tree.leaf(index).toString('hex')).toBe(leaf.leafHash);
      });
      expect(merkle.roots.map((root: { treeSize: number }) => root.treeSize)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      for (const { treeSize, rootHash } of merkle.roots) expect(tree.root(treeSize).toString('hex')).toBe(rootHash);
    });

    it('produces each inclusion proof, which verifies, and fails for another leaf or a changed hash', () => {
      for (const { leafIndex, treeSize, leafHash, rootHash, proof } of merkle.inclusionProofs) {
        expect(hex(tree.inclusionProof(leafIndex, treeSize))).toEqual(proof);
        const root = Buffer.from(rootHash, 'hex');
        expect(verifyInclusion(leafIndex, treeSize, Buffer.from(leafHash, 'hex'), fromHex(proof), root)).toBe(true);
        if (treeSize > 1) {
          expect(verifyInclusion((leafIndex + 1) % treeSize, treeSize, Buffer.from(leafHash, 'hex'), fromHex(proof), root)).toBe(false);
          const changed = fromHex(proof);
          changed[0][0] ^= 1;
          expect(verifyInclusion(leafIndex, treeSize, Buffer.from(leafHash, 'hex'), changed, root)).toBe(false);
        }
      }
      expect(merkle.inclusionProofs).toContainEqual(expect.objectContaining({ leafIndex: 5, treeSize: 7 }));
    });

    it('produces each consistency proof, which verifies, and fails against another old root', () => {
      for (const { from, to, fromRoot, toRoot, proof } of merkle.consistencyProofs) {
        expect(hex(tree.consistencyProof(from, to))).toEqual(proof);
        expect(verifyConsistency(from, to, Buffer.from(fromRoot, 'hex'), Buffer.from(toRoot, 'hex'), fromHex(proof))).toBe(true);
        expect(verifyConsistency(from, to, tree.root(from === 1 ? 2 : from - 1), Buffer.from(toRoot, 'hex'), fromHex(proof))).toBe(false);
      }
      expect(merkle.consistencyProofs).toContainEqual(expect.objectContaining({ from: 3, to: 7 }));
    });
  });

  describe('the signed checkpoint note', () => {
    const note = vectors.signedNote;

    it('derives the public key, fingerprint, key ID and vkey from the seed', () => {
      const raw = rawEd25519PublicKey(logKey.publicKey);
      expect(raw.toString('base64')).toBe(note.publicKey);
      expect(raw.toString('hex')).toBe(note.publicKeyHex);
      expect(logKey.publicKeyPem).toBe(note.publicKeyPem);
      expect(logKey.publicKey.export({ type: 'spki', format: 'der' }).toString('hex')).toBe(note.subjectPublicKeyInfo);
      expect(note.subjectPublicKeyInfo).toBe(`302a300506032b6570032100${note.publicKeyHex}`);
      expect(logKey.fingerprint).toBe(note.keyFingerprint);
      const verifier = logKey.verifierFor(note.keyName);
      expect(verifier.keyId.toString('hex')).toBe(note.keyId);
      expect(verifier.vkey).toBe(note.vkey);
      expect(privateKeyFromSeed(note.seed).export({ type: 'pkcs8', format: 'pem' })).toBe(note.privateKeyPem);
    });

    it('verifies with the vkey alone, and is reproduced byte for byte from the seed', () => {
      const parsed = parseNote(note.note);
      expect(parsed.text).toBe(note.signedText);
      expect(verifiedSignature(parsed, parseVerifierKey(note.vkey))?.line).toBe(note.signatureLine);
      const checkpoint = parseCheckpointText(parsed.text);
      expect(checkpoint).toEqual({
        origin: note.checkpoint.origin,
        size: note.checkpoint.treeSize,
        rootHash: Buffer.from(note.checkpoint.rootHash, 'hex'),
      });
      expect(checkpoint.rootHash.toString('base64')).toBe(note.checkpoint.rootHashBase64);
      expect(note.checkpoint.rootHash).toBe(vectors.merkle.roots[6].rootHash);
      expect(logKey.signCheckpoint(checkpoint)).toBe(note.note);
      expect(parsed.signatures[0].signature.toString('base64')).toBe(note.signature);
      expect(verifiedSignature(parseNote(note.note.replace('\n7\n', '\n6\n')), parseVerifierKey(note.vkey))).toBeUndefined();
    });

    it('carries a witness cosignature that verifies with the witness vkey and is reproduced from its seed', () => {
      const cosigned = vectors.cosignedNote;
      const witness = parseVerifierKey(cosigned.witnessVkey);
      expect(witness).toMatchObject({ name: cosigned.witnessName, type: ED25519_COSIGNATURE });
      expect(witness.keyId.toString('hex')).toBe(cosigned.witnessKeyId);
      const witnessPrivate = privateKeyFromSeed(cosigned.witnessSeed);
      expect(rawEd25519PublicKey(createPublicKey(witnessPrivate)).toString('base64')).toBe(cosigned.witnessPublicKey);
      expect(cosignedMessage(note.signedText, cosigned.timestamp).toString('utf8')).toBe(cosigned.signedMessage);
      expect(cosignatureLine(witness, ed25519Sign(witnessPrivate), note.signedText, cosigned.timestamp)).toBe(cosigned.line);
      expect(cosigned.note).toBe(`${note.note}${cosigned.line}`);
      const parsed = parseNote(cosigned.note);
      expect(verifiedCosignature(parsed, witness)).toEqual({ timestamp: cosigned.timestamp, line: cosigned.line });
      // The log's signature still verifies with the cosignature line after it.
      expect(verifiedSignature(parsed, parseVerifierKey(note.vkey))).toBeDefined();
      expect(noteVerifier(cosigned.witnessName, ED25519_SIGNATURE, witness.publicKey).keyId.toString('hex')).not.toBe(
        cosigned.witnessKeyId,
      );
    });
  });

  it('gives an event hash as RFC 8785 and the event store compute it', () => {
    const content = JSON.parse(vectors.eventHash.contentText) as HashedEventContent;
    expect(canonicalJson(content as unknown as JsonObject)).toBe(vectors.eventHash.canonicalJson);
    expect(computeEventHash(content)).toBe(vectors.eventHash.hash);
  });

  describe('the example evidence bundle', () => {
    const example = vectors.evidenceBundle;

    it('verifies with the log key, and its manifest is the one docs/evidence-bundle.md shows', () => {
      expect(example.publicKeyPem).toBe(vectors.signedNote.publicKeyPem);
      expect(verifyBundleText(JSON.stringify(example.bundle), example.publicKeyPem)).toMatchObject({
        valid: true,
        keyTrusted: true,
        treeSize: 3,
        problems: [],
      });
      expect(bundleManifest(example.bundle)).toBe(example.manifest);
      expect(logKey.signText(example.manifest)).toBe(example.bundle.signature);
      expect(spec).toContain(example.manifest);
      expect(spec).toContain(example.bundle.signature);
      const shown = /## Worked example[\s\S]*?```json\n([\s\S]*?)\n```/.exec(spec)?.[1];
      expect(JSON.parse(shown ?? 'null')).toEqual(example.bundle);
    });
  });
});

describe('docs/evidence-bundle.schema.json', () => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  const validate = ajv.compile(schema);
  const errors = (value: unknown) =>
    validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);

  let dir: string;
  let bundle: EvidenceBundle;
  let key: SigningKey;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-schema-'));
    key = SigningKey.loadOrCreate(join(dir, 'key.pem'));
    const log = new EventLog(new InMemoryEventStore());
    const verifiable = new VerifiableLog(log, new TrustedKeys([key.publicKey]), { checkpointEvery: 1000 });
    await verifiable.start();
    try {
      const signer = new TreeHeadSigner(log, verifiable, key, 'hub.test/log', 1000, () => new Date());
      await log.append('case-S000001', someNewEvents(3), 'no_stream');
      await log.append('case-S000002', someNewEvents(2), 'no_stream');
      await log.append('case-S000001', someNewEvents(2), 'stream_exists');
      bundle = await exportCase(log, verifiable, signer, key, 'S000001', 'auditor.frank', new Date());
    } finally {
      await verifiable.stop();
    }
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The bundle as a verifier reads it from its file. */
  const copy = () => JSON.parse(JSON.stringify(bundle)) as Mutable<EvidenceBundle>;

  it('accepts a freshly exported bundle and the example bundle', () => {
    expect(errors(copy())).toEqual([]);
    expect(errors(vectors.evidenceBundle.bundle)).toEqual([]);
  });

  it('requires exactly the fields the hub writes', () => {
    const exported = copy();
    expect([...schema.required].sort()).toEqual(Object.keys(exported).sort());
    expect([...schema.$defs.event.required].sort()).toEqual(Object.keys(exported.events[0]).sort());
    expect([...schema.$defs.signer.required].sort()).toEqual(Object.keys(exported.signer).sort());
    const missing = copy() as unknown as { events: Record<string, unknown>[] };
    delete missing.events[0]['leafIndex'];
    expect(errors(missing)).toEqual([expect.stringContaining("must have required property 'leafIndex'")]);
  });

  it('refuses a field the format does not define, in an event, the signer or the bundle', () => {
    const inEvent = copy() as unknown as { events: Record<string, unknown>[] };
    inEvent.events[1]['note'] = 'added later, never hashed';
    expect(errors(inEvent)).toEqual(['/events/1 must NOT have additional properties']);
    expect(errors({ ...copy(), comment: 'unsigned' })).toEqual([' must NOT have additional properties']);
    expect(errors({ ...copy(), signer: { ...bundle.signer, vkey: 'x' } })).toEqual(['/signer must NOT have additional properties']);
  });

  it('refuses hashes, keys and signatures in the wrong encoding', () => {
    const upper = copy();
    upper.events[0].hash = upper.events[0].hash.toUpperCase();
    expect(errors(upper)).toEqual([expect.stringMatching(/^\/events\/0\/hash must match pattern/)]);
    const unpadded = copy();
    unpadded.signature = unpadded.signature.replace(/=+$/, '');
    expect(errors(unpadded)).toEqual([expect.stringMatching(/^\/signature must match pattern/)]);
    const hexKey = copy();
    hexKey.signer.publicKey = Buffer.from(bundle.signer.publicKey, 'base64').toString('hex');
    expect(errors(hexKey)).toEqual([expect.stringMatching(/^\/signer\/publicKey must match pattern/)]);
    const badProof = copy();
    badProof.events[0].inclusionProof[0] = Buffer.from(badProof.events[0].inclusionProof[0], 'hex').toString('base64');
    expect(errors(badProof)).toEqual([expect.stringMatching(/^\/events\/0\/inclusionProof\/0 must match pattern/)]);
  });

  /**
   * A bundle made and signed whole by the key it carries (as the verifier, given no trusted key,
   * checks it): every hash, proof and signature holds, so only the verifier's reading of the fields
   * stands between it and VALID.
   */
  const selfSigned = (
    top: { crn?: string; exportedAt?: string; exportedBy?: string } = {},
    event: { id?: string; type?: string; recordedAt?: string } = {},
  ): EvidenceBundle => {
    const crn = top.crn ?? 'S000009';
    const streamName = `case-${crn}`;
    const tree = new MerkleTree();
    const events: Mutable<EvidenceBundle['events']> = [];
    for (let index = 0; index < 3; index += 1) {
      const content = {
        streamName,
        streamVersion: index,
        id: index === 1 && event.id !== undefined ? event.id : `00000000-0000-4000-8000-00000000000${index}`,
        type: index === 1 && event.type !== undefined ? event.type : 'case.noted',
        data: { n: index },
        metadata: {},
        recordedAt: index === 1 && event.recordedAt !== undefined ? event.recordedAt : '2026-12-01T09:00:00.000Z',
        previousHash: index === 0 ? null : events[index - 1].hash,
      };
      const hash = computeEventHash(content);
      tree.append(eventLeafHash(hash));
      const { streamName: _streamName, ...rest } = content;
      events.push({ ...rest, position: index, hash, leafIndex: index, inclusionProof: [] });
    }
    for (const bundled of events) bundled.inclusionProof = hex(tree.inclusionProof(bundled.leafIndex));
    const verifier = key.verifierFor('hub.test/log');
    const unsigned = {
      format: 'escalation-hub-evidence-bundle/2' as const,
      crn,
      streamName,
      exportedAt: top.exportedAt ?? '2026-12-01T10:00:00.000Z',
      exportedBy: top.exportedBy ?? 'auditor.frank',
      events,
      checkpoint: key.signCheckpoint({ origin: 'hub.test/log', size: tree.size, rootHash: tree.root() }),
      signer: {
        keyName: verifier.name,
        keyId: verifier.keyId.toString('hex'),
        publicKey: rawEd25519PublicKey(key.publicKey).toString('base64'),
        keyFingerprint: key.fingerprint,
      },
    };
    return JSON.parse(JSON.stringify({ ...unsigned, signature: key.signText(bundleManifest(unsigned)) }));
  };

  it('is no stricter than the verifier: a bundle VALID to verifyBundle passes the schema', () => {
    const made = selfSigned();
    expect(verifyBundleText(JSON.stringify(made))).toMatchObject({ valid: true, keyTrusted: false, problems: [] });
    expect(verifyBundleText(JSON.stringify(made), key.publicKeyPem)).toMatchObject({ valid: true, keyTrusted: true });
    expect(errors(made)).toEqual([]);
  });

  it.each([
    // Its stream name follows it, so the schema's pattern for that refuses it too.
    ['a CRN not of a capital letter and six digits', () => selfSigned({ crn: 'b000001' }), '$.crn', '/crn', '/streamName'],
    ['an export time without milliseconds', () => selfSigned({ exportedAt: '2026-12-01T10:00:00Z' }), '$.exportedAt', '/exportedAt'],
    ['an export time with an offset', () => selfSigned({ exportedAt: '2026-12-01T10:00:00.000+00:00' }), '$.exportedAt', '/exportedAt'],
    ['no one as the exporter', () => selfSigned({ exportedBy: '' }), '$.exportedBy', '/exportedBy'],
    ['an event id that is not a UUID', () => selfSigned({}, { id: 'event-1' }), '$.events[1].id', '/events/1/id'],
    ['an event id in upper case', () => selfSigned({}, { id: '00000000-0000-4000-8000-00000000000A' }), '$.events[1].id', '/events/1/id'],
    ['an empty event type', () => selfSigned({}, { type: '' }), '$.events[1].type', '/events/1/type'],
    [
      'a recording time in another form',
      () => selfSigned({}, { recordedAt: '2026-12-01 09:00:00' }),
      '$.events[1].recordedAt',
      '/events/1/recordedAt',
    ],
  ])('and the verifier refuses what the schema refuses: %s', (_case, make, path, ...pointers) => {
    const made = make();
    expect(errors(made)).toEqual(pointers.map((pointer) => expect.stringMatching(new RegExp(`^${pointer} must`))));
    const result = verifyBundleText(JSON.stringify(made));
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ code: 'MALFORMED_FIELD', path })]);
  });

  it('and the verifier refuses an inclusion proof longer than any tree of 2^53 leaves needs, as the schema does', () => {
    const long = copy();
    long.events[0].inclusionProof = Array.from({ length: 65 }, () => 'a'.repeat(64));
    expect(errors(long)).toEqual([expect.stringMatching(/^\/events\/0\/inclusionProof must NOT have more than 64 items/)]);
    expect(verifyBundleText(JSON.stringify(long), key.publicKeyPem).problems).toEqual([
      expect.objectContaining({ code: 'MALFORMED_FIELD', path: '$.events[0].inclusionProof' }),
    ]);
  });
});

describe('docs/evidence-bundle.md', () => {
  it('lists every problem code of integrity-problems.ts', () => {
    const source = readFileSync(resolve(__dirname, '../integrity-problems.ts'), 'utf8');
    const codes = [...source.matchAll(/\{ code: '([A-Z_]+)'/g)].map((match) => match[1]);
    expect(codes.length).toBeGreaterThan(15);
    const documented = [...spec.matchAll(/^\| `([A-Z_]+)` +\|/gm)].map((match) => match[1]);
    expect([...new Set(documented)].sort()).toEqual([...new Set(codes)].sort());
  });
});
