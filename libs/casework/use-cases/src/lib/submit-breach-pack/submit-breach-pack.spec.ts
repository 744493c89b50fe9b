import 'reflect-metadata';
import { actors } from '@escalation-hub/casework-domain/testing';
import { A_BREACH_PACK, openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { SubmitBreachPackCommand } from './submit-breach-pack.command';
import { SubmitBreachPackHandler } from './submit-breach-pack.handler';
import { submitBreachPackFromMessage } from './submit-breach-pack.message';

const CRN = 'X100002';
const body = { requestId: 'bp-k-1', ...A_BREACH_PACK } as const;

describe('submit-breach-pack', () => {
  let testbed: UseCaseTestbed;
  let handler: SubmitBreachPackHandler;

  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    handler = new SubmitBreachPackHandler(testbed.runner);
    await testbed.allocate(CRN);
  });
  afterEach(() => testbed.close());

  it('records the pack as sent and answers its id, due time and the provider’s revision; a retry records nothing', async () => {
    const answer = await handler.execute(new SubmitBreachPackCommand(CRN, actors.crc07, body));
    expect(answer).toEqual({
      breachPackId: expect.stringMatching(/^bp-/),
      crn: CRN,
      dueAt: expect.any(String),
      revision: 1,
      created: true,
    });
    const [, submitted] = await testbed.eventsOf(CRN);
    expect(submitted).toMatchObject({
      type: 'breach-pack.submitted',
      actor: actors.crc07,
      data: { ...body, breachPackId: answer.breachPackId },
    });
    expect(await handler.execute(new SubmitBreachPackCommand(CRN, actors.crc07, { ...body }))).toEqual({ ...answer, created: false });
    expect(await testbed.eventsOf(CRN)).toHaveLength(2);
  });

  it('takes the same body over Kafka as the same command, and refuses what HTTP refuses', async () => {
    expect(await submitBreachPackFromMessage(CRN, actors.crc07, { ...body })).toEqual(
      new SubmitBreachPackCommand(CRN, actors.crc07, expect.objectContaining({ requestId: body.requestId, summary: body.summary })),
    );
    await expect(submitBreachPackFromMessage(CRN, actors.crc07, { ...body, providerRecommendation: 'JAIL' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('providerRecommendation'),
    });
  });
});
