import { Pool, PoolConfig } from 'pg';

export interface PostgresPoolOptions {
  readonly connectionString: string;
  /** Every connection's search_path: the schema the tables live in. */
  readonly schema: string;
  readonly maxConnections: number;
  readonly types?: PoolConfig['types'];
}

/**
 * A pg pool the hub can live with: a connection the server drops while idle (a restart, a
 * failover, an idle-session timeout) is discarded instead of crashing the process with an
 * unhandled 'error' event, and a server that does not answer fails a query instead of hanging it.
 */
export function createPostgresPool(options: PostgresPoolOptions): Pool {
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.maxConnections,
    options: `-c search_path=${options.schema}`,
    application_name: 'escalation-hub',
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(options.types ? { types: options.types } : {}),
  });
  // pg has already removed the broken client from the pool; the next query opens a new one.
  pool.on('error', () => undefined);
  return pool;
}
