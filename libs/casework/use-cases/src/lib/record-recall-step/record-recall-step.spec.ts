import 'reflect-metadata';
import { HappenedAtOutOfRangeError, RecallStepOutOfOrderError, RoleNotAllowedError } from '@escalation-hub/casework-domain';
import type { Actor } from '@escalation-hub/casework-domain';
import { A_WORKING_MORNING, actors, hoursLater, ON_LICENCE } from '@escalation-hub/casework-domain/testing';
import { CountersignRecallAdviceCommand } from '../countersign-recall-advice/countersign-recall-advice.command';
import { CountersignRecallAdviceHandler } from '../countersign-recall-advice/countersign-recall-advice.handler';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { RecordRecallStepCommand } from './record-recall-step.command';
import { RecordRecallStepHandler } from './record-recall-step.handler';

const CRN = 'X100047';
const ISSUED_EVENTS = 5; // allocated, drafted, countersigned by the SPO and the ACO, issued

describe('record-recall-step', () => {
  let now: Date;
  let testbed: UseCaseTestbed;
  let handler: RecordRecallStepHandler;

  const draft = (recallAdviceId: string) => testbed.draftRecallAdvice(CRN, recallAdviceId);
  const step = (recallAdviceId: string, given: RecordRecallStepCommand['step'], actor: Actor = actors.officer) =>
    handler.execute(new RecordRecallStepCommand(recallAdviceId, actor, given));

  // Advice `ra-1` on a licence case, issued at A_WORKING_MORNING; the steps are recorded three hours later.
  beforeEach(async () => {
    now = A_WORKING_MORNING;
    testbed = openUseCaseTestbed(() => now);
    handler = new RecordRecallStepHandler(testbed.runner, testbed.items);
    await testbed.allocate(CRN, { sentence: ON_LICENCE });
    await draft('ra-1');
    const countersign = new CountersignRecallAdviceHandler(testbed.runner, testbed.items);
    await countersign.execute(new CountersignRecallAdviceCommand('ra-1', actors.spo, 'Proportionate.'));
    await countersign.execute(new CountersignRecallAdviceCommand('ra-1', actors.aco, 'Agreed.'));
    now = hoursLater(3);
  });
  afterEach(() => testbed.close());

  it('records each step as given and answers every step so far; the same step again records nothing', async () => {
    const sent = { step: 'SENT_TO_PPCS', happenedAt: hoursLater(1).toISOString(), details: 'Emailed to PPCS.' } as const;
    const first = await step('ra-1', sent);
    expect(first).toEqual({
      recallAdviceId: 'ra-1',
      crn: CRN,
      steps: [{ step: 'SENT_TO_PPCS', happenedAt: sent.happenedAt }],
      revision: 5,
    });
    expect((await testbed.eventsOf(CRN))[ISSUED_EVENTS]).toEqual({
      type: 'recall.progressed',
      actor: actors.officer,
      occurredAt: hoursLater(3).toISOString(),
      data: { recallAdviceId: 'ra-1', ...sent },
    });
    expect(await step('ra-1', { ...sent })).toEqual(first);

    const revoked = { step: 'LICENCE_REVOKED', happenedAt: hoursLater(2).toISOString() } as const;
    expect(await step('ra-1', revoked, actors.spo)).toMatchObject({ steps: [first.steps[0], revoked], revision: 6 });
    const events = await testbed.eventsOf(CRN);
    expect(events).toHaveLength(ISSUED_EVENTS + 2);
    expect(events.at(-1)).toMatchObject({ actor: actors.spo, data: { ...revoked, details: null } });
  });

  describe('refuses, recording nothing', () => {
    const sent = { step: 'SENT_TO_PPCS', happenedAt: hoursLater(1).toISOString() } as const;

    it('a step on advice not yet issued', async () => {
      await draft('ra-2');
      await expect(step('ra-2', sent)).rejects.toBeInstanceOf(RecallStepOutOfOrderError);
      expect(await testbed.eventsOf(CRN)).toHaveLength(ISSUED_EVENTS + 1);
    });

    it('a step out of order', async () => {
      await expect(step('ra-1', { ...sent, step: 'RETURNED_TO_CUSTODY' })).rejects.toBeInstanceOf(RecallStepOutOfOrderError);
      expect(await testbed.eventsOf(CRN)).toHaveLength(ISSUED_EVENTS);
    });

    it('a step that has not happened yet', async () => {
      await expect(step('ra-1', { ...sent, happenedAt: hoursLater(4).toISOString() })).rejects.toBeInstanceOf(HappenedAtOutOfRangeError);
      expect(await testbed.eventsOf(CRN)).toHaveLength(ISSUED_EVENTS);
    });

    it('a step recorded by a provider', async () => {
      await expect(step('ra-1', sent, actors.crc07)).rejects.toBeInstanceOf(RoleNotAllowedError);
      expect(await testbed.eventsOf(CRN)).toHaveLength(ISSUED_EVENTS);
    });
  });
});
