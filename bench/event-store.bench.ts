/**
 * Event-store throughput on this machine: the SQLite adapter through EventLog (sealing, hashing,
 * expected-version checks) beside raw better-sqlite3 doing the same inserts and reads on the same
 * schema with the same durability (WAL, synchronous=FULL). Prints one table.
 *
 *   npm run bench:event-store [-- --single 2000 --batches 200 --read 200000]
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventLog, NewEvent, PostgresEventStore, SqliteEventStore } from '@escalation-hub/event-store';
import { argument, formatRate, printTable } from './bench-support';

const SINGLE = argument('single', 2000);
const BATCHES = argument('batches', 200);
const BATCH_SIZE = 100;
const READ = argument('read', 200_000);

const payload = () => ({
  crn: 'X123456',
  urgency: 'URGENT',
  triggers: ['THREAT_DISCLOSED', 'VICTIM_CONCERN'],
  summary: 'Person disclosed thoughts of reoffending at the last appointment; victim reports loitering near work.',
});
const newEvent = (): NewEvent => ({
  id: randomUUID(),
  type: 'escalation.requested',
  data: payload(),
  metadata: { actor: { id: 'crc07-cms', role: 'provider' } },
});

function rawDatabase(filename: string) {
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE, stream_name TEXT NOT NULL,
    stream_version INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL,
    hash TEXT NOT NULL, previous_hash TEXT, UNIQUE (stream_name, stream_version))`);
  const insert = db.prepare(
    'INSERT INTO events (event_id, stream_name, stream_version, type, data, metadata, recorded_at, hash, previous_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const row = (stream: string, version: number) => {
    const event = newEvent();
    insert.run(
      event.id,
      stream,
      version,
      event.type,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
      new Date().toISOString(),
      'h'.repeat(64),
      null,
    );
  };
  return { db, row };
}

async function time(work: () => Promise<void> | void): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'hub-bench-'));
  try {
    const store = new SqliteEventStore({ filename: join(dir, 'hub.sqlite') });
    const log = new EventLog(store);
    const raw = rawDatabase(join(dir, 'raw.sqlite'));
    const rows: string[][] = [];

    // 1. One event per append, each acknowledged only after its fsync.
    const hubSingle = await time(async () => {
      for (let i = 0; i < SINGLE; i += 1) await log.append(`case-S${i % 100}`, [newEvent()], 'any');
    });
    const rawSingle = await time(() => {
      const tx = raw.db.transaction((stream: string, version: number) => raw.row(stream, version));
      for (let i = 0; i < SINGLE; i += 1) tx.immediate(`case-S${i % 100}`, Math.floor(i / 100));
    });
    rows.push([
      'single-event appends',
      formatRate(SINGLE / hubSingle, 'appends/s'),
      formatRate(SINGLE / rawSingle, 'inserts/s'),
      ratio(rawSingle, hubSingle),
    ]);

    // 2. Batches of 100 events in one append (one transaction, one fsync).
    const hubBatch = await time(async () => {
      for (let i = 0; i < BATCHES; i += 1) await log.append(`case-B${i}`, Array.from({ length: BATCH_SIZE }, newEvent), 'no_stream');
    });
    const rawBatch = await time(() => {
      const tx = raw.db.transaction((stream: string) => {
        for (let v = 0; v < BATCH_SIZE; v += 1) raw.row(stream, v);
      });
      for (let i = 0; i < BATCHES; i += 1) tx.immediate(`case-B${i}`);
    });
    const batchEvents = BATCHES * BATCH_SIZE;
    rows.push([
      `${BATCH_SIZE}-event batch appends`,
      formatRate(batchEvents / hubBatch, 'events/s'),
      formatRate(batchEvents / rawBatch, 'events/s'),
      ratio(rawBatch, hubBatch),
    ]);

    // 3. Reading $all: top both stores up to READ events, then stream them in pages.
    const present = (await store.headPosition()) ?? 0;
    for (let done = present; done < READ; done += 1000) {
      await log.append(`case-R${done}`, Array.from({ length: Math.min(1000, READ - done) }, newEvent), 'no_stream');
    }
    const fill = raw.db.transaction((count: number, stream: string) => {
      for (let v = 0; v < count; v += 1) raw.row(stream, v);
    });
    const rawCount = () => (raw.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    for (let n = rawCount(); n < READ; n = rawCount()) fill(Math.min(1000, READ - n), `case-R${n}`);
    let hubRead = 0;
    const hubReadTime = await time(async () => {
      for await (const event of log.iterateAll(undefined, 1000)) if (event.position > 0) hubRead += 1;
    });
    let rawRead = 0;
    const rawReadTime = await time(() => {
      const select = raw.db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT 1000');
      for (let after = 0; ; ) {
        const page = select.all(after) as { position: number; data: string; metadata: string }[];
        for (const row of page) {
          JSON.parse(row.data);
          JSON.parse(row.metadata);
          rawRead += 1;
        }
        if (page.length < 1000) break;
        after = page[page.length - 1].position;
      }
    });
    rows.push([
      `$all read (${hubRead.toLocaleString('en-GB')} events)`,
      formatRate(hubRead / hubReadTime, 'events/s'),
      formatRate(rawRead / rawReadTime, 'events/s'),
      ratio(rawReadTime, hubReadTime),
    ]);

    await store.close();
    raw.db.close();
    printTable(['operation', 'hub (EventLog + SQLite adapter)', 'raw better-sqlite3', 'hub / raw'], rows);
    console.log('\nBoth sides: WAL journal, synchronous=FULL (an fsync per commit), same schema and rows.');
    await postgresBeside(rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same operations on the PostgreSQL adapter (local server), plus 8 concurrent writers. */
