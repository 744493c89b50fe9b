import 'reflect-metadata';
import { ItemClaimedByAnotherError, ItemNotFoundError, RoleNotAllowedError } from '@escalation-hub/casework-domain';
import type { Actor } from '@escalation-hub/casework-domain';
import { A_WORKING_MORNING, actors, hoursLater } from '@escalation-hub/casework-domain/testing';
import { ClaimItemCommand } from '../claim-item/claim-item.command';
import { ClaimItemHandler } from '../claim-item/claim-item.handler';
import { RecordRiskInformationCommand } from '../record-risk-information/record-risk-information.command';
import { RecordRiskInformationHandler } from '../record-risk-information/record-risk-information.handler';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { AcknowledgeRiskInformationCommand } from './acknowledge-risk-information.command';
import { AcknowledgeRiskInformationHandler } from './acknowledge-risk-information.handler';

/** Kept by the public service from the start (RoSH HIGH), and one CRC07 manages. */
const KEPT = 'X100208';
const PROVIDERS = 'X100218';

describe('acknowledge-risk-information', () => {
  let now: Date;
  let testbed: UseCaseTestbed;
  let handler: AcknowledgeRiskInformationHandler;
  const record = (crn: string, actor: Actor, riskInformationId: string, threat = false) =>
    new RecordRiskInformationHandler(testbed.runner).execute(
      new RecordRiskInformationCommand(crn, actor, {
        riskInformationId,
        source: 'POLICE',
        channel: 'Phone call from the local neighbourhood team',
        knownAt: '2026-11-04T09:30:00.000Z',
        receivedBy: 'Jo Bloggs',
        threat,
        summary: 'Police report he was seen near the victim’s home.',
      }),
    );

  const claim = (itemId: string, actor: Actor) =>
    new ClaimItemHandler(testbed.runner, testbed.items).execute(new ClaimItemCommand(itemId, actor));

  beforeEach(async () => {
    now = A_WORKING_MORNING;
    testbed = openUseCaseTestbed(() => now);
    handler = new AcknowledgeRiskInformationHandler(testbed.runner, testbed.items);
    await testbed.allocate(KEPT, { rosh: 'HIGH' });
    await testbed.allocate(PROVIDERS);
  });
  afterEach(() => testbed.close());

  it('records the acknowledgement of an item found by its id alone, once; sent again it answers the same', async () => {
    const { dueAt } = await record(KEPT, actors.officer, 'ri-1');
    const answer = await handler.execute(new AcknowledgeRiskInformationCommand('ri-1', actors.officer));
    expect(answer).toEqual({
      riskInformationId: 'ri-1',
      crn: KEPT,
      acknowledgedAt: A_WORKING_MORNING.toISOString(),
      late: false,
      revision: 2,
    });
    const events = await testbed.eventsOf(KEPT);
    expect(events[2]).toEqual({
      type: 'risk-information.acknowledged',
      actor: actors.officer,
      occurredAt: A_WORKING_MORNING.toISOString(),
      data: { riskInformationId: 'ri-1', dueAt, late: false, heldBy: 'NPS', recordedByProvider: null },
    });
    now = hoursLater(1);
    expect(await handler.execute(new AcknowledgeRiskInformationCommand('ri-1', actors.spo, KEPT))).toEqual(answer);
    expect(await testbed.eventsOf(KEPT)).toHaveLength(events.length);
  });

  it('lets the provider holding it acknowledge it, late past its due time, answered in the provider’s own revisions', async () => {
    // A claim on CRC07's escalation: staff work the provider is never shown, so its revisions fall behind the case's.
    await claim(await testbed.escalate(PROVIDERS), actors.officer);
    await record(PROVIDERS, actors.crc07, 'ri-2', true);
    now = hoursLater(3);
    const answer = await handler.execute(new AcknowledgeRiskInformationCommand('ri-2', actors.crc07));
    expect(answer).toEqual({ riskInformationId: 'ri-2', crn: PROVIDERS, acknowledgedAt: now.toISOString(), late: true, revision: 3 });
    expect((await testbed.eventsOf(PROVIDERS)).pop()).toMatchObject({
      actor: actors.crc07,
      data: { riskInformationId: 'ri-2', late: true, heldBy: 'CRC07', recordedByProvider: 'CRC07' },
    });
  });

  it('refuses while another officer holds the claim, an auditor, and hides the item from a provider that never saw the case', async () => {
    await record(KEPT, actors.officer, 'ri-1');
    await claim('ri-1', actors.otherOfficer);
    const before = (await testbed.eventsOf(KEPT)).length;
    await expect(handler.execute(new AcknowledgeRiskInformationCommand('ri-1', actors.officer))).rejects.toBeInstanceOf(
      ItemClaimedByAnotherError,
    );
    await expect(handler.execute(new AcknowledgeRiskInformationCommand('ri-1', actors.auditor))).rejects.toBeInstanceOf(
      RoleNotAllowedError,
    );
    await expect(handler.execute(new AcknowledgeRiskInformationCommand('ri-1', actors.crc07))).rejects.toBeInstanceOf(ItemNotFoundError);
    await expect(handler.execute(new AcknowledgeRiskInformationCommand('ri-none', actors.officer))).rejects.toBeInstanceOf(
      ItemNotFoundError,
    );
    expect(await testbed.eventsOf(KEPT)).toHaveLength(before);
  });
});
