import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
  AppendResult,
  EventStorePort,
  ExpectedState,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SealedEvent,
} from '../../event-store.port';
import { EmptyAppendError, EventStoreClosedError } from '../../event-store.errors';
import { appendResultFrom, planAppend } from '../append-rules';
import { EVENT_COLUMNS, EventRow, INSERT_COLUMNS, insertValues, notifyAppended, toRecordedEvent } from '../event-rows';
import { SQLITE_MIGRATIONS } from './sqlite.migrations';
import { ensurePrivateFile } from '@escalation-hub/sql';

export interface SqliteEventStoreOptions {
  /** Path of the database file (created with its folder if missing). */
  readonly filename: string;
  /** How long a writer waits for another process's write lock before failing. */
  readonly busyTimeoutMs?: number;
}

const NO_LIMIT = -1;

/**
 * Embedded event store on one SQLite file (better-sqlite3). WAL journal with synchronous=FULL:
 * an append is acknowledged only after its commit is fsynced, so it survives kill -9 and power loss
 * (ADR 0001). Writes take the write lock up front (BEGIN IMMEDIATE); other processes on the same
 * file wait up to busyTimeoutMs rather than fail.
 */
export class SqliteEventStore implements EventStorePort {
  private readonly db: Database.Database;
  private readonly listeners = new Set<() => void>();
  private readonly findByIds = new Map<number, Database.Statement>();
  private pendingAppends: {
    streamName: string;
    events: readonly SealedEvent[];
    expected: ExpectedState;
    resolve: (result: AppendResult) => void;
    reject: (error: unknown) => void;
  }[] = [];
  private closed = false;
  private readonly statements: ReturnType<SqliteEventStore['prepareStatements']>;

