import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { SqlDatabase } from './lib/sql-database.port';
import { SqliteDatabase } from './lib/sqlite-database.adapter';
import { PostgresDatabase } from './lib/postgres-database.adapter';

/** The real PostgreSQL the integration tests use (.ci/run starts it if it is down). */
export const TEST_POSTGRES_URL = process.env['HUB_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh schema name, so each test has a database of its own on the shared server. */
export function aTestSchemaName(): string {
  return `hub_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

/** Runs one statement on its own connection, outside whatever the code under test holds. */
export async function runOnTestPostgres(text: string, values: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

export async function dropTestSchema(schema: string): Promise<void> {
  await runOnTestPostgres(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}

/** One database for one test, opened as often as the test likes (each open is another "process"). */
export interface SqlTestStorage {
  database(): SqlDatabase;
  cleanup(): Promise<void>;
}

/** The engines the hub keeps SQL data on: a real SQLite file, and a schema of its own on the real PostgreSQL. */
export const SQL_TEST_ENGINES: readonly { readonly name: string; open(): SqlTestStorage }[] = [
  {
    name: 'SQLite',
    open() {
      const dir = mkdtempSync(join(tmpdir(), 'hub-sql-'));
      return {
        database: () => new SqliteDatabase({ filename: join(dir, 'test.sqlite'), synchronous: 'FULL' }),
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL',
    open() {
      const schema = aTestSchemaName();
      return {
        database: () => new PostgresDatabase({ connectionString: TEST_POSTGRES_URL, schema }),
        cleanup: () => dropTestSchema(schema),
      };
    },
  },
];
