import 'reflect-metadata';
import { actors } from '@escalation-hub/casework-domain/testing';
import { RecordFailureToComplyCommand } from '../record-failure-to-comply/record-failure-to-comply.command';
import { RecordFailureToComplyHandler } from '../record-failure-to-comply/record-failure-to-comply.handler';
import { aFailureToComply, openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { RecordWarningCommand } from './record-warning.command';
import { RecordWarningHandler } from './record-warning.handler';
import { recordWarningFromMessage } from './record-warning.message';

const CRN = 'X100004';

describe('record-warning', () => {
  let testbed: UseCaseTestbed;
  let handler: RecordWarningHandler;
  let failureId: string;

  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    handler = new RecordWarningHandler(testbed.runner);
    await testbed.allocate(CRN);
    ({ failureId } = await new RecordFailureToComplyHandler(testbed.runner).execute(
      new RecordFailureToComplyCommand(CRN, actors.crc07, aFailureToComply('f-k-1')),
    ));
  });
  afterEach(() => testbed.close());

  const warning = () => ({
    requestId: 'w-k-1',
    issuedOn: '2026-10-02',
    failureIds: [failureId],
    issuedBy: 'Jo Bloggs, case manager',
    details: 'Formal warning by letter.',
  });

  it('records the warning for the failures it names and answers its id; a retry records nothing', async () => {
    const answer = await handler.execute(new RecordWarningCommand(CRN, actors.crc07, warning()));
    expect(answer).toEqual({ warningId: expect.any(String), crn: CRN, revision: expect.any(Number), created: true });
    const events = await testbed.eventsOf(CRN);
    expect(events[events.length - 1]).toMatchObject({
      type: 'compliance.warning-recorded',
      actor: actors.crc07,
      data: { ...warning(), warningId: answer.warningId },
    });
    expect(await handler.execute(new RecordWarningCommand(CRN, actors.crc07, warning()))).toEqual({ ...answer, created: false });
    expect(await testbed.eventsOf(CRN)).toHaveLength(events.length);
  });

  it('takes the same body over Kafka as the same command, and refuses what HTTP refuses', async () => {
    expect(await recordWarningFromMessage(CRN, actors.crc07, warning())).toEqual(
      new RecordWarningCommand(CRN, actors.crc07, expect.objectContaining(warning())),
    );
    await expect(recordWarningFromMessage(CRN, actors.crc07, { ...warning(), issuedOn: 'yesterday' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('issuedOn'),
    });
  });
});
