import { runOnTestPostgres, SQL_TEST_ENGINES, SqlTestStorage, TEST_POSTGRES_URL } from '../testing';
import { toPostgresPlaceholders } from './postgres-database.adapter';
import { PostgresAdvisoryLease } from './lease';
import type { SqlDatabase } from './sql-database.port';

describe.each(SQL_TEST_ENGINES)('SqlDatabase on $name', (engine) => {
  let storage: SqlTestStorage;
  let db: SqlDatabase;
  beforeEach(async () => {
    storage = engine.open();
    db = storage.database();
    await db.exec('CREATE TABLE IF NOT EXISTS notes (id TEXT PRIMARY KEY, position BIGINT NOT NULL, body TEXT)');
  });
  afterEach(async () => {
    await db.close();
    await storage.cleanup();
  });

  it('round-trips values with ? placeholders; BIGINT comes back as a number', async () => {
    expect(await db.run('INSERT INTO notes (id, position, body) VALUES (?, ?, ?)', ['a', 9_007_199_254_740_000, 'ünïcødé ?'])).toBe(1);
    expect(await db.get('SELECT id, position, body FROM notes WHERE id = ?', ['a'])).toEqual({
      id: 'a',
      position: 9_007_199_254_740_000,
      body: 'ünïcødé ?',
    });
    expect(await db.get('SELECT id FROM notes WHERE id = ?', ['missing'])).toBeUndefined();
  });

  it('commits a transaction whole, or rolls all of it back when it throws', async () => {
    await db.transaction(async (sql) => {
      await sql.run('INSERT INTO notes (id, position) VALUES (?, ?)', ['kept', 1]);
      await sql.run('INSERT INTO notes (id, position) VALUES (?, ?)', ['kept-too', 2]);
    });
    const failed = db.transaction(async (sql) => {
      await sql.run('INSERT INTO notes (id, position) VALUES (?, ?)', ['lost', 3]);
      throw new Error('half way');
    });
    await expect(failed).rejects.toThrow('half way');
    expect((await db.all<{ id: string }>('SELECT id FROM notes ORDER BY id')).map((row) => row.id)).toEqual(['kept', 'kept-too']);
  });

  it('shows plain reads only what has committed', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const didInsert = new Promise<void>((resolve) => (inserted = resolve));
    const writing = db.transaction(async (sql) => {
      await sql.run('INSERT INTO notes (id, position) VALUES (?, ?)', ['pending', 1]);
      inserted();
      await held;
    });
    await didInsert;
    expect(await db.all('SELECT id FROM notes')).toEqual([]);
    release();
    await writing;
    expect(await db.all('SELECT id FROM notes')).toEqual([{ id: 'pending' }]);
  });

  it('never overlaps two transactions that name the same lock, even from two database objects', async () => {
    const other = storage.database();
    const trace: string[] = [];
    const counted = (database: SqlDatabase, name: string) =>
      database.transaction(
        async (sql) => {
          trace.push(`${name} in`);
          const row = await sql.get<{ position: number }>('SELECT position FROM notes WHERE id = ?', ['counter']);
          await new Promise((resolve) => setTimeout(resolve, 30));
          await sql.run('INSERT INTO notes (id, position) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position', [
            'counter',
            (row?.position ?? 0) + 1,
          ]);
          trace.push(`${name} out`);
        },
        { lock: 'counter' },
      );
    await Promise.all([counted(db, 'a'), counted(other, 'b'), counted(db, 'c')]);
    await other.close();
    expect(await db.get('SELECT position FROM notes WHERE id = ?', ['counter'])).toEqual({ position: 3 });
    for (let index = 0; index < trace.length; index += 2) expect(trace[index + 1]).toBe(trace[index].replace(' in', ' out'));
  });
});

describe('PostgresDatabase when the server drops its connections', () => {
  it('carries on with a new connection instead of crashing the process', async () => {
    const storage = SQL_TEST_ENGINES[1].open();
    const db = storage.database();
    try {
      const { pid } = (await db.get<{ pid: number }>('SELECT pg_backend_pid() AS pid')) as { pid: number };
      // As a restart, a failover or an idle-session timeout would: the pool's idle connection is killed.
      await runOnTestPostgres('SELECT pg_terminate_backend($1)', [pid]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const after = await db.get<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(after?.pid).not.toBe(pid);
    } finally {
      await db.close();
      await storage.cleanup();
    }
  });
});

describe('toPostgresPlaceholders', () => {
  it('numbers each ? in order', () => {
    expect(toPostgresPlaceholders('SELECT a FROM t WHERE b = ? AND c > ? LIMIT ?')).toBe(
      'SELECT a FROM t WHERE b = $1 AND c > $2 LIMIT $3',
    );
  });
});

describe('PostgresAdvisoryLease on the real PostgreSQL', () => {
  const name = `lease-test-${Date.now()}-${Math.random()}`;

  it('is held by one holder at a time and passes on when the holder lets go or its connection dies', async () => {
    const first = new PostgresAdvisoryLease(TEST_POSTGRES_URL, name);
    const second = new PostgresAdvisoryLease(TEST_POSTGRES_URL, name);
    const third = new PostgresAdvisoryLease(TEST_POSTGRES_URL, name);
    expect(await first.tryAcquire()).toBe(true);
    expect(await second.tryAcquire()).toBe(false);
    expect(second.isHeld()).toBe(false);
    await first.release();
    expect(await second.tryAcquire()).toBe(true);
    // A holder whose connection is killed (a crashed process, a cut network) loses it, and says so.
    const lost = new Promise<void>((resolve) => second.onLost(resolve));
    const killer = new PostgresAdvisoryLease(TEST_POSTGRES_URL, `${name}-killer`);
    await killer.tryAcquire();
    await (killer as unknown as { client: { query(sql: string, values: unknown[]): Promise<unknown> } }).client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = (hashtextextended($1, 0) & 4294967295)::oid AND pid <> pg_backend_pid()`,
      [name],
    );
    await lost;
    expect(second.isHeld()).toBe(false);
    expect(await third.tryAcquire()).toBe(true);
    await Promise.all([first, second, third, killer].map((lease) => lease.release()));
  });
});
