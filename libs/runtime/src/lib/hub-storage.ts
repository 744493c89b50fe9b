import { join } from 'node:path';
import {
  EventStorePort,
  PostgresEventStore,
  ProjectionDefinition,
  ProjectionRunner,
  SqlReadModelStore,
  SqliteEventStore,
} from '@escalation-hub/event-store';
import { CASEWORK_TOKEN_RULES, CASEWORK_USER_RULES } from '@escalation-hub/casework-application';
import type { LeafSource } from '@escalation-hub/audit-application';
import { TokenStore, UserStore } from '@escalation-hub/identity';
import type { HubConfig, StoreEngine } from '@escalation-hub/platform';
import { Lease, PostgresAdvisoryLease, PostgresDatabase, ProcessLease, SqlDatabase, SqliteDatabase } from '@escalation-hub/sql';
import { StorageThread, ThreadedEventStore } from './storage-thread/storage-thread';

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
  /** People who sign in to the web interface, beside the tokens. */
  readonly users: UserStore;
  readonly lease: Lease;
  /** The read models' projector when it runs on the storage thread; otherwise the bus runs one on this thread. */
  readonly projector?: ProjectionRunner;
  /** The integrity log's leaves when the storage thread reads them; otherwise the log reads them itself. */
  readonly leaves?: LeafSource;
  /** What health and logs say about the storage (never a password). */
  describe(): Record<string, unknown>;
  close(): Promise<void>;
}

/**
 * The embedded SQLite hub's storage thread (ADR 0011): the built worker script, the read models it
 * keeps (the same list the hub was given), and where its troubles are reported.
 */
export interface StorageThreadSettings {
  readonly workerFile: string;
  readonly projections: readonly ProjectionDefinition[];
  readonly onProjectionError: (error: Error, projection: string) => void;
  readonly onFailure: (error: Error) => void;
}

/**
 * Opens (and migrates) the storage the config names. Closes what it opened if any part fails.
 * `service` names a distributed service (gateway, decisions, audit): it shares the events and tokens
 * but keeps its read models in a schema of its own (`<schema>_<service>`) and has its own lease.
 * `thread`: on SQLite, the store's writes and the read models run on a storage thread.
 */
export async function openHubStorage(config: HubConfig, service?: string, thread?: StorageThreadSettings): Promise<HubStorage> {
  const parts = await storageParts(config, service, thread);
  try {
    await parts.store.migrate();
    await parts.tokens.migrate();
    await parts.users.migrate();
  } catch (error) {
    await closeAll(parts);
    throw error;
  }
  return {
    ...parts,
    engine: config.store,
    describe: () => ({
      engine: config.store,
      // Where the files are is the operator's to know, not every caller of /health/ready's.
      ...(config.storeUrl ? { url: withoutPassword(config.storeUrl) } : {}),
      readModels: parts.readModels.database.engine,
      ...(parts.store instanceof SqliteEventStore || parts.store instanceof ThreadedEventStore ? parts.store.durability() : {}),
    }),
    close: () => closeAll(parts),
  };
}

type StorageParts = Pick<HubStorage, 'store' | 'readModels' | 'tokens' | 'users' | 'lease' | 'projector' | 'leaves'>;

