import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { SqlDatabase, SqlExecutor, SqlValue } from './sql-database.port';
import { ensurePrivateFile } from './private-file';

export interface SqliteDatabaseOptions {
  readonly filename: string;
  /** FULL fsyncs every commit; NORMAL (the default) is enough for data that can be rebuilt. */
  readonly synchronous?: 'FULL' | 'NORMAL';
}

/** Statements prepared once per connection and SQL text; forgotten after DDL, which can invalidate them. */
class SqliteConnection implements SqlExecutor {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly db: Database.Database) {}

  async all<Row>(sql: string, parameters: readonly SqlValue[] = []): Promise<Row[]> {
    return this.statement(sql).all(...parameters) as Row[];
  }

  async get<Row>(sql: string, parameters: readonly SqlValue[] = []): Promise<Row | undefined> {
    return this.statement(sql).get(...parameters) as Row | undefined;
  }

  async run(sql: string, parameters: readonly SqlValue[] = []): Promise<number> {
    return this.statement(sql).run(...parameters).changes;
  }

  async exec(script: string): Promise<void> {
    this.db.exec(script);
    this.statements.clear();
  }

  private statement(sql: string): Database.Statement {
    let prepared = this.statements.get(sql);
    if (!prepared) this.statements.set(sql, (prepared = this.db.prepare(sql)));
    return prepared;
  }
}

/** Per database file, the end of this process's queue of write transactions. */
const writeQueues = new Map<string, Promise<void>>();

/**
 * SQLite in WAL mode with two connections: transactions write on one, one at a time; plain reads
 * use the other, so a read never sees a transaction that has not committed yet.
 */
export class SqliteDatabase implements SqlDatabase {
  readonly engine = 'sqlite';
  private readonly writer: SqliteConnection;
  private readonly reader: SqliteConnection;
  private readonly filename: string;

  constructor(options: SqliteDatabaseOptions) {
    mkdirSync(dirname(options.filename), { recursive: true });
    ensurePrivateFile(options.filename);
    this.filename = resolve(options.filename);
    const open = () => {
      const db = new Database(options.filename);
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
      db.pragma('busy_timeout = 5000');
      return db;
    };
    this.writer = new SqliteConnection(open());
    this.reader = new SqliteConnection(open());
  }

  all<Row>(sql: string, parameters?: readonly SqlValue[]): Promise<Row[]> {
    return this.reader.all<Row>(sql, parameters);
  }

  get<Row>(sql: string, parameters?: readonly SqlValue[]): Promise<Row | undefined> {
    return this.reader.get<Row>(sql, parameters);
  }

  run(sql: string, parameters?: readonly SqlValue[]): Promise<number> {
    return this.transaction((transaction) => transaction.run(sql, parameters));
  }

  exec(script: string): Promise<void> {
    return this.transaction((transaction) => transaction.exec(script));
  }

  transaction<T>(work: (transaction: SqlExecutor) => Promise<T>): Promise<T> {
    // A transaction holds SQLite's write lock across awaits, and a second connection in this
    // process would block the whole thread waiting for it: so this process's writers to one file
    // queue here instead. Other processes wait on the lock itself (busy_timeout).
    const queue = writeQueues.get(this.filename) ?? Promise.resolve();
    const result = queue.then(async () => {
      this.writer.db.exec('BEGIN IMMEDIATE');
      try {
        const value = await work(this.writer);
        this.writer.db.exec('COMMIT');
        return value;
      } catch (error) {
        if (this.writer.db.inTransaction) this.writer.db.exec('ROLLBACK');
        throw error;
      }
    });
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    writeQueues.set(this.filename, settled);
    void settled.then(() => {
      if (writeQueues.get(this.filename) === settled) writeQueues.delete(this.filename);
    });
    return result;
  }

  async close(): Promise<void> {
    await writeQueues.get(this.filename);
    this.reader.db.close();
    this.writer.db.close();
  }
}
