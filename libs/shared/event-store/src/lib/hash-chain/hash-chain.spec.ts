import { canonicalJson } from './canonical-json';
import { computeEventHash } from './event-hash';
import { verifyChain } from './chain-verifier';
import type { RecordedEvent } from '../event-store.port';

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves out white space', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('writes numbers and strings as JCS does', () => {
    expect(canonicalJson([1e21, 0.1, -0, 1.5e-7, 'é\n"\u2028'])).toBe('[1e+21,0.1,0,1.5e-7,"é\\n\\"\u2028"]');
  });

  it('refuses what JSON cannot carry', () => {
    expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow('Not a JSON number');
    expect(() => canonicalJson(new Date() as never)).toThrow('Not a JSON value');
  });
});

describe('verifyChain', () => {
  function chain(length: number): RecordedEvent[] {
    const events: RecordedEvent[] = [];
    for (let version = 0; version < length; version += 1) {
      const content = {
        streamName: 'case-X1',
        streamVersion: version,
        id: `00000000-0000-4000-8000-00000000000${version}`,
        type: 'test.happened',
        data: { version },
        metadata: {},
        recordedAt: '2026-01-01T00:00:00.000Z',
        previousHash: events[version - 1]?.hash ?? null,
      };
      events.push({ ...content, position: version + 1, hash: computeEventHash(content) });
    }
    return events;
  }

  it('accepts an intact chain and reports its head', () => {
    const events = chain(4);
    expect(verifyChain(events)).toEqual({ valid: true, events: 4, headHash: events[3].hash });
    expect(verifyChain([])).toEqual({ valid: true, events: 0, headHash: null });
  });

  it('names an edited event', () => {
    const events = chain(4);
    events[2] = { ...events[2], data: { version: 99 } };
    expect(verifyChain(events).firstInvalid).toMatchObject({ streamVersion: 2, reason: 'HASH_MISMATCH' });
  });

  it('names an edited time or type, since the hash covers them too', () => {
    const events = chain(3);
    events[1] = { ...events[1], recordedAt: '2026-01-02T00:00:00.000Z' };
    expect(verifyChain(events).firstInvalid?.streamVersion).toBe(1);
    const retyped = chain(3);
    retyped[0] = { ...retyped[0], type: 'test.other' };
    expect(verifyChain(retyped).firstInvalid?.streamVersion).toBe(0);
  });

  it('names a swapped pair and a removed event', () => {
    const events = chain(4);
    expect(verifyChain([events[0], events[2], events[1], events[3]]).firstInvalid).toMatchObject({ reason: 'VERSION_GAP' });
    expect(verifyChain([events[0], events[1], events[3]]).firstInvalid).toMatchObject({ streamVersion: 3, reason: 'VERSION_GAP' });
  });

  it('names an event rehashed to hide an edit but no longer linked from its successor', () => {
    const events = chain(3);
    const forged = { ...events[1], data: { version: 42 } };
    events[1] = { ...forged, hash: computeEventHash(forged) };
    expect(verifyChain(events).firstInvalid).toMatchObject({ streamVersion: 2, reason: 'BROKEN_LINK' });
  });
});
