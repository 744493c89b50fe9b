import 'reflect-metadata';
import { CourtStageOutOfOrderError, DateInFutureError, RoleNotAllowedError } from '@escalation-hub/casework-domain';
import type { Actor, BreachOutcome } from '@escalation-hub/casework-domain';
import { actors } from '@escalation-hub/casework-domain/testing';
import { DecideBreachPackCommand } from '../decide-breach-pack/decide-breach-pack.command';
import { DecideBreachPackHandler } from '../decide-breach-pack/decide-breach-pack.handler';
import { openUseCaseTestbed, UseCaseTestbed } from '../testing/use-case.testbed';
import { RecordCourtStageCommand } from './record-court-stage.command';
import { RecordCourtStageHandler } from './record-court-stage.handler';

const CRN = 'X100203';

describe('record-court-stage', () => {
  let testbed: UseCaseTestbed;
  let handler: RecordCourtStageHandler;

  beforeEach(async () => {
    testbed = openUseCaseTestbed();
    handler = new RecordCourtStageHandler(testbed.runner, testbed.items);
    await testbed.allocate(CRN);
  });
  afterEach(() => testbed.close());

  /** CRC07's breach pack on the community order, decided by an officer: its id. */
  async function breachDecided(outcome: BreachOutcome, requestId = 'bp-k-1'): Promise<string> {
    const breachPackId = await testbed.submitBreachPack(CRN, requestId);
    await new DecideBreachPackHandler(testbed.runner, testbed.items).execute(
      new DecideBreachPackCommand(breachPackId, actors.officer, { outcome, rationale: 'Back to court.' }),
    );
    return breachPackId;
  }

  it('records each stage at court on the pack found by its id alone, in order; the same stage again records nothing', async () => {
    const breachPackId = await breachDecided('RETURN_TO_COURT');
    const laid = await handler.execute(
      new RecordCourtStageCommand(breachPackId, actors.officer, { stage: 'LAID', on: '2026-11-02', details: ' Laid at Manchester. ' }),
    );
    expect(laid).toEqual({ breachPackId, crn: CRN, court: [{ stage: 'LAID', on: '2026-11-02', outcome: null }], revision: 3 });
    const events = await testbed.eventsOf(CRN);
    expect(events[events.length - 1]).toMatchObject({
      type: 'breach.court-stage-recorded',
      actor: actors.officer,
      data: { breachPackId, stage: 'LAID', on: '2026-11-02', outcome: null, details: 'Laid at Manchester.' },
    });
    const resent = { stage: 'LAID', on: '2026-11-02', details: 'Laid at Manchester.' } as const;
    expect(await handler.execute(new RecordCourtStageCommand(breachPackId, actors.spo, resent))).toEqual(laid);
    expect(await testbed.eventsOf(CRN)).toHaveLength(events.length);

    await handler.execute(new RecordCourtStageCommand(breachPackId, actors.officer, { stage: 'LISTED', on: '2026-11-03' }, CRN));
    const decided = await handler.execute(
      new RecordCourtStageCommand(breachPackId, actors.aco, { stage: 'OUTCOME', on: '2026-11-04', outcome: 'ORDER_AMENDED' }),
    );
    expect(decided.court).toEqual([
      { stage: 'LAID', on: '2026-11-02', outcome: null },
      { stage: 'LISTED', on: '2026-11-03', outcome: null },
      { stage: 'OUTCOME', on: '2026-11-04', outcome: 'ORDER_AMENDED' },
    ]);
    expect((await testbed.eventsOf(CRN)).pop()).toMatchObject({ actor: actors.aco, data: { outcome: 'ORDER_AMENDED', details: null } });
  });

  it('refuses a stage out of order, a day after today, a provider, and a breach not sent to court, recording nothing', async () => {
    const toCourt = await breachDecided('RETURN_TO_COURT');
    const warned = await breachDecided('WARNING', 'bp-k-2');
    const before = (await testbed.eventsOf(CRN)).length;
    const record = (breachPackId: string, stage: RecordCourtStageCommand['stage'], actor: Actor = actors.officer) =>
      handler.execute(new RecordCourtStageCommand(breachPackId, actor, stage));
    await expect(record(toCourt, { stage: 'LISTED', on: '2026-11-02' })).rejects.toBeInstanceOf(CourtStageOutOfOrderError);
    await expect(record(toCourt, { stage: 'LAID', on: '2026-11-02', outcome: 'FINED' })).rejects.toBeInstanceOf(CourtStageOutOfOrderError);
    await expect(record(toCourt, { stage: 'LAID', on: '2026-11-05' })).rejects.toBeInstanceOf(DateInFutureError);
    await expect(record(toCourt, { stage: 'LAID', on: '2026-11-02' }, actors.crc07)).rejects.toBeInstanceOf(RoleNotAllowedError);
    await expect(record(warned, { stage: 'LAID', on: '2026-11-02' })).rejects.toBeInstanceOf(CourtStageOutOfOrderError);
    expect(await testbed.eventsOf(CRN)).toHaveLength(before);
  });
});
