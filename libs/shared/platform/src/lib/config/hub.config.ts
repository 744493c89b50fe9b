import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { accessSync, constants, statSync } from 'node:fs';
import { ConfigError, loadConfig, toInteger } from './config.loader';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const STORE_ENGINES = ['sqlite', 'postgres', 'kurrentdb'] as const;
export type StoreEngine = (typeof STORE_ENGINES)[number];

/** Hop counts, or a list of IPv4/IPv6 addresses or CIDR ranges and Express's named ranges. */
const TRUST_PROXY_PATTERN =
  /^(?:[1-9]|(?:loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(?:\/\d{1,3})?)(?:\s*,\s*(?:loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(?:\/\d{1,3})?))*)$/;

/**
 * What every hub process reads from its environment: port, storage, logs, integrity, Kafka, proxies.
 * Features read their own settings with the same loader (loadConfig). Defaults suit a laptop; see
 * README "Configuration".
 */
export class HubConfig {
  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be between 1 and 65535' })
  @Max(65535, { message: 'must be between 1 and 65535' })
  port = 3000;

  @IsString()
  @IsNotEmpty({ message: 'must name a folder' })
  dataDir = './data';

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  logLevel: LogLevel = 'info';

  /** Where events live: the embedded SQLite file in dataDir, or a production engine at storeUrl. */
  @IsIn(STORE_ENGINES, { message: `must be one of ${STORE_ENGINES.join(', ')}` })
  store: StoreEngine = 'sqlite';

  /** postgres://… for HUB_STORE=postgres, kurrentdb://… (or esdb://…) for HUB_STORE=kurrentdb. */
  @IsOptional()
  @IsString()
  storeUrl?: string;

  /** PostgreSQL for read models and tokens when events are in KurrentDB (default: SQLite files in dataDir). */
  @IsOptional()
  @IsString()
  readModelsUrl?: string;

  /** The PostgreSQL schema the hub's tables live in (created if missing). */
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'must be a lower-case SQL identifier (letters, digits, underscores)' })
  postgresSchema = 'hub';

  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(100, { message: 'must be at least 100' })
  shutdownTimeoutMs = 10_000;

  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number of events' })
  @Min(1, { message: 'must be at least 1' })
  checkpointEveryEvents = 1000;

  /** The Ed25519 key that signs checkpoints and bundles (PEM, PKCS#8); default integrity-key.pem in dataDir, made at first start. */
  @IsOptional()
  @IsString()
  signingKeyFile?: string;

  /** Where the copy of every signed checkpoint is kept (JSON lines, fsynced); default integrity-checkpoints.jsonl in dataDir. Best kept where the store's writers cannot reach. */
  @IsOptional()
  @IsString()
  checkpointJournalFile?: string;

  /** The log's name in its checkpoints (the C2SP origin line and the key name): a schema-less URL unique to this hub. */
  @Matches(/^[^\s+]{1,200}$/, { message: 'must be a schema-less URL with no spaces or plus signs, e.g. hub.probation.example/log' })
  logOrigin = 'escalation-hub.local/log';

  /** Witnesses whose cosignatures the hub accepts and publishes: C2SP verifier keys (name+keyid+key), comma-separated. */
  @Matches(/^([^\s+,]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+(,[^\s+,]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+)*)?$/, {
    message: 'must be witness verifier keys (name+keyid+base64), comma-separated',
  })
  witnessKeys = '';

  /**
   * Witnesses the hub pushes each checkpoint to and checks its tree against (c2sp.org/tlog-witness;
   * `npm run hub -- witness --listen <port>`): http(s) URLs, comma-separated. Their keys go in HUB_WITNESS_KEYS.
   */
  @Matches(/^(https?:\/\/[^\s,]+(,https?:\/\/[^\s,]+)*)?$/, { message: 'must be witness URLs (http:// or https://), comma-separated' })
  witnessUrls = '';

  /** Distributed mode: the Kafka bootstrap servers, host:port[,host:port…]. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]+:\d{1,5}(,[A-Za-z0-9.-]+:\d{1,5})*$/, { message: 'must be host:port[,host:port…]' })
  kafkaBrokers?: string;

  /** Distributed mode: the providers whose Kafka topics the hub creates up front and whose inbound topics the gateway reads. */
  @Matches(/^([A-Z0-9]{2,16}(,[A-Z0-9]{2,16})*)?$/, { message: 'must be provider codes separated by commas, e.g. CRC07,CRC11' })
  kafkaProviders = '';

  /**
   * Which proxies in front of the hub to believe about the client (X-Forwarded-For) and HTTPS
   * (X-Forwarded-Proto): Express's `trust proxy` as a comma-separated list of addresses, CIDR ranges or
   * loopback / linklocal / uniquelocal, or the number of proxy hops. Unset: trust none.
   */
  @IsOptional()
  @Matches(TRUST_PROXY_PATTERN, {
    message:
      'must be the number of proxy hops (1–9), or a comma-separated list of addresses, CIDR ranges, loopback, linklocal or uniquelocal',
  })
  trustProxy?: string;

  /**
   * Requests a second each API token may make on average (bursts of 5 seconds' worth pass at once);
   * more are answered 429 with Retry-After. 0 turns the limit off (benchmarks only).
   */
  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number' })
  @Min(0, { message: 'must be 0 (no limit) or more' })
  tokenRateLimit = 20;

  /** Replication of the topics the hub creates (3 in production, where min.insync.replicas is then 2). */
  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  kafkaReplicationFactor = 1;
}