async function storageParts(config: HubConfig, service: string | undefined, thread?: StorageThreadSettings): Promise<StorageParts> {
  const schema = config.postgresSchema;
  const sqlDatabases = (url: string | undefined) =>
    url
      ? {
          readModels: new PostgresDatabase({ connectionString: url, schema: service ? `${schema}_${service}` : schema }),
          tokens: new PostgresDatabase({ connectionString: url, schema, maxConnections: 2 }),
          lease: new PostgresAdvisoryLease(url, `escalation-hub:${schema}:${service ? `${service}:` : ''}background-work`),
        }
      : {
          readModels: new SqliteDatabase({ filename: join(config.dataDir, 'read-models.sqlite') }),
          // An issued or revoked token must survive a crash.
          tokens: new SqliteDatabase({ filename: join(config.dataDir, 'identity.sqlite'), synchronous: 'FULL' }),
          lease: new ProcessLease(),
        };
  const compose = (
    store: EventStorePort,
    sql: { readModels: SqlDatabase; tokens: SqlDatabase; lease: Lease },
    readModelsWrittenElsewhere = false,
  ): StorageParts => ({
    store,
    // A service's read models come from Kafka, not from reading the store.
    readModels: new SqlReadModelStore(sql.readModels, service ? 'kafka' : eventSourceName(config), { readOnly: readModelsWrittenElsewhere }),
    tokens: new TokenStore(sql.tokens, CASEWORK_TOKEN_RULES),
    users: new UserStore(sql.tokens, CASEWORK_USER_RULES),
    lease: sql.lease,
  });
  switch (config.store) {
    case 'sqlite': {
      const eventsFile = join(config.dataDir, 'events.sqlite');
      if (!thread) return compose(new SqliteEventStore({ filename: eventsFile }), sqlDatabases(undefined));
      const storageThread = await StorageThread.start({
        ...thread,
        eventsFile,
        readModelsFile: join(config.dataDir, 'read-models.sqlite'),
        readModelsSource: eventSourceName(config),
      });
      try {
        // This thread only reads the read models: the storage thread writes them.
        const parts = compose(storageThread.store, sqlDatabases(undefined), true);
        return { ...parts, projector: storageThread.projector, leaves: storageThread.leaves };
      } catch (error) {
        await storageThread.store.close();
        throw error;
      }
    }
    case 'postgres': {
      const url = config.storeUrl as string; // checked by loadHubConfig
      return compose(new PostgresEventStore({ connectionString: url, schema }), sqlDatabases(url));
    }
    case 'kurrentdb':
      return compose(await kurrentDbStore(config.storeUrl as string), sqlDatabases(config.readModelsUrl));
  }
}

/** Another lease on the storage's database, for work that one process of all the services does (the outbox). */
export function sharedLease(config: HubConfig, name: string): Lease {
  const url = config.store === 'kurrentdb' ? config.readModelsUrl : config.storeUrl;
  return url ? new PostgresAdvisoryLease(url, `escalation-hub:${config.postgresSchema}:${name}`) : new ProcessLease();
}

/**
 * An event store named by a URL, for moving between engines (migrate-store):
 * `sqlite:<data folder or .sqlite file>`, `postgres://…[?schema=<name>]` (default: HUB_POSTGRES_SCHEMA),
 * `kurrentdb://…` (or esdb://…). The store is migrated (its tables created) before it is returned.
 */
export async function openEventStoreAt(url: string, config: HubConfig): Promise<EventStorePort> {
  const store = await eventStoreAt(url, config);
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

async function eventStoreAt(url: string, config: HubConfig): Promise<EventStorePort> {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1].toLowerCase();
  switch (scheme) {
    case 'sqlite': {
      const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
      if (!path) throw new StoreUrlError(url, 'name the data folder or the .sqlite file, e.g. sqlite:./data');
      return new SqliteEventStore({ filename: path.endsWith('.sqlite') ? path : join(path, 'events.sqlite') });
    }
    case 'postgres':
    case 'postgresql': {
      const parsed = new URL(url);
      const schema = parsed.searchParams.get('schema') ?? config.postgresSchema;
      parsed.searchParams.delete('schema');
      return new PostgresEventStore({ connectionString: parsed.toString(), schema });
    }
    case 'kurrentdb':
    case 'kurrentdb+discover':
    case 'esdb':
    case 'esdb+discover':
      return kurrentDbStore(url);
    default:
      throw new StoreUrlError(url, 'use sqlite:<folder>, postgres://… or kurrentdb://…');
  }
}

/** Loaded on demand (see event-store/kurrentdb). */
async function kurrentDbStore(connectionString: string): Promise<EventStorePort> {
  const { KurrentDbEventStore } = await import('@escalation-hub/event-store/kurrentdb');
  return new KurrentDbEventStore({ connectionString });
}

export class StoreUrlError extends Error {
  constructor(url: string, hint: string) {
    super(`Cannot open a store at ${withoutPassword(url)}: ${hint}`);
    this.name = 'StoreUrlError';
  }
}

/** Which event store read models were built from: switching HUB_STORE over one data folder rebuilds them. */
function eventSourceName(config: HubConfig): string {
  return config.store === 'kurrentdb' ? `kurrentdb:${withoutPassword(config.storeUrl as string)}` : config.store;
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