async function postgresBeside(sqliteRows: string[][]): Promise<void> {
  const connectionString = process.env['HUB_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `hub_bench_${Date.now()}`;
  const store = new PostgresEventStore({ connectionString, schema, maxConnections: 16 });
  try {
    await store.migrate();
  } catch (error) {
    console.log(`\nPostgreSQL not reachable at ${connectionString}: ${String(error)}; skipping its figures.`);
    await store.close();
    return;
  }
  const log = new EventLog(store);
  try {
    const single = await time(async () => {
      for (let i = 0; i < SINGLE; i += 1) await log.append(`case-S${i % 100}`, [newEvent()], 'any');
    });
    const batched = await time(async () => {
      for (let i = 0; i < BATCHES; i += 1) await log.append(`case-B${i}`, Array.from({ length: BATCH_SIZE }, newEvent), 'no_stream');
    });
    const present = (await store.headPosition()) ?? 0;
    for (let done = present; done < READ; done += 1000) {
      await log.append(`case-R${done}`, Array.from({ length: Math.min(1000, READ - done) }, newEvent), 'no_stream');
    }
    let read = 0;
    const reading = await time(async () => {
      for await (const event of log.iterateAll(undefined, 1000)) if (event.position > 0) read += 1;
    });
    const WRITERS = 8;
    const perWriter = Math.ceil(SINGLE / WRITERS);
    const concurrent = await time(async () => {
      await Promise.all(
        Array.from({ length: WRITERS }, async (_, writer) => {
          for (let i = 0; i < perWriter; i += 1) await log.append(`case-W${writer}-${i % 50}`, [newEvent()], 'any');
        }),
      );
    });
    const sqliteRate = (row: number) => sqliteRows[row][1];
    printTable(
      ['operation', 'PostgreSQL adapter', 'SQLite adapter (above)'],
      [
        ['single-event appends', formatRate(SINGLE / single, 'appends/s'), sqliteRate(0)],
        [`${BATCH_SIZE}-event batch appends`, formatRate((BATCHES * BATCH_SIZE) / batched, 'events/s'), sqliteRate(1)],
        [`$all read (${read.toLocaleString('en-GB')} events)`, formatRate(read / reading, 'events/s'), sqliteRate(2)],
        [`single-event appends, ${WRITERS} concurrent writers`, formatRate((WRITERS * perWriter) / concurrent, 'appends/s'), '—'],
      ],
    );
    console.log('\nPostgreSQL: local server as installed (synchronous_commit on), one transaction per append.');
  } finally {
    await store.close();
    const { Client } = await import('pg');
    const client = new Client({ connectionString });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

function ratio(rawSeconds: number, hubSeconds: number): string {
  return `${((rawSeconds / hubSeconds) * 100).toFixed(0)}%`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