  constructor(readonly options: SqliteEventStoreOptions) {
    mkdirSync(dirname(options.filename), { recursive: true });
    ensurePrivateFile(options.filename);
    this.db = new Database(options.filename, { timeout: options.busyTimeoutMs ?? 5000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.migrateNow();
    this.statements = this.prepareStatements();
  }

  async migrate(): Promise<void> {
    this.assertOpen();
    this.migrateNow();
  }

  /**
   * Appends made in the same turn of the event loop are committed together: one transaction, one
   * fsync (group commit). Each runs in its own savepoint, so one append's failure (a version
   * conflict, say) rolls back only that append, and each caller gets its own answer.
   */
  async append(streamName: string, events: readonly SealedEvent[], expected: ExpectedState): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new EmptyAppendError(streamName);
    return new Promise<AppendResult>((resolve, reject) => {
      this.pendingAppends.push({ streamName, events, expected, resolve, reject });
      if (this.pendingAppends.length === 1) setImmediate(() => this.commitPendingAppends());
    });
  }

  private commitPendingAppends(): void {
    const batch = this.pendingAppends.splice(0);
    if (this.closed) return batch.forEach((append) => append.reject(new EventStoreClosedError()));
    const outcomes: ({ ok: true; written: boolean; result: AppendResult } | { ok: false; error: unknown })[] = [];
    try {
      this.db
        .transaction(() => {
          for (const append of batch) {
            try {
              const savepoint = this.db.transaction(() => this.appendInTransaction(append.streamName, append.events, append.expected));
              outcomes.push({ ok: true, ...savepoint() });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
    } catch (error) {
      // The commit itself failed: nothing in this batch was stored.
      return batch.forEach((append) => append.reject(error));
    }
    if (outcomes.some((outcome) => outcome.ok && outcome.written)) notifyAppended(this.listeners);
    batch.forEach((append, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) append.resolve(outcome.result);
      else append.reject(outcome.error);
    });
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = options.maxCount ?? NO_LIMIT;
    const rows =
      options.direction === 'backwards'
        ? this.statements.readStreamBackwards.all(streamName, options.fromVersion ?? Number.MAX_SAFE_INTEGER, limit)
        : this.statements.readStreamForwards.all(streamName, options.fromVersion ?? 0, limit);
    return (rows as EventRow[]).map(toRecordedEvent);
  }

  /**
   * What the file holds now. The embedded store is one hub process's (HUB_STORE=sqlite); a caller that
   * may share the file with another release's process must ask again rather than keep the answer.
   */
  async hasStreamsStartingWith(prefix: string): Promise<boolean> {
    this.assertOpen();
    // A range on the (stream_name, stream_version) index; text compares byte by byte (BINARY collation).
    const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    return this.statements.streamNameInRange.get(prefix, end) !== undefined;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = options.maxCount ?? NO_LIMIT;
    const rows =
      options.direction === 'backwards'
        ? this.statements.readAllBackwards.all(options.from ?? Number.MAX_SAFE_INTEGER, limit)
        : this.statements.readAllForwards.all(options.from ?? 0, limit);
    return (rows as EventRow[]).map(toRecordedEvent);
  }

  async headPosition(): Promise<number | undefined> {
    this.assertOpen();
    const row = this.statements.headPosition.get() as { position: number | null };
    return row.position ?? undefined;
  }

  async readCheckpoint(name: string): Promise<number | undefined> {
    this.assertOpen();
    const row = this.statements.readCheckpoint.get(name) as { position: number } | undefined;
    return row?.position;
  }

  async compareAndSetCheckpoint(name: string, expected: number | undefined, next: number): Promise<boolean> {
    this.assertOpen();
    const now = new Date().toISOString();
    const changes =
      expected === undefined
        ? this.statements.insertCheckpoint.run(name, next, now).changes
        : this.statements.updateCheckpoint.run(next, now, name, expected).changes;
    return changes === 1;
  }

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The durability settings in force on this store's own connection (they are per connection). */
  durability(): { journalMode: string; synchronous: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA' } {
    const levels = ['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const;
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: levels[Number(this.db.pragma('synchronous', { simple: true }))],
    };
  }

  async ping(): Promise<void> {
    this.assertOpen();
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Appends already accepted are committed before the file closes.
    if (this.pendingAppends.length > 0) this.commitPendingAppends();
    this.closed = true;
    this.listeners.clear();
    this.db.close();
  }

  private appendInTransaction(streamName: string, events: readonly SealedEvent[], expected: ExpectedState) {
    const head = this.statements.streamHead.get(streamName) as { stream_version: number; hash: string } | undefined;
    const plan = planAppend(
      streamName,
      events,
      expected,
      head && { streamVersion: head.stream_version, hash: head.hash },
      this.findStored(events.map((event) => event.id)),
    );
    if (plan.kind === 'already-stored') return { written: false, result: plan.result };
    const positions = events.map((event, index) => {
      const info = this.statements.insert.run(...insertValues(streamName, plan.firstVersion + index, event));
      return Number(info.lastInsertRowid);
    });
    const first = { streamVersion: plan.firstVersion, position: positions[0] };
    const last = { streamVersion: plan.firstVersion + events.length - 1, position: positions[positions.length - 1] };
    return { written: true, result: appendResultFrom(streamName, first, last) };
  }

  private findStored(ids: string[]) {
    const rows: Pick<EventRow, 'event_id' | 'stream_name' | 'stream_version' | 'position'>[] = [];
    // Chunked: SQLite caps the number of bound parameters in one statement.
    for (let start = 0; start < ids.length; start += 500) {
      const chunk = ids.slice(start, start + 500);
      rows.push(...(this.findByIdsStatement(chunk.length).all(...chunk) as typeof rows));
    }
    const byId = new Map(rows.map((row) => [row.event_id, row]));
    return ids
      .filter((id) => byId.has(id))
      .map((id) => {
        const row = byId.get(id) as (typeof rows)[number];
        return { eventId: id, streamName: row.stream_name, streamVersion: row.stream_version, position: Number(row.position) };
      });
  }

  /** Prepared once per batch size (up to a bound): preparing is a large share of a small append's cost. */
  private findByIdsStatement(count: number): Database.Statement {
    let statement = this.findByIds.get(count);
    if (!statement) {
      if (this.findByIds.size >= 64) this.findByIds.clear();
      statement = this.db.prepare(
        `SELECT event_id, stream_name, stream_version, position FROM events WHERE event_id IN (${Array(count).fill('?').join(',')})`,
      );
      this.findByIds.set(count, statement);
    }
    return statement;
  }

  private migrateNow(): void {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    this.db
      .transaction(() => {
        const applied = new Set(
          (this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((row) => row.version),
        );
        for (const migration of SQLITE_MIGRATIONS) {
          if (applied.has(migration.version)) continue;
          this.db.exec(migration.sql);
          this.db
            .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
            .run(migration.version, migration.name, new Date().toISOString());
        }
      })
      .immediate();
  }

  private prepareStatements() {
    const db = this.db;
    return {
      streamHead: db.prepare('SELECT stream_version, hash FROM events WHERE stream_name = ? ORDER BY stream_version DESC LIMIT 1'),
      insert: db.prepare(`INSERT INTO events (${INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      readStreamForwards: db.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_name = ? AND stream_version >= ? ORDER BY stream_version ASC LIMIT ?`,
      ),
      readStreamBackwards: db.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_name = ? AND stream_version <= ? ORDER BY stream_version DESC LIMIT ?`,
      ),
      readAllForwards: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position ASC LIMIT ?`),
      readAllBackwards: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position < ? ORDER BY position DESC LIMIT ?`),
      headPosition: db.prepare('SELECT MAX(position) AS position FROM events'),
      streamNameInRange: db.prepare('SELECT 1 FROM events WHERE stream_name >= ? AND stream_name < ? LIMIT 1'),
      readCheckpoint: db.prepare('SELECT position FROM checkpoints WHERE name = ?'),
      insertCheckpoint: db.prepare('INSERT INTO checkpoints (name, position, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING'),
      updateCheckpoint: db.prepare('UPDATE checkpoints SET position = ?, updated_at = ? WHERE name = ? AND position = ?'),
    };
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError();
  }
}
