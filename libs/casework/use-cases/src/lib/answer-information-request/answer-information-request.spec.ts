import 'reflect-metadata';
import { actors, onCase, requestInformation } from '@escalation-hub/casework-domain/testing';
import { RequestEscalationCommand } from '../request-escalation/request-escalation.command';
import { RequestEscalationHandler } from '../request-escalation/request-escalation.handler';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { AnswerInformationRequestCommand } from './answer-information-request.command';
import { AnswerInformationRequestHandler } from './answer-information-request.handler';
import { answerInformationRequestFromMessage } from './answer-information-request.message';

const CRN = 'X100005';
const answer = { answer: 'He said it to the facilitator, in the group.', answeredBy: 'Jo Bloggs, case manager' };

describe('answer-information-request', () => {
  let testbed: UseCaseTestbed;
  let handler: AnswerInformationRequestHandler;
  let escalationId: string;

  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    handler = new AnswerInformationRequestHandler(testbed.runner);
    await testbed.allocate(CRN);
    ({ escalationId } = await new RequestEscalationHandler(testbed.runner).execute(
      new RequestEscalationCommand(CRN, actors.crc07, {
        requestId: 'k-1',
        raisedBy: 'Jo Bloggs',
        proposedRosh: 'HIGH',
        urgency: 'URGENT',
        triggers: ['VICTIM_CONCERN'],
        summary: 'Threat made in a group session.',
      }),
    ));
    // The public service asks its questions before it decides.
    await testbed.runner.run(onCase(CRN, requestInformation({ escalationId })));
  });
  afterEach(() => testbed.close());

  it('records the answer to the questions and answers the new due time; the same answer again records nothing', async () => {
    const answered = await handler.execute(new AnswerInformationRequestCommand(CRN, escalationId, actors.crc07, answer));
    expect(answered).toEqual({
      escalationId,
      crn: CRN,
      dueAt: expect.any(String),
      late: false,
      revision: expect.any(Number),
      created: true,
    });
    const events = await testbed.eventsOf(CRN);
    expect(events[events.length - 1]).toMatchObject({
      type: 'escalation.information-provided',
      actor: actors.crc07,
      data: { escalationId, ...answer },
    });
    expect(await handler.execute(new AnswerInformationRequestCommand(CRN, escalationId, actors.crc07, { ...answer }))).toEqual({
      ...answered,
      created: false,
    });
    expect(await testbed.eventsOf(CRN)).toHaveLength(events.length);
  });

  it('takes the HTTP body plus the escalation over Kafka as the same command, and refuses what HTTP refuses', async () => {
    expect(await answerInformationRequestFromMessage(CRN, actors.crc07, { escalationId, ...answer })).toEqual(
      new AnswerInformationRequestCommand(CRN, escalationId, actors.crc07, answer),
    );
    await expect(answerInformationRequestFromMessage(CRN, actors.crc07, answer)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('escalationId'),
    });
  });
});
