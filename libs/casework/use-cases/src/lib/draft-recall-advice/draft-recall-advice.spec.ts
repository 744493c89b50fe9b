import 'reflect-metadata';
import { ItemIdTakenError, RecallNotAvailableError, RoleNotAllowedError } from '@escalation-hub/casework-domain';
import { A_WORKING_MORNING, actors, ON_LICENCE } from '@escalation-hub/casework-domain/testing';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { DraftRecallAdviceCommand } from './draft-recall-advice.command';
import { DraftRecallAdviceHandler } from './draft-recall-advice.handler';

const CRN = 'X100041';
const COMMUNITY_CRN = 'X100042';

describe('draft-recall-advice', () => {
  let testbed: UseCaseTestbed;
  let handler: DraftRecallAdviceHandler;

  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    handler = new DraftRecallAdviceHandler(testbed.runner);
    await testbed.allocate(CRN, { sentence: ON_LICENCE });
  });
  afterEach(() => testbed.close());

  it('records the advice as drafted, field by field, due in 24 hours and awaiting an SPO; the same form again records nothing', async () => {
    const escalationId = await testbed.escalate(CRN);
    const advice = {
      recallType: 'STANDARD',
      emergency: false,
      rationale: 'Charged with a further offence while on licence.',
      basedOn: [escalationId],
      fixedTermExclusion: { reason: 'CHARGED_WITH_FURTHER_OFFENCE', details: 'Charged with burglary on 2 November.' },
    } as const;
    const answer = await handler.execute(new DraftRecallAdviceCommand(CRN, actors.officer, 'ra-1', advice));
    const dueAt = '2026-11-05T10:00:00.000Z';
    expect(answer).toEqual({ recallAdviceId: 'ra-1', crn: CRN, dueAt, status: 'AWAITING_SPO', revision: 2, created: true });
    const drafted = (await testbed.eventsOf(CRN))[2];
    expect(drafted).toEqual({
      type: 'recall-advice.drafted',
      actor: actors.officer,
      occurredAt: A_WORKING_MORNING.toISOString(),
      data: { recallAdviceId: 'ra-1', ...advice, basedOn: [escalationId], dueAt },
    });

    expect(await handler.execute(new DraftRecallAdviceCommand(CRN, actors.officer, 'ra-1', advice))).toEqual({ ...answer, created: false });
    expect(await testbed.eventsOf(CRN)).toHaveLength(3);
  });

  it('makes emergency advice due within two hours, and a fixed-term recall records no exclusion', async () => {
    const emergency = {
      recallType: 'FIXED_TERM',
      emergency: true,
      rationale: 'Went missing from approved premises.',
      basedOn: [],
    } as const;
    const answer = await handler.execute(new DraftRecallAdviceCommand(CRN, actors.spo, 'ra-2', emergency));
    expect(answer).toMatchObject({ dueAt: '2026-11-04T12:00:00.000Z', status: 'AWAITING_SPO' });
    const [, drafted] = await testbed.eventsOf(CRN);
    expect(drafted).toMatchObject({ actor: actors.spo, data: { ...emergency, fixedTermExclusion: null } });
  });

  describe('refuses, recording nothing', () => {
    const advice = { recallType: 'FIXED_TERM', emergency: false, rationale: 'Breached his curfew.', basedOn: [] } as const;

    it('advice from a provider', async () => {
      await expect(handler.execute(new DraftRecallAdviceCommand(CRN, actors.crc07, 'ra-3', advice))).rejects.toBeInstanceOf(
        RoleNotAllowedError,
      );
      expect(await testbed.eventsOf(CRN)).toHaveLength(1);
    });

    it('recall of someone on a community order (that goes back to court)', async () => {
      await testbed.allocate(COMMUNITY_CRN);
      await expect(handler.execute(new DraftRecallAdviceCommand(COMMUNITY_CRN, actors.officer, 'ra-4', advice))).rejects.toBeInstanceOf(
        RecallNotAvailableError,
      );
      expect(await testbed.eventsOf(COMMUNITY_CRN)).toHaveLength(1);
    });

    it('the id of advice someone else drafted', async () => {
      await handler.execute(new DraftRecallAdviceCommand(CRN, actors.officer, 'ra-5', advice));
      await expect(handler.execute(new DraftRecallAdviceCommand(CRN, actors.otherOfficer, 'ra-5', advice))).rejects.toBeInstanceOf(
        ItemIdTakenError,
      );
      expect(await testbed.eventsOf(CRN)).toHaveLength(2);
    });
  });
});
