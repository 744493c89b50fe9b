import { ConfigError } from './config.loader';
import { loadHubConfig } from './hub.config';

describe('loadHubConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    expect({ ...loadHubConfig({}) }).toEqual({
      port: 3000,
      dataDir: './data',
      logLevel: 'info',
      store: 'sqlite',
      postgresSchema: 'hub',
      shutdownTimeoutMs: 10_000,
      checkpointEveryEvents: 1000,
      logOrigin: 'escalation-hub.local/log',
      witnessKeys: '',
      witnessUrls: '',
      kafkaProviders: '',
      kafkaReplicationFactor: 1,
      tokenRateLimit: 20,
    });
  });

  it('reads and converts every variable', () => {
    const config = loadHubConfig({
      PORT: '8080',
      HUB_DATA_DIR: '/var/lib/hub',
      LOG_LEVEL: 'debug',
      HUB_SHUTDOWN_TIMEOUT_MS: '2500',
      KAFKA_BROKERS: '127.0.0.1:9092,kafka-2:9093',
      HUB_KAFKA_PROVIDERS: 'CRC07,CRC11',
      HUB_KAFKA_REPLICATION_FACTOR: '3',
      HUB_TOKEN_RATE_LIMIT: '0',
      HUB_SIGNING_KEY_FILE: '/run/secrets/hub-signing-key.pem',
      HUB_LOG_ORIGIN: 'hub.probation.example/log',
      HUB_WITNESS_KEYS: 'witness.example/w1+3a83ea02+BPnDeWjvTgv9290m6D9PkEzfHiFo9IIc/SKAE8veMAVI',
      HUB_WITNESS_URLS: 'https://witness.example/w1,http://127.0.0.1:4100',
    });
    expect({ ...config }).toMatchObject({
      signingKeyFile: '/run/secrets/hub-signing-key.pem',
      logOrigin: 'hub.probation.example/log',
      witnessKeys: 'witness.example/w1+3a83ea02+BPnDeWjvTgv9290m6D9PkEzfHiFo9IIc/SKAE8veMAVI',
      witnessUrls: 'https://witness.example/w1,http://127.0.0.1:4100',
      tokenRateLimit: 0,
      kafkaBrokers: '127.0.0.1:9092,kafka-2:9093',
      kafkaProviders: 'CRC07,CRC11',
      kafkaReplicationFactor: 3,
      port: 8080,
      dataDir: '/var/lib/hub',
      logLevel: 'debug',
      shutdownTimeoutMs: 2500,
    });
  });

  it('accepts each production engine with a URL of its kind', () => {
    expect(
      loadHubConfig({ HUB_STORE: 'postgres', HUB_STORE_URL: 'postgresql://hub@db:5432/hub', HUB_POSTGRES_SCHEMA: 'hub_live' }),
    ).toMatchObject({
      store: 'postgres',
      storeUrl: 'postgresql://hub@db:5432/hub',
      postgresSchema: 'hub_live',
    });
    expect(
      loadHubConfig({ HUB_STORE: 'kurrentdb', HUB_STORE_URL: 'kurrentdb://db:2113?tls=false', HUB_READ_MODELS_URL: 'postgres://db/hub' }),
    ).toMatchObject({ store: 'kurrentdb', readModelsUrl: 'postgres://db/hub' });
  });

  it('takes the schema from a ?schema= URL parameter, as migrate-store does, and keeps it out of the URL', () => {
    expect(
      loadHubConfig({ HUB_STORE: 'postgres', HUB_STORE_URL: 'postgres://hub@db:5432/hub?schema=moved&sslmode=require' }),
    ).toMatchObject({
      storeUrl: 'postgres://hub@db:5432/hub?sslmode=require',
      postgresSchema: 'moved',
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadHubConfig({ PORT: '' }).port).toBe(3000);
  });

  it.each([
    [{ PORT: '0' }, 'PORT: must be between 1 and 65535 (got "0")'],
    [{ PORT: '70000' }, 'PORT: must be between 1 and 65535 (got "70000")'],
    [{ PORT: '80.5' }, 'PORT: must be a whole number'],
    [{ LOG_LEVEL: 'chatty' }, 'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace (got "chatty")'],
    [{ HUB_SHUTDOWN_TIMEOUT_MS: '5' }, 'HUB_SHUTDOWN_TIMEOUT_MS: must be at least 100 (got "5")'],
    [{ HUB_STORE: 'mysql' }, 'HUB_STORE: must be one of sqlite, postgres, kurrentdb (got "mysql")'],
    [{ HUB_STORE: 'postgres' }, 'HUB_STORE_URL: HUB_STORE=postgres needs a postgres:// URL (not set)'],
    [
      { HUB_STORE: 'postgres', HUB_STORE_URL: 'kurrentdb://db:2113' },
      'HUB_STORE_URL: HUB_STORE=postgres needs a postgres:// URL (got kurrentdb:)',
    ],
    [{ HUB_STORE: 'kurrentdb', HUB_STORE_URL: 'postgres://db/hub' }, 'HUB_STORE_URL: HUB_STORE=kurrentdb needs a kurrentdb:// URL'],
    [{ HUB_STORE_URL: 'postgres://db/hub' }, 'HUB_STORE_URL: the embedded store lives in HUB_DATA_DIR'],
    [
      { HUB_STORE: 'postgres', HUB_STORE_URL: 'postgres://db/hub', HUB_READ_MODELS_URL: 'postgres://db/rm' },
      'HUB_READ_MODELS_URL: only used with HUB_STORE=kurrentdb',
    ],
    [
      { HUB_STORE: 'kurrentdb', HUB_STORE_URL: 'kurrentdb://db:2113', HUB_READ_MODELS_URL: 'mysql://db' },
      'HUB_READ_MODELS_URL: must be a postgres:// URL',
    ],
    [{ HUB_POSTGRES_SCHEMA: 'Hub; DROP' }, 'HUB_POSTGRES_SCHEMA: must be a lower-case SQL identifier'],
    [
      { HUB_STORE: 'postgres', HUB_STORE_URL: 'postgres://db/hub?schema=Bad-One' },
      'HUB_STORE_URL: schema=Bad-One must be a lower-case SQL identifier',
    ],
    [
      { HUB_STORE: 'postgres', HUB_STORE_URL: 'postgres://db/hub?schema=moved', HUB_POSTGRES_SCHEMA: 'hub' },
      'HUB_STORE_URL: names schema moved but HUB_POSTGRES_SCHEMA is hub; set one of them',
    ],
    [{ KAFKA_BROKERS: 'kafka-1' }, 'KAFKA_BROKERS: must be host:port[,host:port…]'],
    [{ KAFKA_BROKERS: '127.0.0.1:9092;kafka-2:9092' }, 'KAFKA_BROKERS: must be host:port[,host:port…]'],
    [{ HUB_KAFKA_PROVIDERS: 'crc07' }, 'HUB_KAFKA_PROVIDERS: must be provider codes separated by commas'],
    [{ HUB_KAFKA_REPLICATION_FACTOR: '0' }, 'HUB_KAFKA_REPLICATION_FACTOR: must be at least 1'],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => loadHubConfig(env)).toThrow(ConfigError);
    expect(() => loadHubConfig(env)).toThrow(message);
  });

  it('refuses a data folder that is a file', () => {
    expect(() => loadHubConfig({ HUB_DATA_DIR: __filename })).toThrow('HUB_DATA_DIR: must name a folder');
  });

  it('leaves settings it does not know to the features that read them', () => {
    expect(loadHubConfig({ HUB_IMMEDIATE_HOURS: 'soon', HUB_BANK_HOLIDAYS_FILE: '/nowhere.json' })).not.toHaveProperty('immediateHours');
  });

  it('reports every bad variable at once', () => {
    try {
      loadHubConfig({ PORT: 'x', LOG_LEVEL: 'y' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).problems.map((problem) => problem.split(':')[0]).sort()).toEqual(['LOG_LEVEL', 'PORT']);
    }
  });
});
