/**
 * The SQL both engines share, behind one promise-based interface: read models and the token store
 * are written once and run on SQLite or PostgreSQL. Statements use `?` placeholders; write SQL
 * both understand (`INSERT … ON CONFLICT`, `CASE WHEN`, TEXT/BIGINT columns, no engine functions).
 */
export type SqlValue = string | number | null;

export interface SqlExecutor {
  all<Row>(sql: string, parameters?: readonly SqlValue[]): Promise<Row[]>;
  get<Row>(sql: string, parameters?: readonly SqlValue[]): Promise<Row | undefined>;
  /** Returns how many rows the statement changed. */
  run(sql: string, parameters?: readonly SqlValue[]): Promise<number>;
  /** Several statements without parameters (DDL). Outside a transaction it runs as one, serialised with other DDL. */
  exec(script: string): Promise<void>;
}

export interface SqlDatabase extends SqlExecutor {
  readonly engine: 'sqlite' | 'postgres';
  /**
   * Runs `work` in one write transaction: all of it commits or none of it does. Reads outside a
   * transaction see committed data only. Transactions that name the same `lock` never overlap, in
   * any process (SQLite write transactions never overlap at all).
   */
  transaction<T>(work: (transaction: SqlExecutor) => Promise<T>, options?: { lock?: string }): Promise<T>;
  close(): Promise<void>;
}
