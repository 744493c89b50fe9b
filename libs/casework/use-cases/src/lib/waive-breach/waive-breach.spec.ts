import 'reflect-metadata';
import { ItemAlreadyDecidedError, ItemNotFoundError, RoleNotAllowedError } from '@escalation-hub/casework-domain';
import { actors } from '@escalation-hub/casework-domain/testing';
import { ClaimItemCommand } from '../claim-item/claim-item.command';
import { ClaimItemHandler } from '../claim-item/claim-item.handler';
import { RecordFailureToComplyCommand } from '../record-failure-to-comply/record-failure-to-comply.command';
import { RecordFailureToComplyHandler } from '../record-failure-to-comply/record-failure-to-comply.handler';
import { RecordWarningCommand } from '../record-warning/record-warning.command';
import { RecordWarningHandler } from '../record-warning/record-warning.handler';
import { aFailureToComply, openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { WaiveBreachCommand } from './waive-breach.command';
import { WaiveBreachHandler } from './waive-breach.handler';

const CRN = 'X100022';
const REASON = 'He was in hospital that week; the GP letter is on file.';

describe('waive-breach', () => {
  let testbed: UseCaseTestbed;
  let handler: WaiveBreachHandler;
  let breachDue: { breachDueId: string; dueAt: string };

  /** CRC07 records a failure, warns for it, then records a second one: breach proceedings fall due on the order. */
  async function breachProceedingsDue(): Promise<{ breachDueId: string; dueAt: string }> {
    const failures = new RecordFailureToComplyHandler(testbed.runner);
    const { failureId } = await failures.execute(new RecordFailureToComplyCommand(CRN, actors.crc07, aFailureToComply('f-k-1')));
    await new RecordWarningHandler(testbed.runner).execute(
      new RecordWarningCommand(CRN, actors.crc07, {
        requestId: 'w-k-1',
        issuedOn: '2026-10-02',
        failureIds: [failureId],
        issuedBy: 'Jo Bloggs, case manager',
        details: 'Formal warning by letter.',
      }),
    );
    const second = { ...aFailureToComply('f-k-2'), date: '2026-10-20' };
    const { breachDue: due } = await failures.execute(new RecordFailureToComplyCommand(CRN, actors.crc07, second));
    if (!due) throw new Error('breach proceedings did not fall due');
    return due;
  }

  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    handler = new WaiveBreachHandler(testbed.runner, testbed.items);
    await testbed.allocate(CRN);
    breachDue = await breachProceedingsDue();
  });
  afterEach(() => testbed.close());

  it('the provider holding the proceedings waives them by id alone, recorded field by field; the same waiver again records nothing', async () => {
    // Staff work CRC07 is never shown (a claim on its escalation), so its count of the case falls behind the case's.
    await new ClaimItemHandler(testbed.runner, testbed.items).execute(
      new ClaimItemCommand(await testbed.escalate(CRN), actors.officer, CRN),
    );
    const answer = await handler.execute(new WaiveBreachCommand(breachDue.breachDueId, actors.crc07, REASON));
    const events = await testbed.eventsOf(CRN);
    const waived = events[events.length - 1];
    expect(waived).toMatchObject({ type: 'breach.waived', actor: actors.crc07 });
    expect(waived.data).toEqual({ breachDueId: breachDue.breachDueId, reason: REASON, dueAt: breachDue.dueAt, late: false });
    expect(events).toHaveLength(8);
    expect(answer).toEqual({ breachDueId: breachDue.breachDueId, crn: CRN, revision: 6 });

    expect(await handler.execute(new WaiveBreachCommand(breachDue.breachDueId, actors.crc07, REASON))).toEqual(answer);
    await expect(handler.execute(new WaiveBreachCommand(breachDue.breachDueId, actors.crc07, 'Another reason.'))).rejects.toBeInstanceOf(
      ItemAlreadyDecidedError,
    );
    expect(await testbed.eventsOf(CRN)).toHaveLength(events.length);
  });

  it('staff may waive them too, answered with the case’s own revision', async () => {
    const answer = await handler.execute(new WaiveBreachCommand(breachDue.breachDueId, actors.officer, REASON, CRN));
    const events = await testbed.eventsOf(CRN);
    expect(answer).toEqual({ breachDueId: breachDue.breachDueId, crn: CRN, revision: events.length - 1 });
    expect(events[events.length - 1]).toMatchObject({ type: 'breach.waived', actor: actors.officer, data: { reason: REASON } });
  });

  it('tells another provider the proceedings do not exist and refuses an auditor, recording nothing', async () => {
    const before = (await testbed.eventsOf(CRN)).length;
    await expect(handler.execute(new WaiveBreachCommand(breachDue.breachDueId, actors.crc11, REASON))).rejects.toBeInstanceOf(
      ItemNotFoundError,
    );
    await expect(handler.execute(new WaiveBreachCommand(breachDue.breachDueId, actors.auditor, REASON))).rejects.toBeInstanceOf(
      RoleNotAllowedError,
    );
    expect(await testbed.eventsOf(CRN)).toHaveLength(before);
  });
});
