import type { Pool, PoolClient } from 'pg';
import { createPostgresPool } from '@escalation-hub/sql';
import type {
  AppendResult,
  EventStorePort,
  ExpectedState,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SealedEvent,
} from '../../event-store.port';
import { DuplicateEventIdError, EmptyAppendError, EventStoreClosedError } from '../../event-store.errors';
import { appendResultFrom, planAppend } from '../append-rules';
import { EVENT_COLUMNS, EventRow, INSERT_COLUMNS, insertValues, notifyAppended, toRecordedEvent } from '../event-rows';
import { POSTGRES_MIGRATIONS } from './postgres.migrations';

export interface PostgresEventStoreOptions {
  /** e.g. postgres://127.0.0.1:5432/test */
  readonly connectionString: string;
  /** The schema the tables live in (created if missing). */
  readonly schema?: string;
  readonly maxConnections?: number;
}

/** Only events whose transaction finished before every transaction still running: never a gap that fills in later. */
const COMMITTED_IN_ORDER = 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())';
const MIGRATION_LOCK = 7_331_001;

/**
 * Event store on PostgreSQL. Appends to one stream are serialised by a transaction-scoped advisory
 * lock on the stream's name; `$all` is read only up to the oldest transaction still in flight, so a
 * consumer never skips an event whose position was taken before a later one committed.
 */
export class PostgresEventStore implements EventStorePort {
  private readonly pool: Pool;
  private readonly listeners = new Set<() => void>();
  private closed = false;
  readonly schema: string;

  constructor(readonly options: PostgresEventStoreOptions) {
    this.schema = options.schema ?? 'public';
    if (!/^[a-z_][a-z0-9_]*$/.test(this.schema)) throw new Error(`Not a usable schema name: ${this.schema}`);
    this.pool = createPostgresPool({
      connectionString: options.connectionString,
      schema: this.schema,
      maxConnections: options.maxConnections ?? 10,
    });
  }

  async migrate(): Promise<void> {
    this.assertOpen();
    await this.inTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
      );
      const applied = new Set(
        (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((row) => row.version),
      );
      for (const migration of POSTGRES_MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      }
    });
  }

  async append(streamName: string, events: readonly SealedEvent[], expected: ExpectedState): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new EmptyAppendError(streamName);
    const outcome = await this.inTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [streamName]);
      const head = (
        await client.query<{ stream_version: number; hash: string }>(
          'SELECT stream_version, hash FROM events WHERE stream_name = $1 ORDER BY stream_version DESC LIMIT 1',
          [streamName],
        )
      ).rows[0];
      const found = await client.query<{ event_id: string; stream_name: string; stream_version: number; position: string }>(
        'SELECT event_id, stream_name, stream_version, position FROM events WHERE event_id = ANY($1)',
        [events.map((event) => event.id)],
      );
      const byId = new Map(found.rows.map((row) => [row.event_id, row]));
      const stored = events.flatMap((event) => {
        const row = byId.get(event.id);
        return row
          ? [{ eventId: row.event_id, streamName: row.stream_name, streamVersion: row.stream_version, position: Number(row.position) }]
          : [];
      });
      const plan = planAppend(streamName, events, expected, head && { streamVersion: head.stream_version, hash: head.hash }, stored);
      if (plan.kind === 'already-stored') return { written: false, result: plan.result };
      const values: unknown[] = [];
      const rows = events.map((event, index) => {
        const row = insertValues(streamName, plan.firstVersion + index, event);
        const base = values.length;
        values.push(...row);
        return `(${row.map((_, column) => `$${base + column + 1}`).join(', ')})`;
      });
      const inserted = await client.query<{ position: string }>(
        `INSERT INTO events (${INSERT_COLUMNS}) VALUES ${rows.join(', ')} RETURNING position`,
        values,
      );
      const positions = inserted.rows.map((row) => Number(row.position));
      const first = { streamVersion: plan.firstVersion, position: positions[0] };
      const last = { streamVersion: plan.firstVersion + events.length - 1, position: positions[positions.length - 1] };
      return { written: true, result: appendResultFrom(streamName, first, last) };
    }).catch((error: unknown) => {
      // An id taken by another stream at the same moment: the unique index decides.
      if ((error as { code?: string }).code === '23505' && String((error as { constraint?: string }).constraint).includes('event_id')) {
        throw new DuplicateEventIdError(streamName, events[0].id);
      }
      throw error;
    });
    if (outcome.written) notifyAppended(this.listeners);
    return outcome.result;
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const result = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_name = $1 AND stream_version ${backwards ? '<=' : '>='} $2
       ORDER BY stream_version ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
      [streamName, options.fromVersion ?? (backwards ? 2_147_483_647 : 0), options.maxCount ?? null],
    );
    return result.rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const result = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position ${backwards ? '<' : '>'} $1 AND ${COMMITTED_IN_ORDER}
       ORDER BY position ${backwards ? 'DESC' : 'ASC'} LIMIT $2`,
      [options.from ?? (backwards ? Number.MAX_SAFE_INTEGER : 0), options.maxCount ?? null],
    );
    return result.rows.map(toRecordedEvent);
  }

  async headPosition(): Promise<number | undefined> {
    this.assertOpen();
    const result = await this.pool.query<{ position: string | null }>(
      `SELECT max(position) AS position FROM events WHERE ${COMMITTED_IN_ORDER}`,
    );
    return result.rows[0].position === null ? undefined : Number(result.rows[0].position);
  }

  async readCheckpoint(name: string): Promise<number | undefined> {
    this.assertOpen();
    const result = await this.pool.query<{ position: string }>('SELECT position FROM checkpoints WHERE name = $1', [name]);
    return result.rows[0] ? Number(result.rows[0].position) : undefined;
  }

  async compareAndSetCheckpoint(name: string, expected: number | undefined, next: number): Promise<boolean> {
    this.assertOpen();
    const result =
      expected === undefined
        ? await this.pool.query('INSERT INTO checkpoints (name, position) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, next])
        : await this.pool.query('UPDATE checkpoints SET position = $1, updated_at = now() WHERE name = $2 AND position = $3', [
            next,
            name,
            expected,
          ]);
    return result.rowCount === 1;
  }

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await this.pool.end();
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError();
  }
}
