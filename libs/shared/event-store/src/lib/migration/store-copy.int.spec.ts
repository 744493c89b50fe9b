import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aTestSchemaName, dropTestSchema, runOnTestPostgres, TEST_POSTGRES_URL } from '@escalation-hub/sql/testing';
import { EventLog } from '../event-log';
import type { EventStorePort } from '../event-store.port';
import { SqliteEventStore } from '../adapters/sqlite/sqlite-event-store.adapter';
import { PostgresEventStore } from '../adapters/postgres/postgres-event-store.adapter';
import { aNewEvent } from '../testing/event-builders';
import { COPY_CHECKPOINT, copyEventStore, StoreCopyError, verifyEventStoreCopy } from './store-copy';

/** From the embedded SQLite file to the real PostgreSQL, as an operator moving up would. */
describe('copying a SQLite store into PostgreSQL', () => {
  let dir: string;
  let schema: string;
  let source: SqliteEventStore;
  let target: PostgresEventStore;
  const openTarget = async () => {
    const store = new PostgresEventStore({ connectionString: TEST_POSTGRES_URL, schema });
    await store.migrate();
    return store;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-copy-'));
    source = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    const log = new EventLog(source);
    // 4,000 events over 200 streams, interleaved as a busy hub writes them, with batches among them.
    for (let round = 0; round < 16; round += 1) {
      for (let stream = 0; stream < 200; stream += 1) {
        const count = stream % 7 === 0 ? 2 : 1;
        const events = Array.from({ length: count }, () =>
          aNewEvent({ data: { round, stream, note: 'ünïcødé ✓', nested: { list: [1, 2] } } }),
        );
        await log.append(`case-M${String(stream).padStart(6, '0')}`, events, 'any');
      }
    }
  }, 60_000);

  afterAll(async () => {
    await source.close();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    schema = aTestSchemaName();
    target = await openTarget();
  });

  afterEach(async () => {
    await target.close();
    await dropTestSchema(schema);
  });

  it('copies every event with its id, order, times and hashes, and verifies hash for hash', async () => {
    const progress: number[] = [];
    const result = await copyEventStore(source, target, { onProgress: ({ copied }) => progress.push(copied) });
    const total = (await source.readAll({ maxCount: 10_000 })).length;
    expect(total).toBe(16 * 200 + 16 * 29);
    expect(result).toEqual({ copied: total, resumedAfter: 0 });
    expect(progress[progress.length - 1]).toBe(total);
    const verification = await verifyEventStoreCopy(source, target);
    expect(verification).toEqual({ identical: true, events: total, streams: 200, differences: [] });
    // The copy is an ordinary store: its chains verify through the event log like the original's.
    expect(await new EventLog(target).verifyStream('case-M000007')).toMatchObject({ valid: true, events: 32 });
  }, 60_000);

  it('resumes a run cut off anywhere, also between an append and its checkpoint, and ends identical', async () => {
    // The connection drops twice, each time after an append and before its checkpoint.
    for (const cutAfter of [700, 1500]) {
      let appends = 0;
      const flaky: EventStorePort = Object.create(target, {
        append: {
          value: async (...args: Parameters<EventStorePort['append']>) => {
            const result = await target.append(...args);
            if (++appends === cutAfter) throw new Error('connection reset');
            return result;
          },
        },
      });
      await expect(copyEventStore(source, flaky)).rejects.toThrow('connection reset');
    }
    const resumed = await copyEventStore(source, target);
    expect(resumed.resumedAfter).toBeGreaterThan(0);
    expect(await verifyEventStoreCopy(source, target)).toMatchObject({ identical: true, differences: [] });
    // Nothing left to do: a further run copies nothing new.
    expect(await copyEventStore(source, target)).toEqual({ copied: resumed.copied, resumedAfter: resumed.copied });
  }, 60_000);

  it('resumes when the new run groups events differently from the cut-off one (part of a run already copied)', async () => {
    // The first run copies one event at a time and is cut off right after the first: half of a two-event append.
    let appended = 0;
    const cutAfterFirst: EventStorePort = Object.create(target, {
      append: {
        value: async (...args: Parameters<EventStorePort['append']>) => {
          const result = await target.append(...args);
          if (++appended === 1) throw new Error('connection reset');
          return result;
        },
      },
    });
    await expect(copyEventStore(source, cutAfterFirst, { pageSize: 1 })).rejects.toThrow('connection reset');
    expect((await target.readStream('case-M000000')).map((event) => event.streamVersion)).toEqual([0]);
    // The next run reads whole pages: its first append is both events of that stream, one already there.
    await copyEventStore(source, target);
    expect(await verifyEventStoreCopy(source, target)).toMatchObject({ identical: true, differences: [] });
  }, 60_000);

  it('finds an event edited in the copy', async () => {
    await copyEventStore(source, target);
    await runOnTestPostgres(
      `UPDATE ${schema}.events SET data = jsonb_set(data::jsonb, '{note}', '"edited"')::text WHERE stream_name = 'case-M000003' AND stream_version = 5`,
    );
    const verification = await verifyEventStoreCopy(source, target);
    expect(verification.identical).toBe(false);
    expect(verification.differences).toEqual([
      { kind: 'CHAIN_BROKEN', streamName: 'case-M000003', streamVersion: 5, reason: 'HASH_MISMATCH' },
    ]);
  }, 60_000);

  it('refuses a target that already holds other events, and names a missing tail', async () => {
    await new EventLog(target).append('case-OTHER', [aNewEvent()], 'no_stream');
    await expect(copyEventStore(source, target)).rejects.toThrow(StoreCopyError);
    expect(await target.readCheckpoint(COPY_CHECKPOINT)).toBeUndefined();
    const verification = await verifyEventStoreCopy(source, target);
    expect(verification.differences[0]).toMatchObject({ kind: 'EVENT_DIFFERS', index: 0, field: 'id' });
    expect(verification.differences).toContainEqual(expect.objectContaining({ kind: 'EVENT_MISSING', index: 1 }));
  }, 60_000);
});
