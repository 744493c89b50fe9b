import type { SqlDatabase } from '@escalation-hub/sql';
import { SQL_TEST_ENGINES, SqlTestStorage } from '@escalation-hub/sql/testing';
import type { CaseCommand } from '@escalation-hub/casework-domain';
import {
  allocateCommand,
  recordFailureToComply,
  recordRiskInformation,
  recordRoshReview,
  recordWarning,
} from '@escalation-hub/casework-domain/testing';
import { countLateItems, itemDeadlinesProjection, lateItems } from './late-decisions.projection';
import { at, recordCase } from './testing/recorded-case';

describe.each(SQL_TEST_ENGINES)('the late-decisions report on $name', (engine) => {
  let storage: SqlTestStorage;
  let db: SqlDatabase;
  const now = new Date('2026-11-30T12:00:00Z');

  beforeEach(async () => {
    storage = engine.open();
    db = storage.database();
    await itemDeadlinesProjection.setUp(db);
    const item = (id: string, dueAt: string, decidedAt: string | null, late: boolean | null) =>
      db.run(
        'INSERT INTO item_deadlines (item_id, kind, crn, opened_at, due_at, decided_at, decided_by, late) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [
          id,
          'ESCALATION',
          'L000001',
          '2026-11-01T00:00:00Z',
          dueAt,
          decidedAt,
          decidedAt ? 'po.alice' : null,
          late === null ? null : late ? 1 : 0,
        ],
      );
    await item('on-time', '2026-11-10T00:00:00.000Z', '2026-11-09T00:00:00.000Z', false);
    await item('late-1', '2026-11-11T00:00:00.000Z', '2026-11-12T00:00:00.000Z', true);
    await item('overdue-2', '2026-11-12T00:00:00.000Z', null, null);
    await item('late-3', '2026-11-13T00:00:00.000Z', '2026-11-20T00:00:00.000Z', true);
    await item('not-due-yet', '2026-12-05T00:00:00.000Z', null, null);
  });

  afterEach(async () => {
    await db.close();
    await storage.cleanup();
  });

  it('lists late and overdue items by due time, a page at a time, and counts them all', async () => {
    expect((await lateItems(db, {}, now)).map((item) => [item.itemId, item.status])).toEqual([
      ['late-1', 'DECIDED_LATE'],
      ['overdue-2', 'STILL_OVERDUE'],
      ['late-3', 'DECIDED_LATE'],
    ]);
    expect(await countLateItems(db, {}, now)).toBe(3);
    expect((await lateItems(db, {}, now, { limit: 2, offset: 1 })).map((item) => item.itemId)).toEqual(['overdue-2', 'late-3']);
    const range = { from: '2026-11-12T00:00:00.000Z', to: '2026-11-13T00:00:00.000Z' };
    expect((await lateItems(db, range, now)).map((item) => item.itemId)).toEqual(['overdue-2']);
    expect(await countLateItems(db, range, now)).toBe(1);
  });

  it('says whose move each late item was, and lists only the public service’s or only the providers’ on request', async () => {
    await db.run(
      `INSERT INTO item_deadlines (item_id, kind, crn, opened_at, due_at, awaited_from) VALUES
        ('provider-held', 'RISK_INFORMATION', 'L000004', '2026-11-01T00:00:00Z', '2026-11-12T06:00:00.000Z', 'CRC07')`,
    );
    expect((await lateItems(db, {}, now)).map((item) => [item.itemId, item.awaitedFrom])).toEqual([
      ['late-1', 'NPS'],
      ['overdue-2', 'NPS'],
      ['provider-held', 'CRC07'],
      ['late-3', 'NPS'],
    ]);
    expect((await lateItems(db, { awaiting: 'PROVIDER' }, now)).map((item) => item.itemId)).toEqual(['provider-held']);
    expect(await countLateItems(db, { awaiting: 'PROVIDER' }, now)).toBe(1);
    const publicService = await lateItems(db, { awaiting: 'PUBLIC_SERVICE', from: '2026-11-12T00:00:00.000Z' }, now);
    expect(publicService.map((item) => item.itemId)).toEqual(['overdue-2', 'late-3']);
    expect(await countLateItems(db, { awaiting: 'PUBLIC_SERVICE' }, now)).toBe(3);
  });

  it('counts an item withdrawn with its case only if it was already past due, and one waiting on the provider not at all', async () => {
    await db.run(
      `INSERT INTO item_deadlines (item_id, kind, crn, opened_at, due_at, withdrawn_at, awaiting_provider_since) VALUES
        ('withdrawn-late', 'ESCALATION', 'L000002', '2026-11-01T00:00:00Z', '2026-11-14T00:00:00.000Z', '2026-11-14T01:00:00.000Z', NULL),
        ('withdrawn-in-time', 'ESCALATION', 'L000002', '2026-11-01T00:00:00Z', '2026-11-15T00:00:00.000Z', '2026-11-14T01:00:00.000Z', NULL),
        ('asked-provider', 'ESCALATION', 'L000003', '2026-11-01T00:00:00Z', '2026-11-16T00:00:00.000Z', NULL, '2026-11-15T00:00:00.000Z')`,
    );
    const listed = await lateItems(db, { from: '2026-11-14T00:00:00.000Z' }, now);
    expect(listed.map((item) => [item.itemId, item.status, item.lateByMinutes])).toEqual([['withdrawn-late', 'WITHDRAWN_OVERDUE', 60]]);
  });
});

