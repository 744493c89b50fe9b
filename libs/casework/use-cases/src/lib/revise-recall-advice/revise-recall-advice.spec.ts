import 'reflect-metadata';
import { NotTheAuthorError, RecallAdviceNotReturnedError, RecallTypeNotAllowedError } from '@escalation-hub/casework-domain';
import { A_WORKING_MORNING, actors, hoursLater, ON_LICENCE } from '@escalation-hub/casework-domain/testing';
import { ReturnRecallAdviceCommand } from '../return-recall-advice/return-recall-advice.command';
import { ReturnRecallAdviceHandler } from '../return-recall-advice/return-recall-advice.handler';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { ReviseRecallAdviceCommand } from './revise-recall-advice.command';
import { ReviseRecallAdviceHandler } from './revise-recall-advice.handler';

const CRN = 'X100045';
const revision = {
  recallType: 'STANDARD',
  emergency: true,
  rationale: 'Licence conditions 3 and 5 breached on 1 and 3 November; now missing.',
  fixedTermExclusion: { reason: 'OTHER', details: 'Threatened his former partner.' },
  note: 'Named the conditions and dates; he has since gone missing.',
} as const;

describe('revise-recall-advice', () => {
  let now: Date;
  let testbed: UseCaseTestbed;
  let handler: ReviseRecallAdviceHandler;

  // Advice `ra-1`, drafted by the officer at A_WORKING_MORNING, returned to her by the SPO; she revises it an hour later.
  beforeEach(async () => {
    now = A_WORKING_MORNING;
    testbed = openUseCaseTestbed(() => now);
    handler = new ReviseRecallAdviceHandler(testbed.runner, testbed.items);
    await testbed.allocate(CRN, { sentence: ON_LICENCE });
    await testbed.draftRecallAdvice(CRN);
    await new ReturnRecallAdviceHandler(testbed.runner, testbed.items).execute(
      new ReturnRecallAdviceCommand('ra-1', actors.spo, 'Say which conditions were breached.'),
    );
    now = hoursLater(1);
  });
  afterEach(() => testbed.close());

  it('records the revision field by field, due from the first draft, and answers that it awaits an SPO again; resent, it records nothing', async () => {
    const answer = await handler.execute(new ReviseRecallAdviceCommand('ra-1', actors.officer, revision));
    expect(answer).toEqual({ recallAdviceId: 'ra-1', crn: CRN, status: 'AWAITING_SPO', revision: 3 });
    const [, , , revised] = await testbed.eventsOf(CRN);
    expect(revised).toEqual({
      type: 'recall-advice.revised',
      actor: actors.officer,
      occurredAt: hoursLater(1).toISOString(),
      // An emergency now: due two hours after the first draft, not after the revision.
      data: { recallAdviceId: 'ra-1', ...revision, basedOn: [], dueAt: hoursLater(2).toISOString() },
    });

    expect(await handler.execute(new ReviseRecallAdviceCommand('ra-1', actors.officer, { ...revision }, CRN))).toEqual(answer);
    expect(await testbed.eventsOf(CRN)).toHaveLength(4);
  });

  describe('refuses, recording nothing', () => {
    it('a revision by anyone but the author', async () => {
      await expect(handler.execute(new ReviseRecallAdviceCommand('ra-1', actors.otherOfficer, revision))).rejects.toBeInstanceOf(
        NotTheAuthorError,
      );
      expect(await testbed.eventsOf(CRN)).toHaveLength(3);
    });

    it('a standard recall of a determinate sentence that names no exclusion from fixed-term recall', async () => {
      const noExclusion = { ...revision, fixedTermExclusion: null };
      await expect(handler.execute(new ReviseRecallAdviceCommand('ra-1', actors.officer, noExclusion))).rejects.toBeInstanceOf(
        RecallTypeNotAllowedError,
      );
      expect(await testbed.eventsOf(CRN)).toHaveLength(3);
    });

    it('a different revision when no return awaits one', async () => {
      await handler.execute(new ReviseRecallAdviceCommand('ra-1', actors.officer, revision));
      const another = { ...revision, note: 'Changed my mind again.' };
      await expect(handler.execute(new ReviseRecallAdviceCommand('ra-1', actors.officer, another))).rejects.toBeInstanceOf(
        RecallAdviceNotReturnedError,
      );
      expect(await testbed.eventsOf(CRN)).toHaveLength(4);
    });
  });
});
