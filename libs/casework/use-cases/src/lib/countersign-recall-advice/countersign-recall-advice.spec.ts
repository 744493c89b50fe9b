import 'reflect-metadata';
import {
  CountersignatureOutOfOrderError,
  CountersignerConflictError,
  ItemNotFoundError,
  RecallAdviceAlreadyIssuedError,
} from '@escalation-hub/casework-domain';
import type { Actor } from '@escalation-hub/casework-domain';
import { A_WORKING_MORNING, actors, hoursLater, ON_LICENCE } from '@escalation-hub/casework-domain/testing';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { CountersignRecallAdviceCommand } from './countersign-recall-advice.command';
import { CountersignRecallAdviceHandler } from './countersign-recall-advice.handler';

const CRN = 'X100043';

describe('countersign-recall-advice', () => {
  let now: Date;
  let testbed: UseCaseTestbed;
  let handler: CountersignRecallAdviceHandler;

  /** Recall advice `ra-1` on a licence case, drafted by `author` and awaiting an SPO. */
  const draftBy = (author: Actor) => testbed.draftRecallAdvice(CRN, 'ra-1', author);

  beforeEach(async () => {
    now = A_WORKING_MORNING;
    testbed = openUseCaseTestbed(() => now);
    handler = new CountersignRecallAdviceHandler(testbed.runner, testbed.items);
    await testbed.allocate(CRN, { sentence: ON_LICENCE });
  });
  afterEach(() => testbed.close());

  it('records the SPO’s countersignature, then the ACO’s, which issues the advice; found by its id alone', async () => {
    await draftBy(actors.officer);
    const bySpo = await handler.execute(new CountersignRecallAdviceCommand('ra-1', actors.spo, 'Proportionate.'));
    expect(bySpo).toEqual({ recallAdviceId: 'ra-1', crn: CRN, status: 'AWAITING_ACO', revision: 2 });
    const byAco = await handler.execute(new CountersignRecallAdviceCommand('ra-1', actors.aco, 'Agreed.', CRN));
    expect(byAco).toEqual({ recallAdviceId: 'ra-1', crn: CRN, status: 'ISSUED', revision: 4 });

    const [, , spoSigned, acoSigned, issued] = await testbed.eventsOf(CRN);
    expect(spoSigned).toMatchObject({
      type: 'recall-advice.countersigned-by-spo',
      actor: actors.spo,
      data: { recallAdviceId: 'ra-1', rationale: 'Proportionate.' },
    });
    expect(acoSigned).toMatchObject({
      type: 'recall-advice.countersigned-by-aco',
      actor: actors.aco,
      data: { recallAdviceId: 'ra-1', rationale: 'Agreed.' },
    });
    expect(issued).toMatchObject({
      type: 'recall-advice.issued',
      actor: actors.aco,
      data: {
        recallAdviceId: 'ra-1',
        recallType: 'FIXED_TERM',
        emergency: false,
        authoredBy: actors.officer.id,
        spo: actors.spo.id,
        aco: actors.aco.id,
        dueAt: hoursLater(24).toISOString(),
        late: false,
      },
    });
  });

  it('marks advice issued after its 24 hours as late', async () => {
    await draftBy(actors.officer);
    await handler.execute(new CountersignRecallAdviceCommand('ra-1', actors.spo, 'Proportionate.'));
    now = hoursLater(25);
    await handler.execute(new CountersignRecallAdviceCommand('ra-1', actors.aco, 'Agreed, late.'));
    expect((await testbed.eventsOf(CRN)).at(-1)).toMatchObject({ type: 'recall-advice.issued', data: { late: true } });
  });

  describe('refuses, recording nothing', () => {
    const refused = async (signer: Actor, error: new (...args: never[]) => Error, recorded: number) => {
      await expect(handler.execute(new CountersignRecallAdviceCommand('ra-1', signer, 'Signed.'))).rejects.toBeInstanceOf(error);
      expect(await testbed.eventsOf(CRN)).toHaveLength(recorded);
    };

    it('an ACO before the SPO', async () => {
      await draftBy(actors.officer);
      await refused(actors.aco, CountersignatureOutOfOrderError, 2);
    });

    it('the author countersigning their own advice', async () => {
      await draftBy(actors.spo);
      await refused(actors.spo, CountersignerConflictError, 2);
    });

    it('a countersignature on advice already issued', async () => {
      await draftBy(actors.officer);
      await handler.execute(new CountersignRecallAdviceCommand('ra-1', actors.spo, 'Proportionate.'));
      await handler.execute(new CountersignRecallAdviceCommand('ra-1', actors.aco, 'Agreed.'));
      await refused(actors.aco, RecallAdviceAlreadyIssuedError, 5);
    });

    it('advice nobody drafted', async () => {
      await refused(actors.spo, ItemNotFoundError, 1);
    });
  });
});
