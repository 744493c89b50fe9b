import 'reflect-metadata';
import { ItemAlreadyDecidedError } from '@escalation-hub/casework-domain';
import { actors } from '@escalation-hub/casework-domain/testing';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { DecideEscalationCommand } from './decide-escalation.command';
import { DecideEscalationHandler } from './decide-escalation.handler';

const CRN = 'X100012';

describe('decide-escalation', () => {
  let testbed: UseCaseTestbed;
  let handler: DecideEscalationHandler;
  let escalationId: string;

  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    handler = new DecideEscalationHandler(testbed.runner, testbed.items);
    await testbed.allocate(CRN);
    escalationId = await testbed.escalate(CRN);
  });
  afterEach(() => testbed.close());

  it('records the decision with its rationale, field by field, and answers who manages the case now', async () => {
    const decision = { outcome: 'TRANSFER_TO_NPS', rationale: 'Threats to a named victim.', revisedRosh: 'HIGH' } as const;
    const answer = await handler.execute(new DecideEscalationCommand(escalationId, actors.officer, decision));
    expect(answer).toEqual({ escalationId, crn: CRN, outcome: 'TRANSFER_TO_NPS', late: false, managedBy: 'NPS', revision: 3 });
    const decided = (await testbed.eventsOf(CRN)).find((event) => event.type === 'escalation.decided');
    expect(decided).toMatchObject({
      actor: actors.officer,
      data: { escalationId, ...decision, advice: null, highRiskRetention: null, seenRevision: null, late: false },
    });
    await expect(
      handler.execute(
        new DecideEscalationCommand(escalationId, actors.otherOfficer, { outcome: 'RETAIN_WITH_PROVIDER', rationale: 'No.' }),
      ),
    ).rejects.toBeInstanceOf(ItemAlreadyDecidedError);
  });

  it('asks the provider questions instead, keeping the escalation open until it answers', async () => {
    const answer = await handler.execute(
      new DecideEscalationCommand(
        escalationId,
        actors.officer,
        { outcome: 'MORE_INFORMATION_REQUIRED', rationale: 'Need the police log.', questions: ['What did the police record?'] },
        CRN,
      ),
    );
    expect(answer).toMatchObject({ outcome: 'MORE_INFORMATION_REQUIRED', managedBy: 'CRC07', answerDueAt: expect.any(String) });
    expect((await testbed.eventsOf(CRN)).map((event) => event.type)).toContain('escalation.information-requested');
  });
});
