import 'reflect-metadata';
import { actors } from '@escalation-hub/casework-domain/testing';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { RecordRiskInformationCommand } from './record-risk-information.command';
import { RecordRiskInformationHandler } from './record-risk-information.handler';
import { recordRiskInformationFromMessage } from './record-risk-information.message';

const CRN = 'X100006';
const information = {
  riskInformationId: 'ri-k-1',
  source: 'POLICE',
  channel: 'Phone call from the local neighbourhood team',
  knownAt: '2026-11-04T09:30:00.000Z',
  receivedBy: 'Jo Bloggs, case manager',
  threat: true,
  summary: 'Police report he was seen near the victim’s home.',
} as const;

describe('record-risk-information', () => {
  let testbed: UseCaseTestbed;
  let handler: RecordRiskInformationHandler;

  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    handler = new RecordRiskInformationHandler(testbed.runner);
    await testbed.allocate(CRN);
  });
  afterEach(() => testbed.close());

  it('records what the managing provider was told, held by its own officer; the same record again adds nothing', async () => {
    const answer = await handler.execute(new RecordRiskInformationCommand(CRN, actors.crc07, information));
    expect(answer).toEqual({
      riskInformationId: information.riskInformationId,
      crn: CRN,
      dueAt: expect.any(String),
      heldBy: 'CRC07',
      revision: expect.any(Number),
      created: true,
    });
    const events = await testbed.eventsOf(CRN);
    expect(events[events.length - 1]).toMatchObject({ type: 'risk-information.recorded', actor: actors.crc07, data: information });
    expect(await handler.execute(new RecordRiskInformationCommand(CRN, actors.crc07, { ...information }))).toEqual({
      ...answer,
      created: false,
    });
    expect(await testbed.eventsOf(CRN)).toHaveLength(events.length);
  });

  it('takes the same body over Kafka as the same command, and refuses what HTTP refuses', async () => {
    expect(await recordRiskInformationFromMessage(CRN, actors.crc07, { ...information })).toEqual(
      new RecordRiskInformationCommand(CRN, actors.crc07, expect.objectContaining(information)),
    );
    await expect(
      recordRiskInformationFromMessage(CRN, actors.crc07, { ...information, riskInformationId: 'not-an-id' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('riskInformationId') });
  });
});
