import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Counter, Gauge } from 'prom-client';
import { EventLog, RecordedEvent, SqlProjection, SqlReadModelStore } from '@escalation-hub/event-store';
import {
  ConfigError,
  HealthCheckError,
  HealthIndicator,
  HubConfig,
  JsonLogger,
  MetricsService,
  RateLimiter,
} from '@escalation-hub/platform';
import {
  CASE_READS,
  CaseworkConfig,
  CLOCK,
  dueTimePolicyOf,
  LEADERSHIP,
  OVERDUE_SCAN_INTERVAL_MS,
  CLAIM_EXPIRY_SECONDS,
  PROVIDER_DISCLOSURES,
  KNOWN_PROVIDERS,
  KnownProviders,
  ProviderEventRouter,
  READ_MODEL_FRESHNESS,
  ReadModelFreshness,
  subjectOfStream,
} from '@escalation-hub/casework-application';
import { DueTimePolicy } from '@escalation-hub/casework-domain';
import { TokenStore, UserStore } from '@escalation-hub/identity';
import {
  AccessLog,
  CHECKPOINT_STREAM,
  CheckpointJournal,
  DisclosureLog,
  EvidenceExporter,
  isSignedTreeHead,
  parseVerifierKey,
  SignedTreeHead,
  SigningKey,
  TREE_HEAD_SIGNED,
  TreeHeadSigner,
  TrustedKeys,
  VerifiableLog,
  WitnessLinks,
} from '@escalation-hub/audit-application';
import {
  ensureTopics,
  EventBus,
  everyEventTo,
  hubTopicConfigs,
  HUB_TOPICS,
  InProcessEventBus,
  KafkaEventBus,
  KafkaOutboxPublisher,
  OutboxRoute,
  outboxCheckpointName,
  providerTopicConfigs,
  toContractMessage,
} from '@escalation-hub/messaging';
import { BackgroundJob, IntegrityService, LeasedWork } from './background-work';
import { HUB_STORAGE, HubStorage, openHubStorage, sharedLease } from './hub-storage';

export const STORE_HEALTH = Symbol('STORE_HEALTH');
export const PROJECTIONS_HEALTH = Symbol('PROJECTIONS_HEALTH');
export const KAFKA_HEALTH = Symbol('KAFKA_HEALTH');
export const EVENT_BUS = Symbol('EVENT_BUS');
export const KAFKA = Symbol('KAFKA');
/** The lease-held work of this process (projectors in the hub, integrity checkpoints, the overdue scheduler's turn). */
export const BACKGROUND_WORK = Symbol('BACKGROUND_WORK');
/** The outbox, run by one process of all the distributed services. */
export const OUTBOX_WORK = Symbol('OUTBOX_WORK');
const OUTBOX_PUBLISHER = Symbol('OUTBOX_PUBLISHER');
const PROVIDER_OUTBOX_PUBLISHER = Symbol('PROVIDER_OUTBOX_PUBLISHER');
/** The provider outbox's checkpoint is named after what it writes: every provider's outbound topic. */
const PROVIDER_TOPICS = 'hub.provider.*.outbound.v2';

/**
 * What one process is. `hub` runs everything over its own store with the in-process bus; any other
 * name is a distributed service: it shares the event store and tokens, keeps its own read models
 * fed from Kafka, and takes its turn at publishing the store to Kafka (the outbox).
 */
export interface ServiceProfile {
  readonly service: string;
  /** The read models this process keeps. */
  readonly projections: readonly SqlProjection[];
  /** Signs integrity checkpoints of the whole log (the hub and the audit service). */
  readonly integrityCheckpoints: boolean;
  readonly clock: () => Date;
  /**
   * The built storage worker script (the hub's storage-worker.js). Given, an embedded SQLite store
   * writes and projects on a thread of its own (ADR 0011); absent (running from sources), on this one.
   */
  readonly storageWorker?: string;
}

const SERVICE_PROFILE = Symbol('SERVICE_PROFILE');

function isDistributed(profile: ServiceProfile): boolean {
  return profile.service !== 'hub';
}

