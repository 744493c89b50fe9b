import { computeEventHash } from '@escalation-hub/event-store';
import { EnvelopeError, fromKafkaMessage, toKafkaMessage } from './cloud-event.envelope';

const content = {
  id: '5f0c7a57-1f1e-4c43-9e0a-0d1f2b3c4d5e',
  streamName: 'case-X123456',
  streamVersion: 3,
  position: 42,
  type: 'escalation.requested',
  data: { escalationId: 'esc-1', summary: 'ünïcødé ✓', nested: { list: [1, 2] } },
  metadata: { actor: { id: 'crc07-cms', role: 'provider', provider: 'CRC07' } },
  recordedAt: '2026-11-26T10:00:00.000Z',
  previousHash: 'b'.repeat(64),
};
const event = { ...content, hash: computeEventHash(content) };
const asReceived = (message: ReturnType<typeof toKafkaMessage>) => ({
  value: Buffer.from(String(message.value)),
  headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, Buffer.from(String(value))])),
});

describe('the CloudEvents envelope (Kafka binary mode)', () => {
  it('keys an event by the subject the application names (the stream by default) and round-trips every field', () => {
    const crnOf = (streamName: string) => streamName.replace(/^case-/, '');
    const message = toKafkaMessage(event, crnOf);
    expect([message.key, message.headers?.['ce_subject']]).toEqual(['X123456', 'X123456']);
    expect(toKafkaMessage(event).key).toBe('case-X123456');
    expect(fromKafkaMessage(asReceived(message))).toEqual(event);
    const first = { ...content, streamVersion: 0, previousHash: null };
    expect(fromKafkaMessage(asReceived(toKafkaMessage({ ...first, hash: computeEventHash(first) })))).toMatchObject({ previousHash: null });
  });

  it.each([
    ['a missing id', { ce_id: undefined }, 'missing header ce_id'],
    ['another spec version', { ce_specversion: '0.3' }, 'unsupported ce_specversion 0.3'],
    ['another content type', { 'content-type': 'text/plain' }, 'unsupported content-type text/plain'],
    ['a version that is not one', { ce_hubversion: 'three' }, 'ce_hubversion is not a version: three'],
    ['a position that is not one', { ce_hubposition: '0' }, 'ce_hubposition is not a position: 0'],
    ['metadata that is not JSON', { ce_hubmetadata: '{' }, 'ce_hubmetadata is not JSON'],
  ])('refuses %s, saying what is wrong', (_what, headers, reason) => {
    const received = asReceived(toKafkaMessage(event));
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) delete received.headers[name];
      else received.headers[name] = Buffer.from(value);
    }
    expect(() => fromKafkaMessage(received)).toThrow(EnvelopeError);
    expect(() => fromKafkaMessage(received)).toThrow(reason);
  });

  it.each([
    ['an edited body', { value: Buffer.from(JSON.stringify({ ...event.data, summary: 'changed' })) }],
    ['another type', { headers: { ...asReceived(toKafkaMessage(event)).headers, ce_type: Buffer.from('escalation.decided') } }],
    ['an edited actor', { headers: { ...asReceived(toKafkaMessage(event)).headers, ce_hubmetadata: Buffer.from('{"actor":{"id":"x"}}') } }],
  ])('refuses %s: the event no longer matches its hash', (_what, change) => {
    const received = { ...asReceived(toKafkaMessage(event)), ...change };
    expect(() => fromKafkaMessage(received)).toThrow(`ce_hubhash does not match the event ${event.id}`);
  });

  it('refuses a body that is not a JSON object', () => {
    const received = { ...asReceived(toKafkaMessage(event)), value: Buffer.from('[1,2]') };
    expect(() => fromKafkaMessage(received)).toThrow('the body is not a JSON object');
  });
});
