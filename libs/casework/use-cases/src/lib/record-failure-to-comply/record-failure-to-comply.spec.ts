import 'reflect-metadata';
import { actors } from '@escalation-hub/casework-domain/testing';
import { aFailureToComply, openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { RecordFailureToComplyCommand } from './record-failure-to-comply.command';
import { RecordFailureToComplyHandler } from './record-failure-to-comply.handler';
import { recordFailureToComplyFromMessage } from './record-failure-to-comply.message';

const CRN = 'X100003';
const body = aFailureToComply('f-k-1');

describe('record-failure-to-comply', () => {
  let testbed: UseCaseTestbed;
  let handler: RecordFailureToComplyHandler;

  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    handler = new RecordFailureToComplyHandler(testbed.runner);
    await testbed.allocate(CRN);
  });
  afterEach(() => testbed.close());

  it('records the failure as sent and answers its id; a retry records nothing', async () => {
    const answer = await handler.execute(new RecordFailureToComplyCommand(CRN, actors.crc07, body));
    expect(answer).toEqual({ failureId: expect.any(String), crn: CRN, breachDue: null, revision: 1, created: true });
    const [, recorded] = await testbed.eventsOf(CRN);
    expect(recorded).toMatchObject({
      type: 'compliance.failure-recorded',
      actor: actors.crc07,
      data: { ...body, failureId: answer.failureId },
    });
    expect(await handler.execute(new RecordFailureToComplyCommand(CRN, actors.crc07, { ...body }))).toEqual({ ...answer, created: false });
    expect(await testbed.eventsOf(CRN)).toHaveLength(2);
  });

  it('takes the same body over Kafka as the same command, and refuses what HTTP refuses', async () => {
    expect(await recordFailureToComplyFromMessage(CRN, actors.crc07, { ...body })).toEqual(
      new RecordFailureToComplyCommand(CRN, actors.crc07, expect.objectContaining(body)),
    );
    await expect(recordFailureToComplyFromMessage(CRN, actors.crc07, { ...body, acceptable: 'no' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('acceptable'),
    });
  });
});