/** Checks that a distributed service has what it needs: a shared store and a broker. */
export function assertDistributedConfig(config: HubConfig, service: string): void {
  const problems: string[] = [];
  if (config.store === 'sqlite')
    problems.push(`HUB_STORE: the ${service} service shares its event store with the others: use postgres or kurrentdb`);
  if (config.store === 'kurrentdb' && !config.readModelsUrl)
    problems.push('HUB_READ_MODELS_URL: services keep read models and tokens in PostgreSQL');
  if (!config.kafkaBrokers) problems.push('KAFKA_BROKERS: the services exchange events over Kafka; name its bootstrap servers');
  if (problems.length > 0) throw new ConfigError(problems);
}

/** Publishes the store's head, read-model progress and lease holding to /metrics. */
@Injectable()
class RuntimeMetrics {
  constructor(
    metrics: MetricsService,
    @Inject(HUB_STORAGE) storage: HubStorage,
    @Inject(EVENT_BUS) bus: EventBus,
    @Inject(BACKGROUND_WORK) work: LeasedWork,
    @Inject(SERVICE_PROFILE) profile: ServiceProfile,
    @Inject(IntegrityService) integrity: IntegrityService | null,
    @Inject(VerifiableLog) verifiable: VerifiableLog | null,
    @Inject(OUTBOX_PUBLISHER) outbox: KafkaOutboxPublisher | null,
  ) {
    const registers = [metrics.registry];
    new Gauge({
      name: 'hub_event_store_head_position',
      help: 'Global position of the newest event in the store (0 when empty)',
      registers,
      async collect() {
        this.set((await storage.store.headPosition()) ?? 0);
      },
    });
    new Gauge({
      name: 'hub_background_work_leader',
      help: `1 while this process holds the lease of its background work (${profile.service})`,
      registers,
      collect() {
        this.set(work.isLeader() ? 1 : 0);
      },
    });
    if (verifiable) {
      new Gauge({
        name: 'hub_integrity_intact',
        help: "1 while the store's history matches every checkpoint the hub signed; 0 once it does not (the hub then signs and exports nothing)",
        registers,
        collect() {
          this.set(verifiable.state === 'compromised' ? 0 : 1);
        },
      });
      new Gauge({
        name: 'hub_integrity_tree_size',
        help: "Leaves in this process's Merkle tree of $all",
        registers,
        collect() {
          this.set(verifiable.size);
        },
      });
      new Gauge({
        name: 'hub_integrity_signed_tree_size',
        help: 'Tree size of the newest signed checkpoint',
        registers,
        collect() {
          this.set(Math.max(verifiable.latestSignedSize, integrity?.status().signedTreeSize ?? 0));
        },
      });
    }
    if (bus instanceof InProcessEventBus) {
      new Gauge({
        name: 'hub_projection_position',
        help: 'Global position each projection has committed (0 before the first event), whichever process applied it',
        labelNames: ['projection'] as const,
        registers,
        async collect() {
          for (const { name, position } of await bus.committedPositions()) this.set({ projection: name }, position ?? 0);
        },
      });
    }
    if (bus instanceof KafkaEventBus) {
      new Counter({
        name: 'hub_read_model_events_applied_total',
        help: 'Events from Kafka this process applied to its read models',
        registers,
        collect() {
          this.reset();
          this.inc(bus.status().applied);
        },
      });
    }
    if (outbox) {
      new Gauge({
        name: 'hub_outbox_position',
        help: 'Global position of the last event the broker acknowledged from this process (0 when it is not the publisher)',
        registers,
        collect() {
          this.set(outbox.status().position ?? 0);
        },
      });
    }
  }
}

