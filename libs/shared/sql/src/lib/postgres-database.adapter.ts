import { Pool, PoolClient, types } from 'pg';
import { createPostgresPool } from './postgres-pool';
import type { SqlDatabase, SqlExecutor, SqlValue } from './sql-database.port';

export interface PostgresDatabaseOptions {
  readonly connectionString: string;
  /** The schema the tables live in (created if missing). */
  readonly schema?: string;
  readonly maxConnections?: number;
}

/** BIGINT columns hold positions and counts well inside 2^53: read them as numbers, for this pool only. */
const NUMERIC_BIGINT = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === types.builtins.INT8 ? (value: string) => Number(value) : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
};

/** `?` placeholders become `$1`, `$2`, …; the shared SQL never puts a `?` inside a literal. */
export function toPostgresPlaceholders(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

class PostgresExecutor implements SqlExecutor {
  constructor(private readonly client: Pool | PoolClient) {}

  async all<Row>(sql: string, parameters: readonly SqlValue[] = []): Promise<Row[]> {
    return (await this.client.query(toPostgresPlaceholders(sql), [...parameters])).rows as Row[];
  }

  async get<Row>(sql: string, parameters?: readonly SqlValue[]): Promise<Row | undefined> {
    return (await this.all<Row>(sql, parameters))[0];
  }

  async run(sql: string, parameters: readonly SqlValue[] = []): Promise<number> {
    return (await this.client.query(toPostgresPlaceholders(sql), [...parameters])).rowCount ?? 0;
  }

  async exec(script: string): Promise<void> {
    await this.client.query(script);
  }
}

/** PostgreSQL through a connection pool; each transaction holds one connection until it ends. */
export class PostgresDatabase implements SqlDatabase {
  readonly engine = 'postgres';
  readonly schema: string;
  private readonly pool: Pool;
  private readonly executor: PostgresExecutor;
  private schemaReady: Promise<void> | undefined;

  constructor(options: PostgresDatabaseOptions) {
    this.schema = options.schema ?? 'public';
    if (!/^[a-z_][a-z0-9_]*$/.test(this.schema)) throw new Error(`Not a usable schema name: ${this.schema}`);
    this.pool = createPostgresPool({
      connectionString: options.connectionString,
      schema: this.schema,
      maxConnections: options.maxConnections ?? 5,
      types: NUMERIC_BIGINT,
    });
    this.executor = new PostgresExecutor(this.pool);
  }

  async all<Row>(sql: string, parameters?: readonly SqlValue[]): Promise<Row[]> {
    await this.ensureSchema();
    return this.executor.all<Row>(sql, parameters);
  }

  async get<Row>(sql: string, parameters?: readonly SqlValue[]): Promise<Row | undefined> {
    await this.ensureSchema();
    return this.executor.get<Row>(sql, parameters);
  }

  async run(sql: string, parameters?: readonly SqlValue[]): Promise<number> {
    await this.ensureSchema();
    return this.executor.run(sql, parameters);
  }

  /** DDL from several processes at once can collide (CREATE … IF NOT EXISTS is not race-free), so it takes a lock. */
  exec(script: string): Promise<void> {
    return this.transaction((transaction) => transaction.exec(script), { lock: 'ddl' });
  }

  async transaction<T>(work: (transaction: SqlExecutor) => Promise<T>, options: { lock?: string } = {}): Promise<T> {
    await this.ensureSchema();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      if (options.lock) await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${this.schema}:${options.lock}`]);
      const value = await work(new PostgresExecutor(client));
      await client.query('COMMIT');
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** The schema is created once per instance, before the first statement that needs it (under the DDL lock). */
  private ensureSchema(): Promise<void> {
    this.schemaReady ??= (async () => {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${this.schema}:ddl`]);
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        this.schemaReady = undefined;
        throw error;
      } finally {
        client.release();
      }
    })();
    return this.schemaReady;
  }
}
