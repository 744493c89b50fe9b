import 'reflect-metadata';
import {
  ItemAlreadyDecidedError,
  RationaleRequiredError,
  RoleNotAllowedError,
  SeenRevisionUnknownError,
} from '@escalation-hub/casework-domain';
import type { Actor } from '@escalation-hub/casework-domain';
import { A_WORKING_MORNING, actors, hoursLater } from '@escalation-hub/casework-domain/testing';
import { AcknowledgeRiskInformationCommand } from '../acknowledge-risk-information/acknowledge-risk-information.command';
import { AcknowledgeRiskInformationHandler } from '../acknowledge-risk-information/acknowledge-risk-information.handler';
import { ClaimItemCommand } from '../claim-item/claim-item.command';
import { ClaimItemHandler } from '../claim-item/claim-item.handler';
import { RecordRiskInformationCommand } from '../record-risk-information/record-risk-information.command';
import { RecordRiskInformationHandler } from '../record-risk-information/record-risk-information.handler';
import { ReferToInterventionCommand } from '../refer-to-intervention/refer-to-intervention.command';
import { ReferToInterventionHandler } from '../refer-to-intervention/refer-to-intervention.handler';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { ReviewRiskInformationCommand } from './review-risk-information.command';
import { ReviewRiskInformationHandler } from './review-risk-information.handler';

/** Kept by the public service from the start (RoSH HIGH), and one CRC07 manages. */
const KEPT = 'X100209';
const PROVIDERS = 'X100219';
const review = { outcome: 'PLAN_UPDATED', rationale: ' Curfew added to the plan. ', seenRevision: 1 } as const;

describe('review-risk-information', () => {
  let now: Date;
  let testbed: UseCaseTestbed;
  let handler: ReviewRiskInformationHandler;
  const record = (crn: string, actor: Actor, riskInformationId: string, threat = false) =>
    new RecordRiskInformationHandler(testbed.runner).execute(
      new RecordRiskInformationCommand(crn, actor, {
        riskInformationId,
        source: 'VICTIM_OR_FAMILY',
        channel: 'Phone call to the victim liaison officer',
        knownAt: '2026-11-04T09:30:00.000Z',
        receivedBy: 'Jo Bloggs',
        threat,
        summary: 'He was seen loitering near her work.',
      }),
    );

  beforeEach(async () => {
    now = A_WORKING_MORNING;
    testbed = openUseCaseTestbed(() => now);
    handler = new ReviewRiskInformationHandler(testbed.runner, testbed.items);
    await testbed.allocate(KEPT, { rosh: 'HIGH' });
    await testbed.allocate(PROVIDERS);
  });
  afterEach(() => testbed.close());

  it('records the review with its reason and the revision seen, acknowledging it first if nobody had; it is reviewed once', async () => {
    const { dueAt } = await record(KEPT, actors.officer, 'ri-1');
    const answer = await handler.execute(new ReviewRiskInformationCommand('ri-1', actors.spo, review));
    expect(answer).toEqual({ riskInformationId: 'ri-1', crn: KEPT, outcome: 'PLAN_UPDATED', late: false, revision: 3 });
    const held = { riskInformationId: 'ri-1', dueAt, late: false, heldBy: 'NPS', recordedByProvider: null };
    expect((await testbed.eventsOf(KEPT)).slice(2)).toEqual([
      expect.objectContaining({ type: 'risk-information.acknowledged', actor: actors.spo, data: held }),
      expect.objectContaining({
        type: 'risk-information.reviewed',
        actor: actors.spo,
        data: { ...held, outcome: 'PLAN_UPDATED', rationale: 'Curfew added to the plan.', seenRevision: 1 },
      }),
    ]);
    await expect(handler.execute(new ReviewRiskInformationCommand('ri-1', actors.officer, review, KEPT))).rejects.toBeInstanceOf(
      ItemAlreadyDecidedError,
    );
    expect(await testbed.eventsOf(KEPT)).toHaveLength(4);
  });

  it('lets the provider holding it review it late, recording no seen revision of its own and answering in its own revisions', async () => {
    // A claim on CRC07's escalation: staff work the provider is never shown, so its revisions fall behind the case's.
    await new ClaimItemHandler(testbed.runner, testbed.items).execute(
      new ClaimItemCommand(await testbed.escalate(PROVIDERS), actors.officer),
    );
    await record(PROVIDERS, actors.crc07, 'ri-2', true);
    await new AcknowledgeRiskInformationHandler(testbed.runner, testbed.items).execute(
      new AcknowledgeRiskInformationCommand('ri-2', actors.crc07),
    );
    now = hoursLater(3);
    const answer = await handler.execute(new ReviewRiskInformationCommand('ri-2', actors.crc07, { ...review, seenRevision: 3 }));
    expect(answer).toEqual({ riskInformationId: 'ri-2', crn: PROVIDERS, outcome: 'PLAN_UPDATED', late: true, revision: 4 });
    const events = await testbed.eventsOf(PROVIDERS);
    expect(events.map((event) => event.type).slice(-3)).toEqual([
      'risk-information.recorded',
      'risk-information.acknowledged',
      'risk-information.reviewed',
    ]);
    expect(events.pop()).toMatchObject({
      actor: actors.crc07,
      data: { late: true, seenRevision: null, heldBy: 'CRC07', recordedByProvider: 'CRC07' },
    });
  });

  it('refuses a blank reason, a revision not yet recorded, and a provider on what it only recorded, recording nothing', async () => {
    await new ReferToInterventionHandler(testbed.runner).execute(
      new ReferToInterventionCommand(KEPT, actors.officer, { provider: 'CRC07', intervention: 'Thinking skills group' }),
    );
    await record(KEPT, actors.crc07, 'ri-3');
    const before = (await testbed.eventsOf(KEPT)).length;
    await expect(
      handler.execute(new ReviewRiskInformationCommand('ri-3', actors.officer, { ...review, rationale: ' ' })),
    ).rejects.toBeInstanceOf(RationaleRequiredError);
    await expect(
      handler.execute(new ReviewRiskInformationCommand('ri-3', actors.officer, { ...review, seenRevision: 99 })),
    ).rejects.toBeInstanceOf(SeenRevisionUnknownError);
    await expect(handler.execute(new ReviewRiskInformationCommand('ri-3', actors.crc07, review))).rejects.toBeInstanceOf(
      RoleNotAllowedError,
    );
    expect(await testbed.eventsOf(KEPT)).toHaveLength(before);
  });
});