describe.each(SQL_TEST_ENGINES)('whose move a late item was, from the case events, on $name', (engine) => {
  let storage: SqlTestStorage;
  let db: SqlDatabase;

  beforeEach(async () => {
    storage = engine.open();
    db = storage.database();
    await itemDeadlinesProjection.setUp(db);
  });

  afterEach(async () => {
    await db.close();
    await storage.cleanup();
  });

  /** Decides each command at its hour, stores the events, and applies them all to the projection. */
  async function project(commands: [number, CaseCommand][]): Promise<void> {
    const log = await recordCase(commands);
    for (const recorded of await log.readAll()) await db.transaction((sql) => itemDeadlinesProjection.apply(sql, recorded));
  }

  it('answers a threat to the provider that held it when it fell due, though the case then moved', async () => {
    const threat = (riskInformationId: string, hours: number) =>
      recordRiskInformation({ riskInformationId, threat: true, knownAt: at(hours).toISOString() });
    await project([
      [0, allocateCommand()],
      [0, threat('ri-overdue-at-crc07', 0)], // due at 2 hours, held by CRC07, which manages the case
      [3, threat('ri-moved-in-time', 3)], // due at 5 hours
      [4, recordRoshReview({ level: 'HIGH' })], // the case moves to the public service, and both threats with it
    ]);
    const late = await lateItems(db, {}, at(24 * 30));
    expect(late.map((item) => [item.itemId, item.kind, item.awaitedFrom])).toEqual([
      ['ri-overdue-at-crc07', 'RISK_INFORMATION', 'CRC07'],
      ['ri-moved-in-time', 'RISK_INFORMATION', 'NPS'],
    ]);
    expect((await lateItems(db, { awaiting: 'PROVIDER' }, at(24 * 30))).map((item) => item.itemId)).toEqual(['ri-overdue-at-crc07']);
  });

  it('answers breach proceedings due to the provider that owes the breach pack', async () => {
    await project([
      [0, allocateCommand()], // a community order, supervised by CRC07
      [0, recordFailureToComply({ failureId: 'fail-1', date: '2026-10-01' })],
      [0, recordWarning({ failureIds: ['fail-1'], issuedOn: '2026-10-02' })],
      [0, recordFailureToComply({ failureId: 'fail-2', date: '2026-11-02' })], // within 12 months of the warning
    ]);
    const late = await lateItems(db, { awaiting: 'PROVIDER' }, at(24 * 30));
    expect(late.map((item) => [item.itemId, item.kind, item.awaitedFrom])).toEqual([['bd-fail-2', 'BREACH_DUE', 'CRC07']]);
  });
});
