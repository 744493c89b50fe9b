import type { SqlDatabase, SqlExecutor } from '@escalation-hub/sql';
import type { RecordedEvent } from '../event-store.port';
import { ProjectionCheckpointMovedError, ProjectionDefinition, ProjectionVersionAheadError, ReadModelStore } from './read-model-store.port';

/** A projection whose read model lives in SQL tables. Its methods run inside the store's transaction. */
export interface SqlProjection extends ProjectionDefinition {
  /** Creates its tables if they do not exist. */
  setUp(sql: SqlExecutor): Promise<void>;
  /** Removes every row it owns (or drops its tables; setUp runs again afterwards). */
  reset(sql: SqlExecutor): Promise<void>;
  apply(sql: SqlExecutor, event: RecordedEvent): Promise<void>;
}

/** Creating and dropping tables happens under the database's DDL lock, so processes starting together do not collide. */
const DDL = { lock: 'ddl' };

interface CheckpointRow {
  version: number;
  source: string;
  position: number | null;
}

/**
 * Read models and their checkpoints in one SQL database (a SQLite file beside the event store's,
 * or PostgreSQL): rebuilding them never touches the events.
 */
export class SqlReadModelStore implements ReadModelStore<SqlProjection> {
  private ready: Promise<void> | undefined;

  /**
   * `source` names the event store the read models are built from (e.g. `sqlite`, `kurrentdb:host`):
   * positions mean nothing in another store, so read models built from a different one are rebuilt.
   */
  constructor(
    readonly database: SqlDatabase,
    private readonly source = 'default',
    /** `readOnly`: another thread or process writes these read models; this one only queries them and reads checkpoints. */
    private readonly options: { readOnly?: boolean } = {},
  ) {}

  async prepare(projection: SqlProjection): Promise<number | undefined> {
    this.assertWritable();
    await this.ensureCheckpointTable();
    return this.database.transaction(async (sql) => {
      // Version first: a new version's setUp may not apply to the old version's tables.
      const row = await this.checkpointRow(sql, projection.name, true);
      // During a rolling upgrade an older process must not wipe what a newer one built.
      if (row && row.version > projection.version) throw new ProjectionVersionAheadError(projection.name, row.version, projection.version);
      if (row && row.version === projection.version && row.source === this.source) {
        await projection.setUp(sql);
        return row.position ?? undefined;
      }
      await projection.reset(sql);
      await projection.setUp(sql);
      await this.writeCheckpoint(sql, projection, null);
      return undefined;
    }, DDL);
  }

  applyBatch(projection: SqlProjection, events: readonly RecordedEvent[], after: number | undefined): Promise<void> {
    return this.applyBatches([{ projection, after }], events);
  }

  async applyBatches(projections: readonly { projection: SqlProjection; after: number | undefined }[], events: readonly RecordedEvent[]) {
    if (events.length === 0) return;
    this.assertWritable();
    const last = events[events.length - 1].position;
    await this.database.transaction(async (sql) => {
      for (const { projection, after } of projections) {
        if (after !== undefined && after >= last) continue; // this one is ahead of the batch already
        const stored = (await this.checkpointRow(sql, projection.name, true))?.position ?? undefined;
        if (stored !== after) throw new ProjectionCheckpointMovedError(projection.name, after, stored);
        for (const event of events) if (after === undefined || event.position > after) await projection.apply(sql, event);
        await this.writeCheckpoint(sql, projection, last);
      }
    });
  }

  async reset(projection: SqlProjection): Promise<void> {
    this.assertWritable();
    await this.ensureCheckpointTable();
    await this.database.transaction(async (sql) => {
      await projection.reset(sql);
      await projection.setUp(sql);
      await this.writeCheckpoint(sql, projection, null);
    }, DDL);
  }

  async checkpoint(name: string): Promise<number | undefined> {
    if (this.options.readOnly) {
      // No table yet: the writer has not prepared any read model, so none has a checkpoint.
      const exists = await this.database.get(
        this.database.engine === 'sqlite'
          ? "SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = 'read_model_checkpoints'"
          : "SELECT 1 AS present FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'read_model_checkpoints'",
      );
      if (!exists) return undefined;
    } else {
      await this.ensureCheckpointTable();
    }
    return (await this.checkpointRow(this.database, name, false))?.position ?? undefined;
  }

  close(): Promise<void> {
    return this.database.close();
  }

  private assertWritable(): void {
    if (this.options.readOnly) throw new Error('These read models are written by another thread or process: this store only reads them');
  }

  /** Created once; a failure (the database briefly away) is not remembered, so the next call tries again. */
  private ensureCheckpointTable(): Promise<void> {
    this.ready ??= this.database
      .exec(
        'CREATE TABLE IF NOT EXISTS read_model_checkpoints (name TEXT PRIMARY KEY, version INTEGER NOT NULL, source TEXT NOT NULL, position BIGINT)',
      )
      .catch((error: unknown) => {
        this.ready = undefined;
        throw error;
      });
    return this.ready;
  }

  /** `forUpdate` locks the row on PostgreSQL, so two processes cannot both pass the check (SQLite locks the file). */
  private checkpointRow(sql: SqlExecutor, name: string, forUpdate: boolean): Promise<CheckpointRow | undefined> {
    const lock = forUpdate && this.database.engine === 'postgres' ? ' FOR UPDATE' : '';
    return sql.get<CheckpointRow>(`SELECT version, source, position FROM read_model_checkpoints WHERE name = ?${lock}`, [name]);
  }

  private async writeCheckpoint(sql: SqlExecutor, projection: SqlProjection, position: number | null): Promise<void> {
    await sql.run(
      `INSERT INTO read_model_checkpoints (name, version, source, position) VALUES (?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET version = excluded.version, source = excluded.source, position = excluded.position`,
      [projection.name, projection.version, this.source, position],
    );
  }
}
