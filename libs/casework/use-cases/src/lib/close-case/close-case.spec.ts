import 'reflect-metadata';
import { CaseClosedError, ClosedOnInFutureError, ClosureDetailsRequiredError, RoleNotAllowedError } from '@escalation-hub/casework-domain';
import { actors } from '@escalation-hub/casework-domain/testing';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { CloseCaseCommand } from './close-case.command';
import { CloseCaseHandler } from './close-case.handler';

const CRN = 'X100025';
/** The day before A_WORKING_MORNING. */
const closure = { reason: 'DEPORTED', details: 'Removed from the UK on 3 November.', closedOn: '2026-11-03' } as const;

describe('close-case', () => {
  let testbed: UseCaseTestbed;
  let handler: CloseCaseHandler;
  let escalationId: string;

  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    handler = new CloseCaseHandler(testbed.runner);
    await testbed.allocate(CRN);
    escalationId = await testbed.escalate(CRN);
  });
  afterEach(() => testbed.close());

  it('closes the case, withdrawing its open items, and answers what it withdrew; the same closure again records nothing', async () => {
    const answer = await handler.execute(new CloseCaseCommand(CRN, actors.officer, closure));
    expect(answer).toEqual({
      crn: CRN,
      reason: 'DEPORTED',
      closedOn: '2026-11-03',
      withdrawnItems: [escalationId],
      revision: 3,
      created: true,
    });
    const [, , withdrawn, closed] = await testbed.eventsOf(CRN);
    expect(withdrawn).toMatchObject({
      type: 'item.withdrawn',
      actor: actors.officer,
      data: { itemId: escalationId, kind: 'ESCALATION', reason: `The case closed: the person was deported (${closure.details})` },
    });
    expect(closed).toMatchObject({ type: 'case.closed', actor: actors.officer });
    expect(closed.data).toEqual({ ...closure, withdrawnItems: [escalationId] });

    expect(await handler.execute(new CloseCaseCommand(CRN, actors.spo, { ...closure }))).toEqual({ ...answer, created: false });
    expect(await testbed.eventsOf(CRN)).toHaveLength(4);
  });

  it('refuses a different closure of a closed case, recording nothing', async () => {
    await handler.execute(new CloseCaseCommand(CRN, actors.officer, { reason: 'SENTENCE_ENDED', closedOn: '2026-11-03' }));
    await expect(
      handler.execute(new CloseCaseCommand(CRN, actors.officer, { reason: 'SENTENCE_ENDED', closedOn: '2026-11-02' })),
    ).rejects.toBeInstanceOf(CaseClosedError);
    expect(await testbed.eventsOf(CRN)).toHaveLength(4);
  });

  it('refuses OTHER without details, a day after today, and a provider, recording nothing', async () => {
    await expect(
      handler.execute(new CloseCaseCommand(CRN, actors.officer, { reason: 'OTHER', details: '  ', closedOn: '2026-11-03' })),
    ).rejects.toBeInstanceOf(ClosureDetailsRequiredError);
    await expect(handler.execute(new CloseCaseCommand(CRN, actors.officer, { ...closure, closedOn: '2026-11-05' }))).rejects.toBeInstanceOf(
      ClosedOnInFutureError,
    );
    await expect(handler.execute(new CloseCaseCommand(CRN, actors.crc07, closure))).rejects.toBeInstanceOf(RoleNotAllowedError);
    expect(await testbed.eventsOf(CRN)).toHaveLength(2);
  });
});
