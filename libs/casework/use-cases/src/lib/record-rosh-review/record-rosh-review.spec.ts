import 'reflect-metadata';
import { AssessmentAlreadyRecordedError, CaseNotFoundError, RoleNotAllowedError } from '@escalation-hub/casework-domain';
import { actors } from '@escalation-hub/casework-domain/testing';
import { RecordRiskInformationCommand } from '../record-risk-information/record-risk-information.command';
import { RecordRiskInformationHandler } from '../record-risk-information/record-risk-information.handler';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { RecordRoshReviewCommand } from './record-rosh-review.command';
import { RecordRoshReviewHandler } from './record-rosh-review.handler';

const CRN = 'X100206';
const review = { level: 'LOW', assessor: 'po.alice', assessedOn: '2026-11-03', assessmentReference: 'OASys-4471' } as const;

describe('record-rosh-review', () => {
  let testbed: UseCaseTestbed;
  let handler: RecordRoshReviewHandler;

  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    handler = new RecordRoshReviewHandler(testbed.runner);
    await testbed.allocate(CRN);
  });
  afterEach(() => testbed.close());

  it('records the review with the level it replaces, and the reassessment that keeps a lower risk with the provider', async () => {
    const answer = await handler.execute(new RecordRoshReviewCommand(CRN, actors.officer, review));
    const reason = 'Stays with CRC07: not MAPPA, risk of serious harm LOW, no exceptional public interest';
    expect(answer).toEqual({ crn: CRN, outcome: 'STAYS_WITH_PROVIDER', managedBy: 'CRC07', reason, revision: 2, created: true });
    const [, reviewed, reassessed] = await testbed.eventsOf(CRN);
    expect(reviewed).toMatchObject({ type: 'rosh.reviewed', actor: actors.officer, data: { ...review, previous: 'MEDIUM' } });
    expect(reassessed).toMatchObject({
      type: 'case.reassessed',
      actor: actors.officer,
      data: { trigger: 'ROSH_REVIEW', outcome: 'STAYS_WITH_PROVIDER', managedBy: 'CRC07', fromProvider: null, reason },
    });
  });

  it('moves the case to the public service at HIGH, handing over what the provider’s officer had not reviewed', async () => {
    await new RecordRiskInformationHandler(testbed.runner).execute(
      new RecordRiskInformationCommand(CRN, actors.crc07, {
        riskInformationId: 'ri-k-1',
        source: 'POLICE',
        channel: 'Phone call',
        knownAt: '2026-11-04T09:00:00.000Z',
        receivedBy: 'Jo Bloggs, case manager',
        threat: false,
        summary: 'Arrested for a fight outside a pub.',
      }),
    );
    const answer = await handler.execute(new RecordRoshReviewCommand(CRN, actors.spo, { ...review, level: 'HIGH' }));
    expect(answer).toMatchObject({
      outcome: 'MOVED_TO_NPS',
      managedBy: 'NPS',
      reason: 'Moves to the public service: risk of serious harm is HIGH',
    });
    const events = (await testbed.eventsOf(CRN)).slice(2);
    expect(events.map((event) => event.type)).toEqual(['rosh.reviewed', 'case.reassessed', 'risk-information.handed-over']);
    expect(events[2].data).toMatchObject({ riskInformationId: 'ri-k-1', heldBy: 'NPS' });
  });

  it('records one review per assessment: the same review again records nothing; other content for it is refused', async () => {
    await handler.execute(new RecordRoshReviewCommand(CRN, actors.spo, { ...review, level: 'HIGH' }));
    const again = await handler.execute(new RecordRoshReviewCommand(CRN, actors.officer, { ...review, level: 'HIGH' }));
    expect(again).toEqual({
      crn: CRN,
      outcome: 'STAYS_WITH_NPS',
      managedBy: 'NPS',
      reason: 'Stays with the public service: risk of serious harm is HIGH',
      revision: 2,
      created: false,
    });
    for (const changed of [{ level: 'VERY_HIGH' }, { assessor: 'po.bob' }, { assessedOn: '2026-11-04' }] as const) {
      await expect(
        handler.execute(new RecordRoshReviewCommand(CRN, actors.officer, { ...review, level: 'HIGH', ...changed })),
      ).rejects.toThrow(AssessmentAlreadyRecordedError);
    }
    expect(await testbed.eventsOf(CRN)).toHaveLength(3);
    // Another assessment is another review, even at the same level.
    const next = await handler.execute(
      new RecordRoshReviewCommand(CRN, actors.officer, { ...review, level: 'HIGH', assessmentReference: 'OASys-4480' }),
    );
    expect(next).toMatchObject({ created: true, revision: 4 });
  });

  it('refuses a provider and a case nobody allocated, recording nothing', async () => {
    await expect(handler.execute(new RecordRoshReviewCommand(CRN, actors.crc07, review))).rejects.toBeInstanceOf(RoleNotAllowedError);
    await expect(handler.execute(new RecordRoshReviewCommand('X199999', actors.officer, review))).rejects.toBeInstanceOf(CaseNotFoundError);
    expect(await testbed.eventsOf(CRN)).toHaveLength(1);
    expect(await testbed.eventsOf('X199999')).toEqual([]);
  });
});
