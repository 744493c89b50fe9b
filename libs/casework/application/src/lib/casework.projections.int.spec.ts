import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventLog, Projector, SqliteEventStore, SqlProjection, SqlReadModelStore } from '@escalation-hub/event-store';
import { SQL_TEST_ENGINES, SqlTestStorage } from '@escalation-hub/sql/testing';
import { CaseCommand, decide, DueTimePolicy } from '@escalation-hub/casework-domain';
import { actors, allocateCommand } from '@escalation-hub/casework-domain/testing';
import { CaseRepository } from './case.repository';
import { CASEWORK_PROJECTIONS } from './casework.projections';
import { CaseworkReadModels } from './casework.read-models';

const T0 = new Date('2026-11-04T10:00:00Z');
const hours = (n: number) => new Date(T0.getTime() + n * 3_600_000);

describe.each(SQL_TEST_ENGINES)('casework read models on $name', (engine) => {
  let dir: string;
  let store: SqliteEventStore;
  let log: EventLog;
  let storage: SqlTestStorage;
  let readModels: SqlReadModelStore;
  let projectors: Projector<SqlProjection>[];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-casework-rm-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    log = new EventLog(store);
    storage = engine.open();
    readModels = new SqlReadModelStore(storage.database());
    projectors = CASEWORK_PROJECTIONS.map((projection) => new Projector(log, readModels, projection, { pollIntervalMs: 20 }));
  });

  afterEach(async () => {
    await Promise.all(projectors.map((projector) => projector.stop()));
    await readModels.close();
    await storage.cleanup();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function record(command: CaseCommand, at: Date): Promise<void> {
    const repository = new CaseRepository(log);
    const loaded = await repository.load(command.crn);
    const events = decide(loaded.state, command, { now: at, dueTimes: new DueTimePolicy() });
    if (events.length) await repository.append(command.crn, events, loaded.version);
  }
  const escalate = (crn: string, id: string, urgency: 'IMMEDIATE' | 'URGENT' | 'ROUTINE'): CaseCommand => ({
    type: 'RequestEscalation',
    crn,
    actor: actors.crc07,
    payload: {
      escalationId: id,
      requestId: id,
      requestFingerprint: id,
      raisedBy: 'Jo',
      proposedRosh: 'HIGH',
      urgency,
      triggers: ['OTHER'],
      summary: 's',
    },
  });
  const caughtUp = async () => {
    await Promise.all(projectors.map((projector) => projector.start()));
    const head = (await store.headPosition()) ?? 0;
    await Promise.all(projectors.map((projector) => projector.waitForPosition(head, 5000)));
  };

  it('orders the queue overdue first, then by due time, and drops decided items', async () => {
    await record(allocateCommand({}, 'Q000001'), T0);
    await record(escalate('Q000001', 'routine', 'ROUTINE'), T0);
    await record(escalate('Q000001', 'urgent', 'URGENT'), T0);
    await record(escalate('Q000001', 'immediate', 'IMMEDIATE'), hours(1));
    await record(escalate('Q000001', 'decided', 'IMMEDIATE'), T0);
    await record(
      {
        type: 'DecideEscalation',
        crn: 'Q000001',
        actor: actors.officer,
        payload: { escalationId: 'decided', outcome: 'RETAIN_WITH_PROVIDER', rationale: 'r', advice: null, revisedRosh: null },
      },
      hours(1),
    );
    await caughtUp();
    const queries = new CaseworkReadModels(readModels.database);
    expect((await queries.queue({ limit: 10 }, hours(1.5))).map((item) => [item.itemId, item.overdue])).toEqual([
      ['immediate', false],
      ['urgent', false],
      ['routine', false],
    ]);
    // Past its due time, the IMMEDIATE one is overdue and comes first; a day on, the URGENT one too, after it.
    expect((await queries.queue({ limit: 10 }, hours(3.5))).map((item) => [item.itemId, item.overdue])).toEqual([
      ['immediate', true],
      ['urgent', false],
      ['routine', false],
    ]);
    expect((await queries.queue({ limit: 10 }, hours(25))).map((item) => [item.itemId, item.overdue])).toEqual([
      ['immediate', true],
      ['urgent', true],
      ['routine', false],
    ]);
    // Pages of the same order, and the size of the whole queue for the pager.
    expect((await queries.queue({ limit: 2, offset: 1 }, hours(25))).map((item) => item.itemId)).toEqual(['urgent', 'routine']);
    expect(await queries.queueSize({})).toBe(3);
    expect(await queries.queueSize({ kind: 'BREACH_PACK' })).toBe(0);
    expect(await queries.queueSize({ provider: 'CRC07', ldu: 'LDU-MAN-N' })).toBe(3);
    expect(await queries.queueSize({ provider: 'CRC07', ldu: 'LDU-ELSEWHERE' })).toBe(0);
    expect(await queries.queueFilterChoices()).toEqual({ ldus: ['LDU-MAN-N'], providers: ['CRC07'] });
    expect(await queries.itemsDueForOverdueMark(hours(3.5), 10)).toEqual([{ itemId: 'immediate', crn: 'Q000001' }]);
    expect(await queries.findItem('decided')).toEqual({ crn: 'Q000001', kind: 'ESCALATION' });
  });

  it('gives each provider the events of its own cases only, in order', async () => {
    await record(allocateCommand({}, 'P000001'), T0);
    await record(allocateCommand({ provider: 'CRC11' }, 'P000002'), T0);
    await record(escalate('P000001', 'mine', 'ROUTINE'), T0);
    await caughtUp();
    const queries = new CaseworkReadModels(readModels.database);
    expect((await queries.feed('CRC07', { sequence: 0 }, 100)).map((entry) => [entry.crn, entry.type])).toEqual([
      ['P000001', 'case.allocated'],
      ['P000001', 'escalation.requested'],
    ]);
    expect((await queries.feed('CRC11', { sequence: 0 }, 100)).map((entry) => entry.crn)).toEqual(['P000002']);
  });

  it('rebuilds every read model from zero to the same content', async () => {
    await record(allocateCommand({}, 'R000001'), T0);
    await record(escalate('R000001', 'r1', 'URGENT'), T0);
    await record(escalate('R000001', 'r2', 'ROUTINE'), T0);
    await record({ type: 'ClaimItem', crn: 'R000001', actor: actors.officer, payload: { itemId: 'r1' } }, hours(1));
    await caughtUp();
    const tables = ['case_view', 'case_items', 'queue_cases', 'queue_items', 'feed_cases', 'feed_events'];
    const snapshot = () => Promise.all(tables.map((table) => readModels.database.all(`SELECT * FROM ${table} ORDER BY 1`)));
    const before = await snapshot();
    expect(before.every((rows) => rows.length > 0)).toBe(true);
    // Damage every read model, so only a real rebuild can restore them.
    await readModels.database.exec(`DELETE FROM case_items; DELETE FROM feed_events; DELETE FROM queue_items WHERE item_id = 'r2';
      UPDATE case_view SET managed_by = 'X'; UPDATE queue_cases SET state = '{}'; UPDATE feed_cases SET provider = 'X'`);
    expect(await snapshot()).not.toEqual(before);
    for (const projector of projectors) await projector.rebuild();
    const head = (await store.headPosition()) ?? 0;
    await Promise.all(projectors.map((projector) => projector.waitForPosition(head, 5000)));
    expect(await snapshot()).toEqual(before);
  });

  it("numbers a provider's feed without gaps or repeats when two writers apply events at once (two gateway instances)", async () => {
    const crns = Array.from({ length: 12 }, (_, index) => `F${String(index).padStart(6, '0')}`);
    for (const crn of crns) {
      await record(allocateCommand({}, crn), T0);
      await record(escalate(crn, `${crn}-a`, 'URGENT'), hours(1));
      await record(escalate(crn, `${crn}-b`, 'ROUTINE'), hours(2));
    }
    const events = await log.readAll({ maxCount: 1000 });
    const feed = CASEWORK_PROJECTIONS.find((projection) => projection.name === 'provider-feed') as SqlProjection;
    await readModels.prepare(feed);
    // Each writer owns half the cases (as two consumers own partitions), each applying its events one transaction at a time.
    const writer = (half: number) =>
      (async () => {
        for (const event of events.filter((candidate) => crns.indexOf(candidate.streamName.slice(5)) % 2 === half)) {
          await readModels.database.transaction((sql) => feed.apply(sql, event));
        }
      })();
    await Promise.all([writer(0), writer(1)]);
    const entries = await new CaseworkReadModels(readModels.database).feed('CRC07', { sequence: 0 }, 1000);
    expect(entries.map((entry) => entry.sequence)).toEqual(Array.from({ length: events.length }, (_, index) => index + 1));
    for (const crn of crns) {
      expect(entries.filter((entry) => entry.crn === crn).map((entry) => entry.revision)).toEqual([0, 1, 2]);
    }
    // A cursor from before sequences (a store position) still reads what came after it.
    const position = events[10].position;
    const afterPosition = await new CaseworkReadModels(readModels.database).feed('CRC07', { position }, 1000);
    expect(afterPosition.map((entry) => entry.position).sort((a, b) => a - b)).toEqual(
      events.filter((event) => event.position > position).map((event) => event.position),
    );
  });
});
