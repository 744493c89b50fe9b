import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../event-store.port';
import type { SqliteProjection } from './sqlite-read-model-store.adapter';

export interface CataloguedStream {
  readonly streamName: string;
  readonly events: number;
  readonly lastVersion: number;
  readonly lastPosition: number;
  readonly lastRecordedAt: string;
}

/** Every stream in the store with its length and last write: what operators list and verify. */
export const streamCatalogueProjection: SqliteProjection = {
  name: 'stream-catalogue',
  version: 1,
  setUp(db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS stream_catalogue (
      stream_name TEXT PRIMARY KEY, events INTEGER NOT NULL, last_version INTEGER NOT NULL,
      last_position INTEGER NOT NULL, last_recorded_at TEXT NOT NULL)`);
  },
  reset(db: Database.Database) {
    db.exec('DROP TABLE IF EXISTS stream_catalogue');
    statements.delete(db);
  },
  apply(db: Database.Database, event: RecordedEvent) {
    upsertStatement(
      db,
      `INSERT INTO stream_catalogue (stream_name, events, last_version, last_position, last_recorded_at)
       VALUES (?, 1, ?, ?, ?)
       ON CONFLICT (stream_name) DO UPDATE SET events = events + 1, last_version = excluded.last_version,
         last_position = excluded.last_position, last_recorded_at = excluded.last_recorded_at`,
    ).run(event.streamName, event.streamVersion, event.position, event.recordedAt);
  },
};

const statements = new WeakMap<Database.Database, Database.Statement>();

/** Prepared once per connection (and again after a reset drops the table). */
function upsertStatement(db: Database.Database, sql: string): Database.Statement {
  let statement = statements.get(db);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(db, statement);
  }
  return statement;
}

export function listCataloguedStreams(db: Database.Database, options: { limit: number; after?: string }): CataloguedStream[] {
  const rows = db
    .prepare(
      `SELECT stream_name, events, last_version, last_position, last_recorded_at FROM stream_catalogue
       WHERE stream_name > ? ORDER BY stream_name LIMIT ?`,
    )
    .all(options.after ?? '', options.limit) as {
    stream_name: string;
    events: number;
    last_version: number;
    last_position: number;
    last_recorded_at: string;
  }[];
  return rows.map((row) => ({
    streamName: row.stream_name,
    events: row.events,
    lastVersion: row.last_version,
    lastPosition: row.last_position,
    lastRecordedAt: row.last_recorded_at,
  }));
}
