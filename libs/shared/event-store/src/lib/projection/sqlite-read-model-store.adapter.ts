import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RecordedEvent } from '../event-store.port';
import type { ProjectionDefinition, ReadModelStore } from './read-model-store.port';

/** A projection whose read model lives in SQLite tables. Its methods run inside the store's transaction. */
export interface SqliteProjection extends ProjectionDefinition {
  /** Creates its tables if they do not exist. */
  setUp(db: Database.Database): void;
  /** Removes every row it owns (or drops its tables; setUp runs again afterwards). */
  reset(db: Database.Database): void;
  apply(db: Database.Database, event: RecordedEvent): void;
}

/**
 * Read models in their own SQLite file, beside the event store's: rebuilding them never touches
 * the events, and their writes never queue behind appends for the same lock.
 */
export class SqliteReadModelStore implements ReadModelStore<SqliteProjection> {
  readonly db: Database.Database;
  private readonly readCheckpointStatement: Database.Statement;
  private readonly writeCheckpointStatement: Database.Statement;

  constructor(filename: string) {
    mkdirSync(dirname(filename), { recursive: true });
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    // Read models can always be rebuilt from the events, so NORMAL (no fsync per commit) is enough.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS projection_checkpoints (name TEXT PRIMARY KEY, version INTEGER NOT NULL, position INTEGER)');
    this.readCheckpointStatement = this.db.prepare('SELECT version, position FROM projection_checkpoints WHERE name = ?');
    this.writeCheckpointStatement = this.db.prepare(
      `INSERT INTO projection_checkpoints (name, version, position) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position`,
    );
  }

  async prepare(projection: SqliteProjection): Promise<number | undefined> {
    return this.db
      .transaction(() => {
        // Version first: a new version's setUp may not apply to the old version's tables.
        const row = this.checkpointRow(projection.name);
        if (row && row.version === projection.version) {
          projection.setUp(this.db);
          return row.position ?? undefined;
        }
        projection.reset(this.db);
        projection.setUp(this.db);
        this.writeCheckpoint(projection, null);
        return undefined;
      })
      .immediate();
  }

  async applyBatch(projection: SqliteProjection, events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    this.db
      .transaction(() => {
        for (const event of events) projection.apply(this.db, event);
        this.writeCheckpoint(projection, events[events.length - 1].position);
      })
      .immediate();
  }

  async reset(projection: SqliteProjection): Promise<void> {
    this.db
      .transaction(() => {
        projection.reset(this.db);
        projection.setUp(this.db);
        this.writeCheckpoint(projection, null);
      })
      .immediate();
  }

  /** The checkpoint as committed, for status pages and tests. */
  checkpoint(name: string): number | undefined {
    return this.checkpointRow(name)?.position ?? undefined;
  }

  close(): void {
    this.db.close();
  }

  private checkpointRow(name: string) {
    return this.readCheckpointStatement.get(name) as { version: number; position: number | null } | undefined;
  }

  private writeCheckpoint(projection: SqliteProjection, position: number | null): void {
    this.writeCheckpointStatement.run(projection.name, projection.version, position);
  }
}
