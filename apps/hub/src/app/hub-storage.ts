import { join } from 'node:path';
import { EventStorePort, KurrentDbEventStore, PostgresEventStore, SqlReadModelStore, SqliteEventStore } from '@escalation-hub/event-store';
import { TokenStore } from '@escalation-hub/identity';
import type { HubConfig, StoreEngine } from '@escalation-hub/platform';
import { Lease, PostgresAdvisoryLease, PostgresDatabase, ProcessLease, SqlDatabase, SqliteDatabase } from '@escalation-hub/sql';

/** The injection token for the process's HubStorage. */
export const HUB_STORAGE = Symbol('HUB_STORAGE');

/**
 * Where one hub process keeps everything, chosen by HUB_STORE:
 * - sqlite: events, read models and tokens in three SQLite files in HUB_DATA_DIR (one process);
 * - postgres: all three in one PostgreSQL schema, shared by any number of hub processes;
 * - kurrentdb: events in KurrentDB; read models and tokens in PostgreSQL (HUB_READ_MODELS_URL,
 *   several processes) or in SQLite files in HUB_DATA_DIR (one process).
 * The lease decides which process runs the background work when several share the storage.
 */
export interface HubStorage {
  readonly engine: StoreEngine;
  readonly store: EventStorePort;
  readonly readModels: SqlReadModelStore;
  readonly tokens: TokenStore;
  readonly lease: Lease;
  /** What health and logs say about the storage (never a password). */
  describe(): Record<string, unknown>;
  close(): Promise<void>;
}

/** Opens (and migrates) the storage the config names. Closes what it opened if any part fails. */
export async function openHubStorage(config: HubConfig): Promise<HubStorage> {
  const parts = storageParts(config);
  try {
    await parts.store.migrate();
    await parts.tokens.migrate();
  } catch (error) {
    await closeAll(parts);
    throw error;
  }
  return {
    ...parts,
    engine: config.store,
    describe: () => ({
      engine: config.store,
      ...(config.storeUrl ? { url: withoutPassword(config.storeUrl) } : { dataDir: config.dataDir }),
      readModels: parts.readModels.database.engine,
      ...(parts.store instanceof SqliteEventStore ? parts.store.durability() : {}),
    }),
    close: () => closeAll(parts),
  };
}

type StorageParts = Pick<HubStorage, 'store' | 'readModels' | 'tokens' | 'lease'>;

function storageParts(config: HubConfig): StorageParts {
  const schema = config.postgresSchema;
  const sqlDatabases = (url: string | undefined) =>
    url
      ? {
          readModels: new PostgresDatabase({ connectionString: url, schema }),
          tokens: new PostgresDatabase({ connectionString: url, schema, maxConnections: 2 }),
          lease: new PostgresAdvisoryLease(url, `escalation-hub:${schema}:background-work`),
        }
      : {
          readModels: new SqliteDatabase({ filename: join(config.dataDir, 'read-models.sqlite') }),
          // An issued or revoked token must survive a crash.
          tokens: new SqliteDatabase({ filename: join(config.dataDir, 'identity.sqlite'), synchronous: 'FULL' }),
          lease: new ProcessLease(),
        };
  const compose = (store: EventStorePort, sql: { readModels: SqlDatabase; tokens: SqlDatabase; lease: Lease }): StorageParts => ({
    store,
    readModels: new SqlReadModelStore(sql.readModels),
    tokens: new TokenStore(sql.tokens),
    lease: sql.lease,
  });
  switch (config.store) {
    case 'sqlite':
      return compose(new SqliteEventStore({ filename: join(config.dataDir, 'events.sqlite') }), sqlDatabases(undefined));
    case 'postgres': {
      const url = config.storeUrl as string; // checked by loadHubConfig
      return compose(new PostgresEventStore({ connectionString: url, schema }), sqlDatabases(url));
    }
    case 'kurrentdb':
      return compose(new KurrentDbEventStore({ connectionString: config.storeUrl as string }), sqlDatabases(config.readModelsUrl));
  }
}

async function closeAll(parts: StorageParts): Promise<void> {
  await parts.lease.release();
  await parts.tokens.close();
  await parts.readModels.close();
  await parts.store.close();
}

function withoutPassword(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
