import 'reflect-metadata';
import { CaseBusyError } from '@escalation-hub/casework-application';
import { InvalidEventError } from '@escalation-hub/event-store';
import { commandFrom, InboundMessageRejected, inboundRefusalOf } from './provider-inbound.consumer';

const headers = (type: string) => ({
  ce_specversion: '1.0',
  ce_type: type,
  ce_id: 'm-1',
  ce_source: 'crc07-case-system',
  ce_subject: 'X123456',
  'content-type': 'application/json',
});
const escalation = {
  requestId: 'k-1',
  raisedBy: 'Jo Bloggs',
  proposedRosh: 'HIGH',
  urgency: 'ROUTINE',
  triggers: ['VICTIM_CONCERN'],
  summary: 'Seen outside her workplace.',
};

describe('provider messages over Kafka', () => {
  it('refuses a lone surrogate in the body before any command, naming the field', async () => {
    // Written as JSON's \ud800 escape: the only way a lone surrogate can arrive in UTF-8.
    const text = JSON.stringify({ ...escalation, summary: 'Seen __ outside' }).replace('__', '\\ud800');
    const refused = commandFrom('CRC07', { key: Buffer.from('X123456'), value: Buffer.from(text), headers: headers('escalation.request') });
    await expect(refused).rejects.toBeInstanceOf(InboundMessageRejected);
    await expect(refused).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('summary: must not contain'),
    });
  });

  it('dead-letters what the store refuses to hold, rather than retrying it for ever', () => {
    const stored = new InvalidEventError(
      'data.summary holds a lone surrogate, which is not Unicode text',
      '0b9ad2a4-5d5b-4c1e-9a45-3f1e2a6b7c8d',
    );
    expect(inboundRefusalOf(stored)).toEqual({
      code: 'INVALID_EVENT',
      reason: 'The message cannot be recorded as sent: data.summary holds a lone surrogate, which is not Unicode text',
    });
    // A passing failure is still retried.
    expect(inboundRefusalOf(new CaseBusyError('X123456'))).toBeUndefined();
    expect(inboundRefusalOf(new Error('connection refused'))).toBeUndefined();
  });
});
