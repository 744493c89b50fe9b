import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventLog } from '../event-log';
import { SqliteEventStore } from '../adapters/sqlite/sqlite-event-store.adapter';
import { collectUntil, listCataloguedStreams, someNewEvents, streamCatalogueProjection } from '../../testing';
import { Projector } from './projector';
import { SQL_TEST_ENGINES, SqlTestStorage } from '@escalation-hub/sql/testing';
import { SqlProjection, SqlReadModelStore } from './sql-read-model-store.adapter';
import { ProjectionCheckpointMovedError, ProjectionVersionAheadError } from './read-model-store.port';

describe.each(SQL_TEST_ENGINES)('Projector with a read model on $name', (engine) => {
  let dir: string;
  let store: SqliteEventStore;
  let log: EventLog;
  let storage: SqlTestStorage;
  let readModels: SqlReadModelStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hub-projector-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    log = new EventLog(store);
    storage = engine.open();
    readModels = new SqlReadModelStore(storage.database());
  });

  afterEach(async () => {
    await store.close();
    await readModels.close();
    await storage.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const catalogue = () => listCataloguedStreams(readModels.database, { limit: 100 });
  const projectorFor = (projection: SqlProjection = streamCatalogueProjection) =>
    new Projector(log, readModels, projection, { batchSize: 3, pollIntervalMs: 20, retryDelayMs: 20 });

  it('catches up on history, then follows live appends, committing its checkpoint with the read model', async () => {
    await log.append('case-P1', someNewEvents(4), 'no_stream');
    await log.append('case-P2', someNewEvents(2), 'no_stream');
    const projector = projectorFor();
    await projector.start();
    await projector.whenCaughtUp();
    expect((await catalogue()).map((row) => [row.streamName, row.events])).toEqual([
      ['case-P1', 4],
      ['case-P2', 2],
    ]);
    const live = await log.append('case-P1', someNewEvents(1), 3);
    await collectUntil(async () => (await readModels.checkpoint('stream-catalogue')) === live.lastPosition);
    expect((await catalogue())[0]).toMatchObject({ streamName: 'case-P1', events: 5, lastVersion: 4, lastPosition: live.lastPosition });
    expect(projector.status()).toMatchObject({ running: true, caughtUp: true, position: live.lastPosition });
    await projector.stop();
  });

  it('feeds several read models from one subscription, each from its own checkpoint, in one transaction per batch', async () => {
    await log.append('case-P20', someNewEvents(4), 'no_stream');
    const alone = projectorFor();
    await alone.start();
    await alone.whenCaughtUp();
    await alone.stop();
    // A second read model joins later: it starts from the beginning, the catalogue from where it stopped.
    const counter: SqlProjection = {
      name: 'event-counter',
      version: 1,
      setUp: (sql) =>
        sql.exec(
          'CREATE TABLE IF NOT EXISTS event_counter (n INTEGER NOT NULL); INSERT INTO event_counter SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM event_counter)',
        ),
      reset: (sql) => sql.exec('DROP TABLE IF EXISTS event_counter'),
      apply: async (sql) => void (await sql.run('UPDATE event_counter SET n = n + 1')),
    };
    const both = new Projector(log, readModels, [streamCatalogueProjection, counter], {
      batchSize: 3,
      pollIntervalMs: 20,
      retryDelayMs: 20,
    });
    await both.start();
    await both.whenCaughtUp();
    const live = await log.append('case-P20', someNewEvents(2), 3);
    await expect(both.waitForPosition(live.lastPosition, 5_000, ['event-counter'])).resolves.toBe(true);
    await expect(both.waitForPosition(live.lastPosition, 5_000)).resolves.toBe(true);
    expect((await catalogue()).map((row) => [row.streamName, row.events])).toEqual([['case-P20', 6]]);
    expect(await readModels.database.get('SELECT n FROM event_counter')).toEqual({ n: 6 });
    expect(both.statuses()).toEqual([
      expect.objectContaining({ name: 'stream-catalogue', position: live.lastPosition }),
      expect.objectContaining({ name: 'event-counter', position: live.lastPosition }),
    ]);
    expect(await readModels.checkpoint('event-counter')).toBe(live.lastPosition);
    await both.stop();
  });

  it('resumes from its checkpoint after a restart without applying anything twice', async () => {
    await log.append('case-P3', someNewEvents(5), 'no_stream');
    const first = projectorFor();
    await first.start();
    await first.whenCaughtUp();
    await first.stop();
    await log.append('case-P3', someNewEvents(2), 4);
    const second = projectorFor();
    await second.start();
    await second.whenCaughtUp();
    expect(await catalogue()).toEqual([expect.objectContaining({ streamName: 'case-P3', events: 7 })]);
    await second.stop();
  });

  it('rolls back a failed batch whole, keeps its checkpoint, and retries it', async () => {
    await log.append('case-P4', someNewEvents(3), 'no_stream');
    let failuresLeft = 1;
    const errors: unknown[] = [];
    const flaky: SqlProjection = {
      ...streamCatalogueProjection,
      async apply(sql, event) {
        await streamCatalogueProjection.apply(sql, event);
        if (event.streamVersion === 1 && failuresLeft-- > 0) throw new Error('disk full');
      },
    };
    const projector = new Projector(log, readModels, flaky, {
      batchSize: 3,
      pollIntervalMs: 20,
      retryDelayMs: 20,
      onError: (e) => errors.push(e),
    });
    await projector.start();
    await projector.whenCaughtUp();
    expect(errors).toHaveLength(1);
    expect(await catalogue()).toEqual([expect.objectContaining({ streamName: 'case-P4', events: 3 })]);
    await projector.stop();
  });

  it('fails its start when the read model cannot be prepared, and can start once it can', async () => {
    let broken = true;
    const fragile: SqlProjection = {
      ...streamCatalogueProjection,
      async setUp(sql) {
        if (broken) throw new Error('read-model file is read-only');
        await streamCatalogueProjection.setUp(sql);
      },
    };
    await log.append('case-P8', someNewEvents(2), 'no_stream');
    const projector = projectorFor(fragile);
    await expect(projector.start()).rejects.toThrow('read-only');
    expect(projector.status().running).toBe(false);
    broken = false;
    await projector.start();
    await projector.whenCaughtUp();
    expect(await catalogue()).toEqual([expect.objectContaining({ streamName: 'case-P8', events: 2 })]);
    await projector.stop();
  });

  it('leaves no subscription behind when stopped while a restart is still preparing', async () => {
    let releasePrepare!: () => void;
    const slowPrepare = new Promise<void>((resolve) => (releasePrepare = resolve));
    const slowReadModels = {
      prepare: async (projection: SqlProjection) => {
        await slowPrepare;
        return readModels.prepare(projection);
      },
      applyBatch: (...args: Parameters<SqlReadModelStore['applyBatch']>) => readModels.applyBatch(...args),
      applyBatches: (...args: Parameters<SqlReadModelStore['applyBatches']>) => readModels.applyBatches(...args),
      reset: (projection: SqlProjection) => readModels.reset(projection),
      checkpoint: (name: string) => readModels.checkpoint(name),
    };
    const projector = new Projector(log, slowReadModels, streamCatalogueProjection, { pollIntervalMs: 20 });
    const starting = projector.start();
    const rebuilding = projector.rebuild();
    await projector.stop();
    releasePrepare();
    await Promise.allSettled([starting, rebuilding]);
    await log.append('case-P9', someNewEvents(1), 'no_stream');
    await new Promise((wait) => setTimeout(wait, 150));
    expect(await catalogue()).toEqual([]);
    expect(await readModels.checkpoint('stream-catalogue')).toBeUndefined();
  });

  it('rebuilds from zero to the same read model', async () => {
    await log.append('case-P5', someNewEvents(3), 'no_stream');
    await log.append('case-P6', someNewEvents(1), 'no_stream');
    const projector = projectorFor();
    await projector.start();
    await projector.whenCaughtUp();
    const before = await catalogue();
    await readModels.database.run("UPDATE stream_catalogue SET events = 999 WHERE stream_name = 'case-P5'");
    await projector.rebuild();
    await projector.whenCaughtUp();
    expect(await catalogue()).toEqual(before);
    await projector.stop();
  });

  it('rebuilds by itself when the projection’s version changes', async () => {
    await log.append('case-P7', someNewEvents(2), 'no_stream');
    const v1 = projectorFor();
    await v1.start();
    await v1.whenCaughtUp();
    await v1.stop();
    await readModels.database.run('UPDATE stream_catalogue SET events = 999');
    const v2 = projectorFor({ ...streamCatalogueProjection, version: 2 });
    await v2.start();
    await v2.whenCaughtUp();
    expect(await catalogue()).toEqual([expect.objectContaining({ streamName: 'case-P7', events: 2 })]);
    await v2.stop();
  });

  it('rebuilds read models that were built from another event store (positions mean nothing across stores)', async () => {
    await log.append('case-P12', someNewEvents(2), 'no_stream');
    const projector = projectorFor();
    await projector.start();
    await projector.whenCaughtUp();
    await projector.stop();
    const otherSource = new SqlReadModelStore(storage.database(), 'kurrentdb:elsewhere');
    expect(await otherSource.prepare(streamCatalogueProjection)).toBeUndefined();
    expect(await catalogue()).toEqual([]);
    await otherSource.close();
  });

  it('leaves a read model built by a newer version alone (a rolling upgrade), instead of wiping it', async () => {
    await log.append('case-P11', someNewEvents(2), 'no_stream');
    const newer = projectorFor({ ...streamCatalogueProjection, version: 2 });
    await newer.start();
    await newer.whenCaughtUp();
    await newer.stop();
    await expect(readModels.prepare(streamCatalogueProjection)).rejects.toThrow(ProjectionVersionAheadError);
    expect(await catalogue()).toEqual([expect.objectContaining({ streamName: 'case-P11', events: 2 })]);
  });

  it('refuses a batch when another process has moved the checkpoint, so no event is applied twice', async () => {
    const first = await log.append('case-P10', someNewEvents(2), 'no_stream');
    const events = await log.readAll({ maxCount: 10 });
    await readModels.prepare(streamCatalogueProjection);
    // Two processes read the same checkpoint (none yet) and both try to apply the same batch.
    await readModels.applyBatch(streamCatalogueProjection, events, undefined);
    const error = await readModels.applyBatch(streamCatalogueProjection, events, undefined).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProjectionCheckpointMovedError);
    expect(error).toMatchObject({ expected: undefined, actual: first.lastPosition });
    expect(await catalogue()).toEqual([expect.objectContaining({ streamName: 'case-P10', events: 2 })]);
  });

  it('keeps one read model right when two projectors (two processes) follow it at once', async () => {
    const writers = [0, 1, 2].map((index) => log.append(`case-R${index}`, someNewEvents(5), 'no_stream'));
    await Promise.all(writers);
    const otherProcess = new SqlReadModelStore(storage.database());
    const projectors = [
      projectorFor(),
      new Projector(log, otherProcess, streamCatalogueProjection, { batchSize: 3, pollIntervalMs: 20, retryDelayMs: 20 }),
    ];
    await Promise.all(projectors.map((projector) => projector.start()));
    const last = await log.append('case-R0', someNewEvents(1), 4);
    await collectUntil(async () => (await readModels.checkpoint('stream-catalogue')) === last.lastPosition);
    expect((await catalogue()).map((row) => [row.streamName, row.events])).toEqual([
      ['case-R0', 6],
      ['case-R1', 5],
      ['case-R2', 5],
    ]);
    await Promise.all(projectors.map((projector) => projector.stop()));
    await otherProcess.close();
  });
});
