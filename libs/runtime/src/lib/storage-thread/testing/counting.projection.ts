import type { SqlProjection } from '@escalation-hub/event-store';

/** A read model for the storage thread's tests: how many events each stream holds. */
export const streamCountsProjection: SqlProjection = {
  name: 'stream-counts',
  version: 1,
  async setUp(sql) {
    await sql.exec('CREATE TABLE IF NOT EXISTS stream_counts (stream_name TEXT PRIMARY KEY, events INTEGER NOT NULL)');
  },
  async reset(sql) {
    await sql.exec('DROP TABLE IF EXISTS stream_counts');
  },
  async apply(sql, event) {
    if (event.type === 'projection.poisoned') throw new Error(`cannot apply ${event.id}`);
    await sql.run(
      'INSERT INTO stream_counts (stream_name, events) VALUES (?, 1) ON CONFLICT (stream_name) DO UPDATE SET events = events + 1',
      [event.streamName],
    );
  },
};
