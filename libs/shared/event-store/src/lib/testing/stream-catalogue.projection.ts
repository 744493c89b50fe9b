import type { SqlDatabase } from '@escalation-hub/sql';
import type { SqlProjection } from '../projection/sql-read-model-store.adapter';

export interface CataloguedStream {
  readonly streamName: string;
  readonly events: number;
  readonly lastVersion: number;
  readonly lastPosition: number;
  readonly lastRecordedAt: string;
}

/**
 * A small projection for testing the projection runtime: every stream with its length and last write.
 * No hub process keeps it (stores written before it moved here may still hold its table; nothing reads it).
 */
export const streamCatalogueProjection: SqlProjection = {
  name: 'stream-catalogue',
  version: 1,
  async setUp(sql) {
    await sql.exec(`CREATE TABLE IF NOT EXISTS stream_catalogue (
      stream_name TEXT PRIMARY KEY, events INTEGER NOT NULL, last_version INTEGER NOT NULL,
      last_position BIGINT NOT NULL, last_recorded_at TEXT NOT NULL)`);
  },
  async reset(sql) {
    await sql.exec('DROP TABLE IF EXISTS stream_catalogue');
  },
  async apply(sql, event) {
    await sql.run(
      `INSERT INTO stream_catalogue (stream_name, events, last_version, last_position, last_recorded_at)
       VALUES (?, 1, ?, ?, ?)
       ON CONFLICT (stream_name) DO UPDATE SET events = stream_catalogue.events + 1, last_version = excluded.last_version,
         last_position = excluded.last_position, last_recorded_at = excluded.last_recorded_at`,
      [event.streamName, event.streamVersion, event.position, event.recordedAt],
    );
  },
};

export async function listCataloguedStreams(
  database: SqlDatabase,
  options: { limit: number; after?: string },
): Promise<CataloguedStream[]> {
  const rows = await database.all<{
    stream_name: string;
    events: number;
    last_version: number;
    last_position: number;
    last_recorded_at: string;
  }>(
    `SELECT stream_name, events, last_version, last_position, last_recorded_at FROM stream_catalogue
     WHERE stream_name > ? ORDER BY stream_name LIMIT ?`,
    [options.after ?? '', options.limit],
  );
  return rows.map((row) => ({
    streamName: row.stream_name,
    events: row.events,
    lastVersion: row.last_version,
    lastPosition: row.last_position,
    lastRecordedAt: row.last_recorded_at,
  }));
}
