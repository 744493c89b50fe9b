import 'reflect-metadata';
import { CountersignatureOutOfOrderError, RecallAdviceReturnedError, RoleNotAllowedError } from '@escalation-hub/casework-domain';
import type { Actor } from '@escalation-hub/casework-domain';
import { actors, ON_LICENCE } from '@escalation-hub/casework-domain/testing';
import { CountersignRecallAdviceCommand } from '../countersign-recall-advice/countersign-recall-advice.command';
import { CountersignRecallAdviceHandler } from '../countersign-recall-advice/countersign-recall-advice.handler';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { ReturnRecallAdviceCommand } from './return-recall-advice.command';
import { ReturnRecallAdviceHandler } from './return-recall-advice.handler';

const CRN = 'X100044';
const REASON = 'Say which licence conditions were breached, and when.';

describe('return-recall-advice', () => {
  let testbed: UseCaseTestbed;
  let handler: ReturnRecallAdviceHandler;

  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    handler = new ReturnRecallAdviceHandler(testbed.runner, testbed.items);
    await testbed.allocate(CRN, { sentence: ON_LICENCE });
    await testbed.draftRecallAdvice(CRN);
  });
  afterEach(() => testbed.close());

  const returnBy = (actor: Actor, reason = REASON) => handler.execute(new ReturnRecallAdviceCommand('ra-1', actor, reason));

  it('records the SPO’s return with its reason, field by field, and answers RETURNED; the same return again records nothing', async () => {
    const answer = await returnBy(actors.spo);
    expect(answer).toEqual({ recallAdviceId: 'ra-1', crn: CRN, status: 'RETURNED', revision: 2 });
    const [, , returned] = await testbed.eventsOf(CRN);
    expect(returned).toMatchObject({
      type: 'recall-advice.returned',
      actor: actors.spo,
      data: { recallAdviceId: 'ra-1', stage: 'SPO', reason: REASON },
    });
    expect(await returnBy(actors.spo)).toEqual(answer);
    expect(await testbed.eventsOf(CRN)).toHaveLength(3);
  });

  it('records the ACO’s return at the ACO stage once the SPO has signed', async () => {
    await new CountersignRecallAdviceHandler(testbed.runner, testbed.items).execute(
      new CountersignRecallAdviceCommand('ra-1', actors.spo, 'Proportionate.'),
    );
    expect(await returnBy(actors.aco, 'Not proportionate.')).toMatchObject({ status: 'RETURNED', revision: 3 });
    expect((await testbed.eventsOf(CRN)).at(-1)).toMatchObject({
      type: 'recall-advice.returned',
      actor: actors.aco,
      data: { recallAdviceId: 'ra-1', stage: 'ACO', reason: 'Not proportionate.' },
    });
  });

  describe('refuses, recording nothing', () => {
    it('a return by someone who does not countersign', async () => {
      await expect(returnBy(actors.otherOfficer)).rejects.toBeInstanceOf(RoleNotAllowedError);
      expect(await testbed.eventsOf(CRN)).toHaveLength(2);
    });

    it('a return by the ACO while the advice awaits the SPO', async () => {
      await expect(returnBy(actors.aco)).rejects.toBeInstanceOf(CountersignatureOutOfOrderError);
      expect(await testbed.eventsOf(CRN)).toHaveLength(2);
    });

    it('another return while the advice is back with its author', async () => {
      await returnBy(actors.spo);
      await expect(returnBy(actors.otherSpo, 'Also check the dates.')).rejects.toBeInstanceOf(RecallAdviceReturnedError);
      expect(await testbed.eventsOf(CRN)).toHaveLength(3);
    });
  });
});
