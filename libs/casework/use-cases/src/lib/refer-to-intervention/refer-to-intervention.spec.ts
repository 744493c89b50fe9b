import 'reflect-metadata';
import {
  CaseNotFoundError,
  CaseNotManagedByPublicServiceError,
  RationaleRequiredError,
  RoleNotAllowedError,
} from '@escalation-hub/casework-domain';
import { actors } from '@escalation-hub/casework-domain/testing';
import { RecordRiskInformationCommand } from '../record-risk-information/record-risk-information.command';
import { RecordRiskInformationHandler } from '../record-risk-information/record-risk-information.handler';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { ReferToInterventionCommand } from './refer-to-intervention.command';
import { ReferToInterventionHandler } from './refer-to-intervention.handler';

/** Kept by the public service from the start (RoSH HIGH), and one CRC07 manages. */
const KEPT = 'X100207';
const PROVIDERS = 'X100217';
const referral = { provider: 'CRC07', intervention: ' Thinking skills group ' };

describe('refer-to-intervention', () => {
  let testbed: UseCaseTestbed;
  let handler: ReferToInterventionHandler;
  /** What CRC07 learned in the group: it may record it on the case only once referred. */
  const recordFromTheGroup = () =>
    new RecordRiskInformationHandler(testbed.runner).execute(
      new RecordRiskInformationCommand(KEPT, actors.crc07, {
        riskInformationId: 'ri-group-1',
        source: 'INTERVENTION_PROVIDER',
        channel: 'Said in a group session',
        knownAt: '2026-11-04T09:00:00.000Z',
        receivedBy: 'Group facilitator',
        threat: true,
        summary: 'Said he would find his former partner.',
      }),
    );

  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    handler = new ReferToInterventionHandler(testbed.runner);
    await testbed.allocate(KEPT, { rosh: 'HIGH' });
    await testbed.allocate(PROVIDERS);
  });
  afterEach(() => testbed.close());

  it('records the referral, after which the provider may record what it learns there; the same referral again records nothing', async () => {
    await expect(recordFromTheGroup()).rejects.toBeInstanceOf(CaseNotFoundError);
    const answer = await handler.execute(new ReferToInterventionCommand(KEPT, actors.officer, referral));
    expect(answer).toEqual({ crn: KEPT, provider: 'CRC07', intervention: 'Thinking skills group', revision: 1 });
    expect(await testbed.eventsOf(KEPT)).toEqual([
      expect.objectContaining({ type: 'case.allocated' }),
      expect.objectContaining({
        type: 'intervention.referred',
        actor: actors.officer,
        data: { provider: 'CRC07', intervention: 'Thinking skills group' },
      }),
    ]);
    expect(await handler.execute(new ReferToInterventionCommand(KEPT, actors.spo, { ...referral }))).toEqual(answer);
    expect(await testbed.eventsOf(KEPT)).toHaveLength(2);

    expect(await recordFromTheGroup()).toMatchObject({ heldBy: 'NPS', created: true });
  });

  it('refuses a case a provider manages, anyone but staff, and a blank intervention, recording nothing', async () => {
    await expect(handler.execute(new ReferToInterventionCommand(PROVIDERS, actors.officer, referral))).rejects.toBeInstanceOf(
      CaseNotManagedByPublicServiceError,
    );
    for (const [crn, actor] of [
      [KEPT, actors.auditor],
      [PROVIDERS, actors.crc07],
    ] as const) {
      await expect(handler.execute(new ReferToInterventionCommand(crn, actor, referral))).rejects.toBeInstanceOf(RoleNotAllowedError);
    }
    await expect(
      handler.execute(new ReferToInterventionCommand(KEPT, actors.officer, { provider: 'CRC07', intervention: '  ' })),
    ).rejects.toBeInstanceOf(RationaleRequiredError);
    expect(await testbed.eventsOf(PROVIDERS)).toHaveLength(1);
    expect(await testbed.eventsOf(KEPT)).toHaveLength(1);
  });
});