export const HUB_CONFIG_VARIABLES = {
  port: 'PORT',
  dataDir: 'HUB_DATA_DIR',
  logLevel: 'LOG_LEVEL',
  store: 'HUB_STORE',
  storeUrl: 'HUB_STORE_URL',
  readModelsUrl: 'HUB_READ_MODELS_URL',
  postgresSchema: 'HUB_POSTGRES_SCHEMA',
  shutdownTimeoutMs: 'HUB_SHUTDOWN_TIMEOUT_MS',
  checkpointEveryEvents: 'HUB_CHECKPOINT_EVERY_EVENTS',
  signingKeyFile: 'HUB_SIGNING_KEY_FILE',
  checkpointJournalFile: 'HUB_CHECKPOINT_JOURNAL_FILE',
  logOrigin: 'HUB_LOG_ORIGIN',
  witnessKeys: 'HUB_WITNESS_KEYS',
  witnessUrls: 'HUB_WITNESS_URLS',
  kafkaBrokers: 'KAFKA_BROKERS',
  kafkaProviders: 'HUB_KAFKA_PROVIDERS',
  kafkaReplicationFactor: 'HUB_KAFKA_REPLICATION_FACTOR',
  trustProxy: 'HUB_TRUST_PROXY',
  tokenRateLimit: 'HUB_TOKEN_RATE_LIMIT',
} as const satisfies Record<keyof HubConfig, string>;

export function loadHubConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const config = loadConfig(HubConfig, env, HUB_CONFIG_VARIABLES);
  assertUsableFolder(config.dataDir, HUB_CONFIG_VARIABLES.dataDir);
  assertStoreUrls(config);
  takeSchemaFromUrl(config, env[HUB_CONFIG_VARIABLES.postgresSchema]);
  return config;
}

/**
 * `postgres://…?schema=x` (the form migrate-store takes) names the schema too: use it, unless
 * HUB_POSTGRES_SCHEMA says otherwise. pg itself would ignore the parameter.
 */
function takeSchemaFromUrl(config: HubConfig, schemaVariable: string | undefined): void {
  for (const property of ['storeUrl', 'readModelsUrl'] as const) {
    const value = config[property];
    if (!value || !URL_SCHEMES.postgres.includes(schemeOf(value))) continue;
    const url = new URL(value);
    const schema = url.searchParams.get('schema');
    if (schema === null) continue;
    const variable = HUB_CONFIG_VARIABLES[property];
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw new ConfigError([`${variable}: schema=${schema} must be a lower-case SQL identifier (letters, digits, underscores)`]);
    }
    if (schemaVariable && schemaVariable !== schema) {
      throw new ConfigError([`${variable}: names schema ${schema} but HUB_POSTGRES_SCHEMA is ${schemaVariable}; set one of them`]);
    }
    config.postgresSchema = schema;
    url.searchParams.delete('schema');
    config[property] = url.toString();
  }
}

const URL_SCHEMES: Record<StoreEngine, readonly string[]> = {
  sqlite: [],
  postgres: ['postgres:', 'postgresql:'],
  kurrentdb: ['kurrentdb:', 'kurrentdb+discover:', 'esdb:', 'esdb+discover:'],
};

/** A production engine needs a URL of its own kind; the embedded one takes none. */
function assertStoreUrls(config: HubConfig): void {
  const problems: string[] = [];
  const schemes = URL_SCHEMES[config.store];
  if (config.store === 'sqlite' && config.storeUrl) {
    problems.push(
      `${HUB_CONFIG_VARIABLES.storeUrl}: the embedded store lives in ${HUB_CONFIG_VARIABLES.dataDir}; set HUB_STORE=postgres or kurrentdb to use a URL`,
    );
  } else if (config.store !== 'sqlite' && !schemes.includes(schemeOf(config.storeUrl))) {
    problems.push(
      `${HUB_CONFIG_VARIABLES.storeUrl}: HUB_STORE=${config.store} needs a ${schemes[0]}// URL (${config.storeUrl ? `got ${schemeOf(config.storeUrl) || 'no scheme'}` : 'not set'})`,
    );
  }
  if (config.readModelsUrl && config.store !== 'kurrentdb') {
    problems.push(
      `${HUB_CONFIG_VARIABLES.readModelsUrl}: only used with HUB_STORE=kurrentdb (read models live beside the events otherwise)`,
    );
  } else if (config.readModelsUrl && !URL_SCHEMES.postgres.includes(schemeOf(config.readModelsUrl))) {
    problems.push(`${HUB_CONFIG_VARIABLES.readModelsUrl}: must be a postgres:// URL`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

function schemeOf(url: string | undefined): string {
  return /^[a-z][a-z0-9+.-]*:/i.exec(url ?? '')?.[0].toLowerCase() ?? '';
}

/** A data folder that exists must be a writable folder; one that does not will be created. */
function assertUsableFolder(path: string, variable: string): void {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return;
  }
  if (!stats.isDirectory()) throw new ConfigError([`${variable}: must name a folder, but ${JSON.stringify(path)} is a file`]);
  try {
    accessSync(path, constants.W_OK);
  } catch {
    throw new ConfigError([`${variable}: the folder ${JSON.stringify(path)} is not writable`]);
  }
}
