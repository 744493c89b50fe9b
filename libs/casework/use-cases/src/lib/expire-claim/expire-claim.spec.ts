import 'reflect-metadata';
import { ItemNotFoundError, RoleNotAllowedError } from '@escalation-hub/casework-domain';
import { A_WORKING_MORNING, actors, hoursLater } from '@escalation-hub/casework-domain/testing';
import { ClaimItemCommand } from '../claim-item/claim-item.command';
import { ClaimItemHandler } from '../claim-item/claim-item.handler';
import { ReleaseItemCommand } from '../release-item/release-item.command';
import { ReleaseItemHandler } from '../release-item/release-item.handler';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { ExpireClaimCommand } from './expire-claim.command';
import { ExpireClaimHandler } from './expire-claim.handler';

const CRN = 'X100026';
const EIGHT_HOURS = 8 * 3600;

describe('expire-claim', () => {
  let now: Date;
  let testbed: UseCaseTestbed;
  let handler: ExpireClaimHandler;
  let claim: ClaimItemHandler;
  let escalationId: string;

  beforeEach(async () => {
    now = A_WORKING_MORNING;
    testbed = openUseCaseTestbed(() => now);
    handler = new ExpireClaimHandler(testbed.runner);
    claim = new ClaimItemHandler(testbed.runner, testbed.items);
    await testbed.allocate(CRN);
    escalationId = await testbed.escalate(CRN);
    await claim.execute(new ClaimItemCommand(escalationId, actors.officer, CRN)); // claimed at A_WORKING_MORNING
  });
  afterEach(() => testbed.close());

  it('lets a claim go only once it has been held the time allowed, recording whose it was and since when', async () => {
    now = new Date(hoursLater(8).getTime() - 1);
    expect(await handler.execute(new ExpireClaimCommand(CRN, escalationId, EIGHT_HOURS))).toEqual({ expired: false });
    expect(await testbed.eventsOf(CRN)).toHaveLength(3);

    now = hoursLater(8);
    expect(await handler.execute(new ExpireClaimCommand(CRN, escalationId, EIGHT_HOURS))).toEqual({ expired: true });
    const events = await testbed.eventsOf(CRN);
    expect(events).toHaveLength(4);
    expect(events[3]).toMatchObject({ type: 'item.claim-expired', actor: actors.scheduler, occurredAt: now.toISOString() });
    expect(events[3].data).toEqual({
      itemId: escalationId,
      kind: 'ESCALATION',
      claimedBy: actors.officer.id,
      claimedAt: A_WORKING_MORNING.toISOString(),
      expiresAfterSeconds: EIGHT_HOURS,
    });

    // Once lapsed, nothing more to let go, and the item is free for anyone.
    expect(await handler.execute(new ExpireClaimCommand(CRN, escalationId, EIGHT_HOURS))).toEqual({ expired: false });
    expect(await claim.execute(new ClaimItemCommand(escalationId, actors.otherOfficer))).toMatchObject({
      claimedBy: actors.otherOfficer.id,
    });
  });

  it('counts a claim given back and taken again afresh', async () => {
    now = hoursLater(6);
    await new ReleaseItemHandler(testbed.runner, testbed.items).execute(new ReleaseItemCommand(escalationId, actors.officer, CRN));
    await claim.execute(new ClaimItemCommand(escalationId, actors.otherOfficer, CRN));
    now = hoursLater(8);
    expect(await handler.execute(new ExpireClaimCommand(CRN, escalationId, EIGHT_HOURS))).toEqual({ expired: false });
    now = hoursLater(14);
    expect(await handler.execute(new ExpireClaimCommand(CRN, escalationId, EIGHT_HOURS))).toEqual({ expired: true });
    const events = await testbed.eventsOf(CRN);
    expect(events[events.length - 1].data).toMatchObject({ claimedBy: actors.otherOfficer.id, claimedAt: hoursLater(6).toISOString() });
  });

  it('is the hub scheduler’s alone, and refuses an item the case does not have, recording nothing', async () => {
    now = hoursLater(9);
    await expect(handler.execute(new ExpireClaimCommand(CRN, escalationId, EIGHT_HOURS, actors.spo))).rejects.toBeInstanceOf(
      RoleNotAllowedError,
    );
    await expect(handler.execute(new ExpireClaimCommand(CRN, 'esc-nobody', EIGHT_HOURS))).rejects.toBeInstanceOf(ItemNotFoundError);
    expect(await testbed.eventsOf(CRN)).toHaveLength(3);
  });
});
