import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventLog, Projector, SqliteEventStore, SqlProjection, SqlReadModelStore } from '@escalation-hub/event-store';
import { SQL_TEST_ENGINES, SqlTestStorage } from '@escalation-hub/sql/testing';
import { CaseCommand, decide, DueTimePolicy } from '@escalation-hub/casework-domain';
import {
  actors,
  allocateCommand,
  ON_LICENCE,
  onCase,
  recordFailureToComply,
  recordRoshReview,
  recordWarning,
  referToIntervention,
  returnRecallAdvice,
  reviseRecallAdvice,
} from '@escalation-hub/casework-domain/testing';
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
    if (events.length) await repository.append(command.crn, events, loaded);
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
  /**
   * The table is gone: querying it fails. (Matched by message: better-sqlite3 makes its errors with the
   * Error of the first test file that loaded it in this jest worker, which another file's toThrow does not take for one.)
   */
  const expectNoTable = (table: string) =>
    expect(readModels.database.all(`SELECT * FROM ${table}`)).rejects.toMatchObject({
      message: expect.stringMatching(new RegExp(`no such table: ${table}|relation "${table}" does not exist`)),
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

  it('gives each provider the provider events of the cases it manages only, in order', async () => {
    await record(allocateCommand({}, 'P000001'), T0);
    await record(allocateCommand({ provider: 'CRC11' }, 'P000002'), T0);
    await record(allocateCommand({ mappa: { category: 1, level: 1 } }, 'P000003'), T0);
    await record(escalate('P000001', 'mine', 'ROUTINE'), T0);
    await record({ type: 'ClaimItem', crn: 'P000001', actor: actors.officer, payload: { itemId: 'mine' } }, hours(1));
    await caughtUp();
    const queries = new CaseworkReadModels(readModels.database);
    const feed = await queries.feed('CRC07', { sequence: 0 }, 100);
    expect(feed.map(({ sequence, event }) => [sequence, event.crn, event.type])).toEqual([
      [1, 'P000001', 'case.allocated'],
      [2, 'P000001', 'escalation.recorded'],
    ]);
    expect((await queries.feed('CRC11', { sequence: 0 }, 100)).map(({ event }) => event.crn)).toEqual(['P000002']);
    // The case the public service kept is nobody's to see, though CRC07 is its area's provider.
    expect(await queries.providerCase('CRC07', 'P000003')).toBeUndefined();
    expect(await queries.providerCase('CRC11', 'P000001')).toBeUndefined();
    const seen = await queries.providerCase('CRC07', 'P000001');
    expect(seen?.shown.map(({ type, cursor }) => [type, cursor])).toEqual([
      ['case.allocated', 'p1'],
      ['escalation.recorded', 'p2'],
    ]);
    expect(seen?.view).toMatchObject({
      crn: 'P000001',
      managedBy: 'CRC07',
      items: [{ itemId: 'mine', open: true, decision: null }],
    });
    expect(JSON.stringify(seen)).not.toContain('po.alice');
  });

  it('keeps each case’s seam as rows, and moves a seam an earlier release kept whole into rows as it goes on', async () => {
    await record(allocateCommand({ sentence: ON_LICENCE }, 'P000010'), T0);
    await record(escalate('P000010', 'first', 'ROUTINE'), T0);
    await record(escalate('P000010', 'second', 'ROUTINE'), T0);
    await record(
      {
        type: 'DraftRecallAdvice',
        crn: 'P000010',
        actor: actors.officer,
        payload: {
          recallAdviceId: 'ra-1',
          recallType: 'FIXED_TERM',
          emergency: false,
          rationale: 'Risk to the partner',
          basedOn: ['first'],
        },
      },
      hours(1),
    );
    await caughtUp();
    await Promise.all(projectors.map((projector) => projector.stop()));
    // As release cefe5e1 left it: one JSON seam per case holding every provider item and recall draft.
    const database = readModels.database;
    const items = await database.all<{ item_id: string; provider: string }>('SELECT item_id, provider FROM provider_feed_seam_items');
    const drafts = await database.all<{ recall_advice_id: string; draft: string }>(
      'SELECT recall_advice_id, draft FROM provider_feed_seam_drafts',
    );
    expect(items.map((item) => item.item_id).sort()).toEqual(['first', 'second']);
    const whole = {
      crn: 'P000010',
      managedBy: 'CRC07',
      providerItems: Object.fromEntries(items.map((item) => [item.item_id, item.provider])),
      recallDrafts: Object.fromEntries(drafts.map((draft) => [draft.recall_advice_id, JSON.parse(draft.draft)])),
    };
    await database.transaction(async (sql) => {
      await sql.run('UPDATE provider_feed_seams SET seam = ? WHERE crn = ?', [JSON.stringify(whole), 'P000010']);
      await sql.exec('DELETE FROM provider_feed_seam_items; DELETE FROM provider_feed_seam_drafts;');
    });
    const decide = (escalationId: string): CaseCommand => ({
      type: 'DecideEscalation',
      crn: 'P000010',
      actor: actors.officer,
      payload: { escalationId, outcome: 'RETAIN_WITH_PROVIDER', rationale: 'r', advice: null, revisedRosh: null },
    });
    await record(decide('second'), hours(2));
    // Returned and revised: the issue tells the provider the advice as revised, not as first drafted.
    await record(onCase('P000010', returnRecallAdvice()), hours(2));
    await record(onCase('P000010', reviseRecallAdvice({ rationale: 'Risk to the partner, as revised' })), hours(2));
    await record(
      { type: 'CountersignRecallAdvice', crn: 'P000010', actor: actors.spo, payload: { recallAdviceId: 'ra-1', rationale: 'ok' } },
      hours(3),
    );
    await record(
      { type: 'CountersignRecallAdvice', crn: 'P000010', actor: actors.aco, payload: { recallAdviceId: 'ra-1', rationale: 'ok' } },
      hours(4),
    );
    await caughtUp();
    const feed = await new CaseworkReadModels(readModels.database).feed('CRC07', { sequence: 0 }, 100);
    expect(feed.map(({ event }) => event.type)).toEqual([
      'case.allocated',
      'escalation.recorded',
      'escalation.recorded',
      'escalation.decided',
      'recall-advice.issued',
    ]);
    expect(feed[4].event.data).toMatchObject({ recallAdviceId: 'ra-1', rationale: 'Risk to the partner, as revised', basedOn: ['first'] });
    expect(JSON.parse((await database.get<{ seam: string }>('SELECT seam FROM provider_feed_seams'))?.seam ?? '')).toEqual({
      crn: 'P000010',
      managedBy: 'CRC07',
    });
    // The issued draft is gone; the items stay, as rows.
    expect(await database.all('SELECT recall_advice_id FROM provider_feed_seam_drafts')).toEqual([]);
    expect((await database.all('SELECT item_id FROM provider_feed_seam_items')).length).toBe(2);
  });

  it('resumes a cursor of the feed before provider events with exactly what it had not handed out, in any order', async () => {
    await record(allocateCommand({}, 'L000001'), T0);
    await record(escalate('L000001', 'l1', 'ROUTINE'), T0);
    await record({ type: 'ClaimItem', crn: 'L000001', actor: actors.officer, payload: { itemId: 'l1' } }, hours(1));
    await record(escalate('L000001', 'l2', 'ROUTINE'), hours(2));
    const [allocated, first, claimed, second] = await log.readAll({ maxCount: 10 });
    // As the previous release left it: version 2 of the feed, numbering events as they arrived (over
    // Kafka, not always in store order: here the claim came in before the first escalation).
    await readModels.database.exec(`
      CREATE TABLE read_model_checkpoints (name TEXT PRIMARY KEY, version INTEGER NOT NULL, source TEXT NOT NULL, position BIGINT);
      CREATE TABLE feed_cases (crn TEXT PRIMARY KEY, provider TEXT NOT NULL);
      CREATE TABLE feed_sequences (provider TEXT PRIMARY KEY, last_sequence BIGINT NOT NULL);
      CREATE TABLE feed_events (provider TEXT NOT NULL, sequence BIGINT NOT NULL, position BIGINT NOT NULL UNIQUE, crn TEXT NOT NULL,
        revision INTEGER NOT NULL, type TEXT NOT NULL, occurred_at TEXT NOT NULL, actor TEXT NOT NULL, data TEXT NOT NULL,
        PRIMARY KEY (provider, sequence));`);
    for (const [sequence, event] of [allocated, claimed, first, second].entries()) {
      await readModels.database.run(
        `INSERT INTO feed_events (provider, sequence, position, crn, revision, type, occurred_at, actor, data) VALUES ('CRC07', ?, ?, 'L000001', ?, ?, '', '{}', '{}')`,
        [sequence + 1, event.position, event.streamVersion, event.type],
      );
    }
    await readModels.database.run(
      `INSERT INTO read_model_checkpoints (name, version, source, position) VALUES ('provider-feed', 2, 'default', ?)`,
      [second.position],
    );
    await caughtUp();
    const queries = new CaseworkReadModels(readModels.database);
    const escalationsAfter = async (legacySequence: number) =>
      (await queries.feed('CRC07', { legacySequence }, 100)).map(({ event }) => (event.data as { escalationId?: string }).escalationId);
    // s2 had handed out the allocation and the claim, not the first escalation, which came in later.
    expect(await escalationsAfter(2)).toEqual(['l1', 'l2']);
    expect(await escalationsAfter(3)).toEqual(['l2']);
    expect(await escalationsAfter(4)).toEqual([]);
    expect((await queries.feed('CRC07', { legacySequence: 0 }, 100)).map(({ sequence }) => sequence)).toEqual([1, 2, 3]);
    expect((await queries.feed('CRC07', { position: first.position }, 100)).map(({ sequence }) => sequence)).toEqual([3]);
    // Only which positions went out under which cursor is kept; the old copies of internal events are gone.
    const kept = await readModels.database.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM provider_feed_legacy_cursors');
    expect(Number(kept?.n)).toBe(4);
    await expectNoTable('feed_events');
  });

  it('starts on a store whose feed is still version 1 (cursors were store positions, still honoured)', async () => {
    await record(allocateCommand({}, 'V000001'), T0);
    await record(escalate('V000001', 'v1', 'ROUTINE'), T0);
    const [allocated] = await log.readAll({ maxCount: 10 });
    await readModels.database.exec(`
      CREATE TABLE read_model_checkpoints (name TEXT PRIMARY KEY, version INTEGER NOT NULL, source TEXT NOT NULL, position BIGINT);
      CREATE TABLE feed_cases (crn TEXT PRIMARY KEY, provider TEXT NOT NULL);
      CREATE TABLE feed_events (position INTEGER PRIMARY KEY, provider TEXT NOT NULL, crn TEXT NOT NULL, revision INTEGER NOT NULL,
        type TEXT NOT NULL, occurred_at TEXT NOT NULL, actor TEXT NOT NULL, data TEXT NOT NULL);`);
    await readModels.database.run(
      `INSERT INTO feed_events (position, provider, crn, revision, type, occurred_at, actor, data) VALUES (?, 'CRC07', 'V000001', 0, 'case.allocated', '', '{}', '{}')`,
      [allocated.position],
    );
    await readModels.database.run(
      `INSERT INTO read_model_checkpoints (name, version, source, position) VALUES ('provider-feed', 1, 'default', ?)`,
      [allocated.position],
    );
    await caughtUp();
    const queries = new CaseworkReadModels(readModels.database);
    expect((await queries.feed('CRC07', { position: allocated.position }, 100)).map(({ event }) => event.type)).toEqual([
      'escalation.recorded',
    ]);
    await expectNoTable('feed_events');
  });

  it('keeps each case as rows that add up to exactly the case the write side replays', async () => {
    const crn = 'V000001';
    await record(allocateCommand({ sentence: ON_LICENCE }, crn), T0);
    await record(escalate(crn, 'v1', 'URGENT'), T0);
    await record(escalate(crn, 'v2', 'ROUTINE'), hours(1));
    await record({ type: 'ClaimItem', crn, actor: actors.officer, payload: { itemId: 'v1' } }, hours(2));
    await record({ type: 'MarkItemOverdue', crn, actor: actors.scheduler, payload: { itemId: 'v1' } }, hours(100));
    await record(
      {
        type: 'DecideEscalation',
        crn,
        actor: actors.officer,
        payload: { escalationId: 'v1', outcome: 'TRANSFER_TO_NPS', rationale: 'Too risky.', advice: null, revisedRosh: 'VERY_HIGH' },
      },
      hours(101),
    );
    await record(
      {
        type: 'DraftRecallAdvice',
        crn,
        actor: actors.officer,
        payload: {
          recallAdviceId: 'ra-v',
          recallType: 'STANDARD',
          emergency: true,
          rationale: 'Recall now.',
          basedOn: ['v1'],
          fixedTermExclusion: { reason: 'RISK_OF_SERIOUS_HARM', details: 'Too risky for a fixed term.' },
        },
      },
      hours(102),
    );
    await record(
      { type: 'CountersignRecallAdvice', crn, actor: actors.spo, payload: { recallAdviceId: 'ra-v', rationale: 'Agreed.' } },
      hours(103),
    );
    await record(
      { type: 'CountersignRecallAdvice', crn, actor: actors.aco, payload: { recallAdviceId: 'ra-v', rationale: 'Issue.' } },
      hours(104),
    );
    await caughtUp();
    const replayed = await new CaseRepository(log).load(crn);
    const found = await new CaseworkReadModels(readModels.database).findCase(crn);
    expect(found).toEqual({ state: replayed.state, revision: replayed.version });
    expect(Object.keys(found?.state.items ?? {})).toEqual(['v1', 'v2', 'ra-v']);
    expect(found?.state).toMatchObject({
      managedBy: 'NPS',
      rosh: 'VERY_HIGH',
      requests: { 'CRC07:v1': { itemId: 'v1' }, 'CRC07:v2': { itemId: 'v2' } },
    });
    const queued = await new CaseworkReadModels(readModels.database).queue({ limit: 10 }, hours(104));
    expect(queued.map((item) => item.itemId)).toEqual(['v2']);
  });

  it("keeps a case's failures, warnings and referrals as rows: the head a write rewrites stays the same size", async () => {
    const crn = 'V000002';
    const headSize = async () =>
      (await readModels.database.get<{ size: number }>('SELECT LENGTH(head) AS size FROM case_view WHERE crn = ?', [crn]))?.size;
    await record(allocateCommand({}, crn), T0);
    await record(onCase(crn, recordFailureToComply({ failureId: 'f-0', date: '2026-10-01' })), hours(1));
    await caughtUp();
    const sizeAfterOne = await headSize();
    for (let index = 1; index < 12; index += 1) {
      await record(onCase(crn, recordFailureToComply({ failureId: `f-${index}`, date: '2026-10-02' })), hours(1 + index));
    }
    await record(onCase(crn, recordWarning({ warningId: 'w-1', failureIds: ['f-0'] })), hours(20));
    await caughtUp();
    expect(await headSize()).toBe(sizeAfterOne);
    const replayed = await new CaseRepository(log).load(crn);
    const found = await new CaseworkReadModels(readModels.database).findCase(crn);
    expect(found).toEqual({ state: replayed.state, revision: replayed.version });
    expect(found?.state.compliance.failures.map((failure) => failure.failureId)).toEqual(
      Array.from({ length: 12 }, (_, index) => `f-${index}`),
    );
    expect(found?.state.compliance.warnings.map((warning) => warning.warningId)).toEqual(['w-1']);

    // Referrals are the public service's, on a case it manages.
    const managed = 'V000003';
    await record(allocateCommand({ rosh: 'VERY_HIGH' }, managed), T0);
    await record(onCase(managed, referToIntervention({ intervention: 'Thinking skills group' })), hours(1));
    await record(onCase(managed, referToIntervention({ intervention: 'Accommodation' })), hours(2));
    await caughtUp();
    const referred = await new CaseworkReadModels(readModels.database).findCase(managed);
    const replayedManaged = await new CaseRepository(log).load(managed);
    expect(referred).toEqual({ state: replayedManaged.state, revision: replayedManaged.version });
    expect(referred?.state.interventions.map((referral) => referral.intervention)).toEqual(['Thinking skills group', 'Accommodation']);
  });

  it('remembers each RoSH review’s assessment as the write side does, the last where an older release took one twice', async () => {
    const crn = 'V000004';
    const review = (level: 'HIGH' | 'LOW') => onCase(crn, recordRoshReview({ level, assessmentReference: 'OASYS-V4' }));
    await record(allocateCommand({}, crn), T0);
    const repository = new CaseRepository(log);
    const allocated = await repository.load(crn);
    await record(review('HIGH'), hours(1));
    // Before this release a case took the same assessment again: decided on the case as it was before the first.
    const again = decide(allocated.state, review('LOW'), { now: hours(2), dueTimes: new DueTimePolicy() });
    await repository.append(crn, again, await repository.load(crn));
    await caughtUp();
    const replayed = await new CaseRepository(log).load(crn);
    const found = await new CaseworkReadModels(readModels.database).findCase(crn);
    expect(found).toEqual({ state: replayed.state, revision: replayed.version });
    expect(found?.state.requests['rosh-assessment:OASYS-V4']).toEqual({
      itemId: 'OASYS-V4',
      fingerprint: JSON.stringify(['LOW', 'po.alice', recordRoshReview().payload.assessedOn]),
    });
  });

  it('rebuilds every read model from zero to the same content', async () => {
    await record(allocateCommand({}, 'R000001'), T0);
    await record(escalate('R000001', 'r1', 'URGENT'), T0);
    await record(escalate('R000001', 'r2', 'ROUTINE'), T0);
    await record({ type: 'ClaimItem', crn: 'R000001', actor: actors.officer, payload: { itemId: 'r1' } }, hours(1));
    await caughtUp();
    const tables = [
      'case_view',
      'case_view_items',
      'case_view_requests',
      'queue_cases',
      'queue_items',
      'provider_feed_seams',
      'provider_feed',
    ];
    const snapshot = () => Promise.all(tables.map((table) => readModels.database.all(`SELECT * FROM ${table} ORDER BY 1`)));
    const before = await snapshot();
    expect(before.every((rows) => rows.length > 0)).toBe(true);
    // Damage every read model, so only a real rebuild can restore them.
    await readModels.database
      .exec(`DELETE FROM case_view_items; DELETE FROM case_view_requests; DELETE FROM provider_feed; DELETE FROM queue_items WHERE item_id = 'r2';
      UPDATE case_view SET managed_by = 'X'; UPDATE queue_cases SET head = '{}'; UPDATE provider_feed_seams SET seam = '{}'`);
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
    const idOf = new Map(events.map((event) => [event.id, event]));
    for (const crn of crns) {
      const ofCase = entries.filter((entry) => entry.event.crn === crn).map((entry) => idOf.get(entry.event.id)?.streamVersion);
      expect(ofCase).toEqual([0, 1, 2]);
    }
    // A cursor from before sequences (a store position) still reads what came after it.
    const position = events[10].position;
    const afterPosition = await new CaseworkReadModels(readModels.database).feed('CRC07', { position }, 1000);
    expect(afterPosition.map((entry) => idOf.get(entry.event.id)?.position).sort((a, b) => Number(a) - Number(b))).toEqual(
      events.filter((event) => event.position > position).map((event) => event.position),
    );
  });
});
