import 'reflect-metadata';
import { ItemClaimedByAnotherError, ItemNotFoundError } from '@escalation-hub/casework-domain';
import { actors } from '@escalation-hub/casework-domain/testing';
import { ReleaseItemCommand } from '../release-item/release-item.command';
import { ReleaseItemHandler } from '../release-item/release-item.handler';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { ClaimItemCommand } from './claim-item.command';
import { ClaimItemHandler } from './claim-item.handler';

const CRN = 'X100011';

describe('claim-item (and release-item)', () => {
  let testbed: UseCaseTestbed;
  let claim: ClaimItemHandler;
  let release: ReleaseItemHandler;
  let escalationId: string;

  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    claim = new ClaimItemHandler(testbed.runner, testbed.items);
    release = new ReleaseItemHandler(testbed.runner, testbed.items);
    await testbed.allocate(CRN);
    escalationId = await testbed.escalate(CRN);
  });
  afterEach(() => testbed.close());

  it('claims an item found by its id alone, and claiming it again records nothing', async () => {
    const claimed = await claim.execute(new ClaimItemCommand(escalationId, actors.officer));
    expect(claimed).toEqual({ itemId: escalationId, kind: 'ESCALATION', crn: CRN, claimedBy: actors.officer.id, revision: 2 });
    expect(await claim.execute(new ClaimItemCommand(escalationId, actors.officer))).toEqual(claimed);
    expect((await testbed.eventsOf(CRN)).map((event) => event.type)).toEqual(['case.allocated', 'escalation.requested', 'item.claimed']);
  });

  it('refuses another officer’s claim; its holder, or an SPO, gives it back', async () => {
    await claim.execute(new ClaimItemCommand(escalationId, actors.officer, CRN));
    await expect(claim.execute(new ClaimItemCommand(escalationId, actors.otherOfficer))).rejects.toBeInstanceOf(ItemClaimedByAnotherError);
    await expect(release.execute(new ReleaseItemCommand(escalationId, actors.otherOfficer))).rejects.toBeInstanceOf(
      ItemClaimedByAnotherError,
    );
    expect(await release.execute(new ReleaseItemCommand(escalationId, actors.spo))).toMatchObject({ claimedBy: null, revision: 3 });
    expect(await claim.execute(new ClaimItemCommand(escalationId, actors.otherOfficer))).toMatchObject({
      claimedBy: actors.otherOfficer.id,
    });
  });

  it('answers an item nobody has opened as not found', async () => {
    await expect(claim.execute(new ClaimItemCommand('esc-nobody', actors.officer))).rejects.toBeInstanceOf(ItemNotFoundError);
  });
});