/** Starts the work once the app is up, and closes everything in order on shutdown. */
@Injectable()
class RuntimeLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(HUB_STORAGE) private readonly storage: HubStorage,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(BACKGROUND_WORK) private readonly work: LeasedWork,
    @Inject(OUTBOX_WORK) private readonly outboxWork: LeasedWork | null,
    @Inject(KAFKA) private readonly kafka: Kafka | null,
    @Inject(SERVICE_PROFILE) private readonly profile: ServiceProfile,
    @Inject(VerifiableLog) private readonly verifiable: VerifiableLog | null,
    private readonly config: HubConfig,
    private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap() {
    this.logger.pino.info({ service: this.profile.service, storage: this.storage.describe() }, 'Storage open');
    if (this.kafka) {
      const admin = this.kafka.admin();
      await admin.connect();
      try {
        await ensureTopics(admin, hubTopicConfigs(providerList(this.config), this.config.kafkaReplicationFactor));
      } finally {
        await admin.disconnect();
      }
    }
    if (!this.bus.exclusive) await this.bus.start();
    // Replays and checks the whole log in the background; signing and exports wait for it.
    void this.verifiable?.start().then(
      () => this.logger.pino.info({ treeSize: this.verifiable?.size, state: this.verifiable?.state }, 'Integrity check of the store done'),
      (error: unknown) => this.logger.error(error instanceof Error ? error : String(error), 'VerifiableLog'),
    );
    await this.work.start();
    await this.outboxWork?.start();
  }

  /** Runs after the HTTP server has finished its in-flight requests (whose answers wait for the bus): bus, outbox, last checkpoint, close. */
  async onApplicationShutdown() {
    if (!this.bus.exclusive) await this.bus.stop();
    await this.outboxWork?.stop();
    await this.work.stop();
    await this.verifiable?.stop();
    await this.storage.close();
    this.logger.pino.info('Storage closed');
  }
}

/**
 * The hub's internal stream, every event to hub.case-events.v1, plus each signed checkpoint to
 * hub.integrity.checkpoints.v1 for witnesses and monitors (body: the stored tree head, note included).
 * Only heads the hub's key signed go out: a record someone slipped into the store is not published.
 */
function caseEventsAndCheckpoints(key: SigningKey, logger: JsonLogger): OutboxRoute {
  const internal = everyEventTo(HUB_TOPICS.caseEvents, subjectOfStream);
  const signedByTheHub = new TrustedKeys([key.publicKey]);
  const publishable = (event: RecordedEvent) => {
    if (event.streamName !== CHECKPOINT_STREAM || event.type !== TREE_HEAD_SIGNED || !isSignedTreeHead(event.data)) return false;
    if (signedByTheHub.checkpointOf(event.data)) return true;
    logger.pino.warn(
      { eventId: event.id, treeSize: event.data.treeSize },
      "A checkpoint record this process's signing key did not sign was not published (every service must share HUB_SIGNING_KEY_FILE)",
    );
    return false;
  };
  return async (events) => [
    ...(await internal(events)),
    ...events.filter(publishable).map((event) => ({
      topic: HUB_TOPICS.integrityCheckpoints,
      message: toContractMessage({
        id: event.id,
        type: event.type,
        time: event.recordedAt,
        subject: (event.data as unknown as SignedTreeHead).origin,
        body: event.data,
      }),
    })),
  ];
}

/** The hub's signing key: HUB_SIGNING_KEY_FILE (which may live outside the data folder), else integrity-key.pem in it. */
export function signingKeyFile(config: HubConfig): string {
  return config.signingKeyFile ?? join(config.dataDir, 'integrity-key.pem');
}

/** The checkpoint journal: HUB_CHECKPOINT_JOURNAL_FILE (best kept apart from the store), else in the data folder. */
function witnessKeysOf(config: HubConfig) {
  return config.witnessKeys ? config.witnessKeys.split(',').map(parseVerifierKey) : [];
}

export function journalFile(config: HubConfig): string {
  return config.checkpointJournalFile ?? join(config.dataDir, 'integrity-checkpoints.jsonl');
}

function providerList(config: HubConfig): string[] {
  return config.kafkaProviders ? config.kafkaProviders.split(',') : [];
}

/** The bus as a lease-held job: the in-process projectors run in one process at a time. */
function busJob(bus: InProcessEventBus, logger: JsonLogger): BackgroundJob {
  return {
    name: 'projectors',
    async start() {
      await bus.start();
      void bus.whenCaughtUp().then(() => logger.pino.info({ projections: bus.projector.statuses() }, 'Projection caught up'));
    },
    stop: () => bus.stop(),
  };
}

/**
 * A process's storage, its bus and everything built directly on them, for the embedded hub and for
 * each distributed service alike (see ServiceProfile).
 */
