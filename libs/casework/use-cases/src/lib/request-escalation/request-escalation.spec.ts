import 'reflect-metadata';
import { actors } from '@escalation-hub/casework-domain/testing';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { RequestEscalationCommand } from './request-escalation.command';
import { RequestEscalationHandler } from './request-escalation.handler';
import { requestEscalationFromMessage } from './request-escalation.message';

const CRN = 'X100001';
const body = {
  requestId: 'k-1',
  raisedBy: 'Jo Bloggs',
  proposedRosh: 'HIGH',
  urgency: 'URGENT',
  triggers: ['VICTIM_CONCERN'],
  summary: 'Seen outside her workplace.',
} as const;

describe('request-escalation', () => {
  let testbed: UseCaseTestbed;
  let handler: RequestEscalationHandler;

  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    handler = new RequestEscalationHandler(testbed.runner);
    await testbed.allocate(CRN);
  });
  afterEach(() => testbed.close());

  it('records the escalation as sent, field by field, and answers its id, due time and the provider’s revision', async () => {
    const answer = await handler.execute(new RequestEscalationCommand(CRN, actors.crc07, body));
    expect(answer).toEqual({
      escalationId: expect.stringMatching(/^esc-/),
      crn: CRN,
      dueAt: expect.any(String),
      revision: 1,
      created: true,
    });
    const [, requested] = await testbed.eventsOf(CRN);
    expect(requested).toMatchObject({ type: 'escalation.requested', actor: actors.crc07 });
    expect(requested.data).toEqual({
      ...body,
      escalationId: answer.escalationId,
      requestFingerprint: expect.any(String),
      dueAt: answer.dueAt,
      providerKnewAt: null,
    });
  });

  it('answers a retry with the original escalation and records nothing more', async () => {
    const first = await handler.execute(new RequestEscalationCommand(CRN, actors.crc07, body));
    const retry = await handler.execute(new RequestEscalationCommand(CRN, actors.crc07, { ...body }));
    expect(retry).toEqual({ ...first, created: false });
    expect(await testbed.eventsOf(CRN)).toHaveLength(2);
  });

  it('takes the same body over Kafka as the same command, and refuses what HTTP refuses', async () => {
    expect(await requestEscalationFromMessage(CRN, actors.crc07, { ...body })).toEqual(
      new RequestEscalationCommand(CRN, actors.crc07, expect.objectContaining(body)),
    );
    await expect(requestEscalationFromMessage(CRN, actors.crc07, { ...body, urgency: 'SOON', note: 'x' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/urgency[\s\S]*note|note[\s\S]*urgency/),
    });
  });
});
