import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import {
  checkpointText,
  cosignatureLine,
  ED25519_COSIGNATURE,
  ed25519Sign,
  noteVerifier,
  parseCheckpointText,
  parseNote,
  parseVerifierKey,
  signatureLine,
  verifiedCosignature,
  verifiedSignature,
} from './signed-note';

// The example of golang.org/x/mod/sumdb/note (the reference implementation of C2SP signed notes).
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_SKEY_SEED = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1);
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
// A cosigner key (type 0x04) from the tests of transparency-dev/formats.
const COSIGNER_VKEY = 'remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2';

/** An Ed25519 private key from its 32-byte seed (PKCS#8 DER prefix + seed). */
const fromSeed = (seed: Buffer) =>
  createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });

describe('C2SP signed notes', () => {
  it("verifies Go's reference note and reproduces its signature byte for byte", () => {
    const verifier = parseVerifierKey(GO_VKEY);
    expect(verifier.vkey).toBe(GO_VKEY);
    const note = parseNote(GO_NOTE);
    expect(note.text).toBe(GO_TEXT);
    expect(verifiedSignature(note, verifier)).toBeDefined();
    expect(verifiedSignature(parseNote(GO_NOTE.replace('cryptography', 'cryptographY')), verifier)).toBeUndefined();
    const signature = ed25519Sign(fromSeed(GO_SKEY_SEED))(Buffer.from(GO_TEXT));
    expect(`${GO_TEXT}\n${signatureLine(verifier.name, verifier.keyId, signature)}`).toBe(GO_NOTE);
  });

  it('computes key IDs as the spec says, for cosigner keys too', () => {
    expect(parseVerifierKey(COSIGNER_VKEY)).toMatchObject({ name: 'remora.n621.de', type: ED25519_COSIGNATURE });
    expect(() => parseVerifierKey(GO_VKEY.replace('c74f20a3', 'c74f20a4'))).toThrow('does not belong');
  });

  it('parses strictly: control characters, a missing blank line or non-canonical base64 are refused', () => {
    expect(() => parseNote(GO_NOTE.replace('problem,', 'problem,\t'))).toThrow('control characters');
    expect(() => parseNote(GO_NOTE.replace(`${GO_TEXT}\n`, GO_TEXT))).toThrow();
    expect(() => parseNote(GO_NOTE.replace('JnAM=', 'JnAN='))).toThrow('canonical base64');
  });

  it('writes and reads tlog-checkpoint text', () => {
    const checkpoint = { origin: 'hub.example/log', size: 20852163, rootHash: Buffer.alloc(32, 9) };
    const text = checkpointText(checkpoint);
    expect(text).toBe(`hub.example/log\n20852163\n${Buffer.alloc(32, 9).toString('base64')}\n`);
    expect(parseCheckpointText(text)).toEqual(checkpoint);
    expect(() => parseCheckpointText(text.replace('20852163', '020852163'))).toThrow('no leading zeroes');
    expect(() => checkpointText({ ...checkpoint, origin: 'has space' })).toThrow();
  });

  it('cosigns a checkpoint as tlog-cosignature v1 says, and refuses a changed time or text', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const witness = noteVerifier('witness.example/w1', ED25519_COSIGNATURE, publicKey);
    const text = checkpointText({ origin: 'hub.example/log', size: 8, rootHash: Buffer.alloc(32, 1) });
    const line = cosignatureLine(witness, ed25519Sign(privateKey), text, 1679315147);
    expect(Buffer.from(line.split(' ')[2], 'base64')).toHaveLength(4 + 8 + 64);
    const note = parseNote(`${text}\n${line}`);
    expect(verifiedCosignature(note, witness)).toEqual({ timestamp: 1679315147, line });
    const bytes = Buffer.from(line.trim().split(' ')[2], 'base64');
    bytes.writeBigUInt64BE(1679315148n, 4);
    expect(verifiedCosignature(parseNote(`${text}\n— witness.example/w1 ${bytes.toString('base64')}\n`), witness)).toBeUndefined();
    expect(verifiedCosignature(parseNote(`${text.replace('\n8\n', '\n9\n')}\n${line}`), witness)).toBeUndefined();
  });
});
