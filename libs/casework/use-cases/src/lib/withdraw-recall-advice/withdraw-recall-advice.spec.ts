import 'reflect-metadata';
import { ItemAlreadyDecidedError, NotTheAuthorError, RecallAdviceAlreadyIssuedError } from '@escalation-hub/casework-domain';
import { actors, ON_LICENCE } from '@escalation-hub/casework-domain/testing';
import { CountersignRecallAdviceCommand } from '../countersign-recall-advice/countersign-recall-advice.command';
import { CountersignRecallAdviceHandler } from '../countersign-recall-advice/countersign-recall-advice.handler';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { WithdrawRecallAdviceCommand } from './withdraw-recall-advice.command';
import { WithdrawRecallAdviceHandler } from './withdraw-recall-advice.handler';

const CRN = 'X100046';
const REASON = 'He handed himself in; the police are dealing with it.';

describe('withdraw-recall-advice', () => {
  let testbed: UseCaseTestbed;
  let handler: WithdrawRecallAdviceHandler;
  let countersign: CountersignRecallAdviceHandler;

  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    handler = new WithdrawRecallAdviceHandler(testbed.runner, testbed.items);
    countersign = new CountersignRecallAdviceHandler(testbed.runner, testbed.items);
    await testbed.allocate(CRN, { sentence: ON_LICENCE });
    await testbed.draftRecallAdvice(CRN);
  });
  afterEach(() => testbed.close());

  it('records the author’s withdrawal with its reason and answers WITHDRAWN; the same withdrawal again records nothing', async () => {
    const answer = await handler.execute(new WithdrawRecallAdviceCommand('ra-1', actors.officer, REASON));
    expect(answer).toEqual({ recallAdviceId: 'ra-1', crn: CRN, status: 'WITHDRAWN', revision: 2 });
    const [, , withdrawn] = await testbed.eventsOf(CRN);
    expect(withdrawn).toMatchObject({
      type: 'recall-advice.withdrawn',
      actor: actors.officer,
      data: { recallAdviceId: 'ra-1', reason: REASON },
    });

    expect(await handler.execute(new WithdrawRecallAdviceCommand('ra-1', actors.officer, REASON, CRN))).toEqual(answer);
    expect(await testbed.eventsOf(CRN)).toHaveLength(3);
  });

  it('leaves withdrawn advice unsigned for good', async () => {
    await handler.execute(new WithdrawRecallAdviceCommand('ra-1', actors.officer, REASON));
    await expect(countersign.execute(new CountersignRecallAdviceCommand('ra-1', actors.spo, 'Signed.'))).rejects.toBeInstanceOf(
      RecallAdviceAlreadyIssuedError,
    );
  });

  describe('refuses, recording nothing', () => {
    it('a withdrawal by anyone but the author', async () => {
      await expect(handler.execute(new WithdrawRecallAdviceCommand('ra-1', actors.spo, REASON))).rejects.toBeInstanceOf(NotTheAuthorError);
      expect(await testbed.eventsOf(CRN)).toHaveLength(2);
    });

    it('withdrawing advice already issued', async () => {
      await countersign.execute(new CountersignRecallAdviceCommand('ra-1', actors.spo, 'Proportionate.'));
      await countersign.execute(new CountersignRecallAdviceCommand('ra-1', actors.aco, 'Agreed.'));
      await expect(handler.execute(new WithdrawRecallAdviceCommand('ra-1', actors.officer, REASON))).rejects.toBeInstanceOf(
        RecallAdviceAlreadyIssuedError,
      );
      expect(await testbed.eventsOf(CRN)).toHaveLength(5);
    });

    it('withdrawing it again for another reason', async () => {
      await handler.execute(new WithdrawRecallAdviceCommand('ra-1', actors.officer, REASON));
      await expect(handler.execute(new WithdrawRecallAdviceCommand('ra-1', actors.officer, 'Another reason.'))).rejects.toBeInstanceOf(
        ItemAlreadyDecidedError,
      );
      expect(await testbed.eventsOf(CRN)).toHaveLength(3);
    });
  });
});