@Module({})
export class ServiceInfrastructureModule {
  static register(profile: ServiceProfile): DynamicModule {
    return {
      module: ServiceInfrastructureModule,
      providers: [
        { provide: SERVICE_PROFILE, useValue: profile },
        { provide: CLOCK, useValue: profile.clock },
        {
          provide: HUB_STORAGE,
          inject: [HubConfig, JsonLogger],
          useFactory: (config: HubConfig, logger: JsonLogger) =>
            openHubStorage(
              config,
              isDistributed(profile) ? profile.service : undefined,
              profile.storageWorker && config.store === 'sqlite'
                ? {
                    workerFile: profile.storageWorker,
                    projections: profile.projections,
                    onProjectionError: (error, name) => logger.error(error, `Projection ${name}`),
                    onFailure: (error) =>
                      logger.pino.fatal(
                        { error: errorText(error) },
                        'The storage thread stopped: nothing more can be stored until the hub restarts',
                      ),
                  }
                : undefined,
            ),
        },
        // Events are stamped with the process's clock, so recordedAt and occurredAt always agree.
        {
          provide: EventLog,
          inject: [HUB_STORAGE],
          useFactory: (storage: HubStorage) => new EventLog(storage.store, { clock: profile.clock }),
        },
        { provide: SqlReadModelStore, inject: [HUB_STORAGE], useFactory: (storage: HubStorage) => storage.readModels },
        { provide: TokenStore, inject: [HUB_STORAGE], useFactory: (storage: HubStorage) => storage.tokens },
        { provide: UserStore, inject: [HUB_STORAGE], useFactory: (storage: HubStorage) => storage.users },
        { provide: AccessLog, inject: [EventLog], useFactory: (log: EventLog) => new AccessLog(log, profile.clock) },
        { provide: CASE_READS, useExisting: AccessLog },
        { provide: DisclosureLog, inject: [EventLog], useFactory: (log: EventLog) => new DisclosureLog(log, profile.clock) },
        { provide: PROVIDER_DISCLOSURES, useExisting: DisclosureLog },
        { provide: RateLimiter, inject: [HubConfig], useFactory: (config: HubConfig) => new RateLimiter(config.tokenRateLimit) },
        {
          provide: KNOWN_PROVIDERS,
          inject: [TokenStore, HubConfig],
          useFactory: (tokens: TokenStore, config: HubConfig): KnownProviders => ({
            isKnown: async (provider) => providerList(config).includes(provider) || (await tokens.knowsProvider(provider)),
          }),
        },
        {
          provide: SigningKey,
          inject: [HubConfig],
          useFactory: (config: HubConfig) => SigningKey.loadOrCreate(signingKeyFile(config)),
        },
        {
          provide: VerifiableLog,
          inject: [EventLog, SigningKey, HubConfig, JsonLogger, HUB_STORAGE],
          useFactory: (log: EventLog, key: SigningKey, config: HubConfig, logger: JsonLogger, storage: HubStorage) =>
            profile.integrityCheckpoints
              ? new VerifiableLog(log, TrustedKeys.fromPems([key.publicKeyPem]), {
                  checkpointEvery: config.checkpointEveryEvents,
                  leaves: storage.leaves,
                  journal: new CheckpointJournal(journalFile(config)),
                  witnessKeys: witnessKeysOf(config),
                  onFollowError: (error) =>
                    logger.pino.error(
                      { error: errorText(error) },
                      'The integrity log cannot read the store: retrying (no checkpoints until it can)',
                    ),
                  onCompromised: (problems) =>
                    logger.pino.fatal(
                      { problems },
                      "INTEGRITY FAILURE: the store's history no longer matches what the hub signed. It signs and exports nothing more; run verify --all and investigate",
                    ),
                })
              : null,
        },
        {
          provide: TreeHeadSigner,
          inject: [EventLog, VerifiableLog, SigningKey, HubConfig],
          useFactory: (log: EventLog, verifiable: VerifiableLog | null, key: SigningKey, config: HubConfig) =>
            verifiable
              ? new TreeHeadSigner(
                  log,
                  verifiable,
                  key,
                  config.logOrigin,
                  config.checkpointEveryEvents,
                  profile.clock,
                  new CheckpointJournal(journalFile(config)),
                  config.witnessUrls ? new WitnessLinks(log, verifiable, config.witnessUrls.split(','), witnessKeysOf(config)) : undefined,
                )
              : null,
        },
        {
          provide: EvidenceExporter,
          inject: [EventLog, VerifiableLog, TreeHeadSigner, SigningKey],
          useFactory: (log: EventLog, verifiable: VerifiableLog | null, signer: TreeHeadSigner | null, key: SigningKey) =>
            verifiable && signer ? new EvidenceExporter(log, verifiable, signer, key) : null,
        },
        {
          provide: KAFKA,
          inject: [HubConfig, JsonLogger],
          useFactory: (config: HubConfig, logger: JsonLogger) =>
            isDistributed(profile) && config.kafkaBrokers ? kafkaClient(config.kafkaBrokers, profile.service, logger) : null,
        },
        {
          provide: EVENT_BUS,
          inject: [EventLog, SqlReadModelStore, KAFKA, JsonLogger, HUB_STORAGE],
          useFactory: (
            log: EventLog,
            readModels: SqlReadModelStore,
            kafka: Kafka | null,
            logger: JsonLogger,
            storage: HubStorage,
          ): EventBus => {
            if (!kafka) {
              return new InProcessEventBus(
                log,
                readModels,
                profile.projections,
                (error, name) => logger.error(error instanceof Error ? error : String(error), `Projection ${name}`),
                storage.projector,
              );
            }
            return new KafkaEventBus(kafka, readModels, profile.projections, {
              service: profile.service,
              onDeadLetter: (reason) => logger.pino.error({ reason }, 'An event could not be applied to the read models: dead-lettered'),
            });
          },
        },
        {
          provide: IntegrityService,
          inject: [VerifiableLog, TreeHeadSigner, HubConfig, JsonLogger],
          useFactory: (verifiable: VerifiableLog | null, signer: TreeHeadSigner | null, config: HubConfig, logger: JsonLogger) =>
            verifiable && signer ? new IntegrityService(verifiable, signer, config.checkpointEveryEvents, logger) : null,
        },
        {
          provide: OUTBOX_PUBLISHER,
          inject: [EventLog, KAFKA, SigningKey, JsonLogger],
          useFactory: (log: EventLog, kafka: Kafka | null, key: SigningKey, logger: JsonLogger) =>
            kafka
              ? new KafkaOutboxPublisher(log, kafka, {
                  route: caseEventsAndCheckpoints(key, logger),
                  checkpointName: outboxCheckpointName(HUB_TOPICS.caseEvents),
                  pollIntervalMs: 20,
                  onError: (error) => logger.pino.warn({ error: errorText(error) }, 'Outbox: retrying'),
                })
              : null,
        },
        {
          provide: PROVIDER_OUTBOX_PUBLISHER,
          inject: [EventLog, KAFKA, DisclosureLog, HubConfig, JsonLogger],
          useFactory: (log: EventLog, kafka: Kafka | null, disclosures: DisclosureLog, config: HubConfig, logger: JsonLogger) =>
            kafka
              ? new KafkaOutboxPublisher(log, kafka, {
                  route: providerTopicsRoute(log, kafka, disclosures, config.kafkaReplicationFactor),
                  checkpointName: outboxCheckpointName(PROVIDER_TOPICS),
                  pollIntervalMs: 20,
                  onError: (error) => logger.pino.warn({ error: errorText(error) }, 'Provider outbox: retrying'),
                })
              : null,
        },
        {
          provide: BACKGROUND_WORK,
          inject: [HUB_STORAGE, EVENT_BUS, IntegrityService, JsonLogger],
          useFactory: (storage: HubStorage, bus: EventBus, integrity: IntegrityService | null, logger: JsonLogger) => {
            const jobs: BackgroundJob[] = [];
            if (bus instanceof InProcessEventBus) jobs.push(busJob(bus, logger));
            if (integrity) jobs.push(integrity);
            return new LeasedWork(`${profile.service} background work`, storage.lease, jobs, logger);
          },
        },
        {
          provide: OUTBOX_WORK,
          inject: [OUTBOX_PUBLISHER, PROVIDER_OUTBOX_PUBLISHER, HubConfig, JsonLogger],
          useFactory: (
            outbox: KafkaOutboxPublisher | null,
            providerOutbox: KafkaOutboxPublisher | null,
            config: HubConfig,
            logger: JsonLogger,
          ) =>
            outbox && providerOutbox
              ? new LeasedWork(
                  'outbox',
                  sharedLease(config, 'outbox'),
                  [
                    { name: 'outbox', start: () => outbox.start(), stop: () => outbox.stop() },
                    { name: 'provider outbox', start: () => providerOutbox.start(), stop: () => providerOutbox.stop() },
                  ],
                  logger,
                )
              : null,
        },
        { provide: LEADERSHIP, useExisting: BACKGROUND_WORK },
        {
          provide: READ_MODEL_FRESHNESS,
          inject: [EVENT_BUS, EventLog],
          useFactory: (bus: EventBus, log: EventLog): ReadModelFreshness => ({
            waitFor: (position, readModels) => bus.waitFor(position, undefined, readModels).then(() => undefined),
            // Over Kafka each service's read models follow the topic, not this store's positions: reads there
            // are eventually consistent, as before. In one process a read waits for what is stored already.
            waitForStore: async (readModels) => {
              if (bus.transport !== 'in-process') return;
              const head = await log.port.headPosition();
              if (head !== undefined) await bus.waitFor(head, undefined, readModels);
            },
          }),
        },
        {
          provide: STORE_HEALTH,
          inject: [HUB_STORAGE, IntegrityService, VerifiableLog],
          useFactory: (storage: HubStorage, integrity: IntegrityService | null, verifiable: VerifiableLog | null): HealthIndicator => ({
            name: 'eventStore',
            critical: true,
            async check() {
              await storage.store.ping();
              const head = (await storage.store.headPosition()) ?? 0;
              const details = { ...storage.describe(), headPosition: head, ...(integrity ? { integrity: integrity.status() } : {}) };
              // A store whose history no longer matches its signed checkpoints is not fit to serve.
              if (verifiable?.state === 'compromised')
                throw new HealthCheckError("integrity compromised: the store's history no longer matches what the hub signed", {
                  ...details,
                  integrityProblems: verifiable.problems,
                });
              // Nor one whose log cannot follow it: nothing new would be checked or signed.
              if (verifiable?.lastFollowError)
                throw new HealthCheckError(`integrity log cannot read the store: ${verifiable.lastFollowError}`, details);
              return details;
            },
          }),
        },
        {
          provide: PROJECTIONS_HEALTH,
          inject: [EVENT_BUS, HUB_STORAGE],
          useFactory: (bus: EventBus, storage: HubStorage): HealthIndicator => {
            // Over Kafka, read models can only be current once the outbox has published what the store held at start.
            const headAtStart = bus.exclusive ? Promise.resolve(0) : storage.store.headPosition().then((head) => head ?? 0);
            let historyPublished = bus.exclusive;
            return {
              name: 'projections',
              // Queries and item lookups read these: until they have caught up (after a rebuild, say), answers would be wrong.
              critical: true,
              async check() {
                if (!historyPublished) {
                  const [head, published] = await Promise.all([
                    headAtStart,
                    storage.store.readCheckpoint(outboxCheckpointName(HUB_TOPICS.caseEvents)),
                  ]);
                  if ((published ?? 0) < head) {
                    throw new HealthCheckError(`waiting for the outbox to publish the store's history: at ${published ?? 0} of ${head}`, {
                      transport: 'kafka',
                    });
                  }
                  historyPublished = true;
                }
                const { details, problem } = await bus.health();
                if (problem) throw new HealthCheckError(problem, details);
                return details;
              },
            };
          },
        },
        {
          provide: KAFKA_HEALTH,
          inject: [KAFKA, OUTBOX_PUBLISHER, PROVIDER_OUTBOX_PUBLISHER, OUTBOX_WORK],
          useFactory: (
            kafka: Kafka | null,
            outbox: KafkaOutboxPublisher | null,
            providerOutbox: KafkaOutboxPublisher | null,
            outboxWork: LeasedWork | null,
          ): HealthIndicator => ({
            name: 'kafka',
            critical: true,
            async check() {
              if (!kafka) return { used: false };
              const admin = kafka.admin();
              try {
                await admin.connect();
                const cluster = await admin.describeCluster();
                return {
                  brokers: cluster.brokers.length,
                  outbox: outboxWork?.isLeader() ? { publisher: 'this process', ...outbox?.status() } : { publisher: 'another process' },
                  ...(outboxWork?.isLeader() ? { providerOutbox: providerOutbox?.status() } : {}),
                };
              } catch (error) {
                throw new HealthCheckError(`Kafka does not answer: ${error instanceof Error ? error.message : String(error)}`, {});
              } finally {
                await admin.disconnect().catch(() => undefined);
              }
            },
          }),
        },
        { provide: DueTimePolicy, inject: [CaseworkConfig], useFactory: dueTimePolicyOf },
        {
          provide: OVERDUE_SCAN_INTERVAL_MS,
          inject: [CaseworkConfig],
          useFactory: (config: CaseworkConfig) => config.overdueScanIntervalMs,
        },
        {
          provide: CLAIM_EXPIRY_SECONDS,
          inject: [CaseworkConfig],
          useFactory: (config: CaseworkConfig) => Math.round(config.claimExpiryMinutes * 60),
        },
        RuntimeLifecycle,
        RuntimeMetrics,
      ],
      exports: [
        CLOCK,
        HUB_STORAGE,
        EventLog,
        SqlReadModelStore,
        EVENT_BUS,
        KAFKA,
        BACKGROUND_WORK,
        STORE_HEALTH,
        PROJECTIONS_HEALTH,
        KAFKA_HEALTH,
        READ_MODEL_FRESHNESS,
        LEADERSHIP,
        DueTimePolicy,
        OVERDUE_SCAN_INTERVAL_MS,
        CLAIM_EXPIRY_SECONDS,
        TokenStore,
        UserStore,
        AccessLog,
        CASE_READS,
        DisclosureLog,
        PROVIDER_DISCLOSURES,
        KNOWN_PROVIDERS,
        RateLimiter,
        SigningKey,
        VerifiableLog,
        EvidenceExporter,
      ],
    };
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The provider events of each batch, each to its provider's outbound topic, by the rule the feed uses.
 * What a batch is about to send is recorded in each provider's disclosure log first (a batch sent
 * again after a failure is recorded again: it may well have reached the provider twice).
 */
function providerTopicsRoute(log: EventLog, kafka: Kafka, disclosures: DisclosureLog, replicationFactor: number): OutboxRoute {
  const router = new ProviderEventRouter(log);
  const topicsReady = new Set<string>();
  return async (events) => {
    const byProvider = new Map<string, { topic: string; events: { id: string; crn: string; type: string }[] }>();
    const messages = [];
    for (const { disclosure } of await router.route(events)) {
      const { provider, event } = disclosure;
      const topic = HUB_TOPICS.providerOutbound(provider);
      if (!topicsReady.has(topic)) {
        // Its outbound topic only: inbound topics are read for the providers in HUB_KAFKA_PROVIDERS.
        await ensureProviderTopic(kafka, provider, topic, replicationFactor);
        topicsReady.add(topic);
      }
      const sent = byProvider.get(provider) ?? { topic, events: [] };
      sent.events.push({ id: event.id, crn: event.crn, type: event.type });
      byProvider.set(provider, sent);
      messages.push({
        topic,
        message: toContractMessage({ id: event.id, type: event.type, time: event.occurredAt, subject: event.crn, body: event }),
      });
    }
    for (const [provider, sent] of byProvider) await disclosures.recordTopicMessages(provider, sent.topic, sent.events);
    return messages;
  };
}

async function ensureProviderTopic(kafka: Kafka, provider: string, topic: string, replicationFactor: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(
      admin,
      providerTopicConfigs(provider, replicationFactor).filter((config) => config.topic === topic),
    );
  } finally {
    await admin.disconnect();
  }
}

/** kafkajs with its log lines in the process's JSON log. */
function kafkaClient(brokers: string, service: string, logger: JsonLogger): Kafka {
  return new Kafka({
    clientId: `escalation-hub-${service}`,
    brokers: brokers.split(','),
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }) => {
        const { message, ...rest } = log;
        const entry = { kafka: rest };
        if (level <= logLevel.ERROR) logger.pino.error(entry, message);
        else logger.pino.warn(entry, message);
      },
  });
}
