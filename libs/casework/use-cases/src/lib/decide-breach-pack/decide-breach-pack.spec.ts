import 'reflect-metadata';
import { BreachOutcomeNotAllowedError, ItemAlreadyDecidedError, RoleNotAllowedError } from '@escalation-hub/casework-domain';
import { A_WORKING_MORNING, actors } from '@escalation-hub/casework-domain/testing';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { DecideBreachPackCommand } from './decide-breach-pack.command';
import { DecideBreachPackHandler } from './decide-breach-pack.handler';

const CRN = 'X100021';
/** Five working days after A_WORKING_MORNING (a Wednesday), at the same time of day. */
const PACK_DUE_AT = '2026-11-11T10:00:00.000Z';

describe('decide-breach-pack', () => {
  let now: Date;
  let testbed: UseCaseTestbed;
  let handler: DecideBreachPackHandler;
  let breachPackId: string;

  beforeEach(async () => {
    now = A_WORKING_MORNING;
    testbed = openUseCaseTestbed(() => now);
    handler = new DecideBreachPackHandler(testbed.runner, testbed.items);
    await testbed.allocate(CRN);
    breachPackId = await testbed.submitBreachPack(CRN);
  });
  afterEach(() => testbed.close());

  it('records the decision, field by field, on a pack found by its id alone, and answers it on time; a second decision is refused', async () => {
    const decision = { outcome: 'RETURN_TO_COURT', rationale: 'Second unacceptable absence within 12 months.', seenRevision: 1 } as const;
    const answer = await handler.execute(new DecideBreachPackCommand(breachPackId, actors.officer, decision));
    expect(answer).toEqual({ breachPackId, crn: CRN, outcome: 'RETURN_TO_COURT', late: false, revision: 2 });
    const events = await testbed.eventsOf(CRN);
    expect(events.map((event) => event.type)).toEqual(['case.allocated', 'breach-pack.submitted', 'breach-pack.decided']);
    expect(events[2]).toMatchObject({ type: 'breach-pack.decided', actor: actors.officer });
    expect(events[2].data).toEqual({ breachPackId, ...decision, dueAt: PACK_DUE_AT, late: false });

    await expect(
      handler.execute(new DecideBreachPackCommand(breachPackId, actors.otherOfficer, { outcome: 'WARNING', rationale: 'No.' }, CRN)),
    ).rejects.toBeInstanceOf(ItemAlreadyDecidedError);
    expect(await testbed.eventsOf(CRN)).toHaveLength(3);
  });

  it('records and answers a decision made after the pack’s due time as late, with no revision seen', async () => {
    now = new Date(Date.parse(PACK_DUE_AT) + 60_000);
    const answer = await handler.execute(
      new DecideBreachPackCommand(breachPackId, actors.spo, { outcome: 'WARNING', rationale: 'A final warning will do.' }, CRN),
    );
    expect(answer).toEqual({ breachPackId, crn: CRN, outcome: 'WARNING', late: true, revision: 2 });
    const [, , decided] = await testbed.eventsOf(CRN);
    expect(decided).toMatchObject({ actor: actors.spo, data: { outcome: 'WARNING', late: true, seenRevision: null } });
  });

  it('refuses an outcome the sentence does not allow, and a provider deciding, recording nothing', async () => {
    await expect(
      handler.execute(new DecideBreachPackCommand(breachPackId, actors.officer, { outcome: 'RECALL', rationale: 'Recall him.' })),
    ).rejects.toBeInstanceOf(BreachOutcomeNotAllowedError);
    await expect(
      handler.execute(new DecideBreachPackCommand(breachPackId, actors.crc07, { outcome: 'WARNING', rationale: 'Our call.' }, CRN)),
    ).rejects.toBeInstanceOf(RoleNotAllowedError);
    expect(await testbed.eventsOf(CRN)).toHaveLength(2);
  });
});
