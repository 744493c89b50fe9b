import {
  BeforeApplicationShutdown,
  DynamicModule,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { join } from 'node:path';
import { Gauge } from 'prom-client';
import {
  AllSubscription,
  EventLog,
  Projector,
  SqliteEventStore,
  SqliteReadModelStore,
  SqliteProjection,
  streamCatalogueProjection,
} from '@escalation-hub/event-store';
import { HealthCheckError, HealthIndicator, HubConfig, JsonLogger, MetricsService } from '@escalation-hub/platform';
import {
  CASE_READS,
  CASEWORK_PROJECTIONS,
  CLOCK,
  OVERDUE_SCAN_INTERVAL_MS,
  READ_MODEL_FRESHNESS,
  ReadModelFreshness,
} from '@escalation-hub/casework-application';
import { DueTimePolicy } from '@escalation-hub/casework-domain';
import { TokenStore } from '@escalation-hub/identity';
import {
  AccessLog,
  CheckpointJournal,
  IntegrityCheckpointer,
  itemDeadlinesProjection,
  SigningKey,
} from '@escalation-hub/audit-application';
import { loadBankHolidays } from './bank-holidays';

export const STORE_HEALTH = Symbol('STORE_HEALTH');
export const PROJECTIONS_HEALTH = Symbol('PROJECTIONS_HEALTH');
export const PROJECTORS = Symbol('PROJECTORS');

/** Every read model the embedded hub keeps. */
export const PROJECTIONS: SqliteProjection[] = [streamCatalogueProjection, ...CASEWORK_PROJECTIONS, itemDeadlinesProjection];

/** Signs checkpoints of the whole log as it grows, and a last one once the HTTP server has closed. */
@Injectable()
export class IntegrityService implements OnApplicationBootstrap {
  private subscription: AllSubscription | undefined;
  private readonly checkpointer: IntegrityCheckpointer;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: EventLog,
    readonly key: SigningKey,
    @Inject(CLOCK) clock: () => Date,
    config: HubConfig,
    private readonly logger: JsonLogger,
  ) {
    const journal = new CheckpointJournal(join(config.dataDir, 'integrity-checkpoints.jsonl'));
    this.checkpointer = new IntegrityCheckpointer(log, key, clock, config.checkpointEveryEvents, journal);
  }

  async onApplicationBootstrap() {
    await this.follow();
  }

  status() {
    return this.checkpointer.status();
  }

  /** Called by the store's lifecycle after in-flight requests are done and before the store closes. */
  async finish(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.subscription?.stop();
    try {
      await this.checkpointer.catchUp();
      await this.checkpointer.checkpoint();
    } catch (error) {
      this.logger.error(error instanceof Error ? error : String(error), 'IntegrityCheckpointer');
    }
  }

  /** Follows $all from the last checkpoint; after a failure, starts again from it a little later. */
  private async follow(): Promise<void> {
    const from = await this.checkpointer.resume();
    this.subscription = this.log.subscribeToAll({ from, batchSize: 1000, handler: (events) => this.checkpointer.apply(events) });
    this.subscription.done.catch((error: unknown) => {
      this.logger.error(error instanceof Error ? error : String(error), 'IntegrityCheckpointer');
      if (this.stopped) return;
      this.retryTimer = setTimeout(() => void this.follow().catch(() => undefined), 5_000);
    });
  }
}

/** Publishes the store's head, each projection's position and the integrity checkpointer's progress to /metrics. */
@Injectable()
class EventStoreMetrics {
  constructor(
    metrics: MetricsService,
    store: SqliteEventStore,
    @Inject(PROJECTORS) projectors: Projector<SqliteProjection>[],
    integrity: IntegrityService,
  ) {
    new Gauge({
      name: 'hub_integrity_checkpointed_events',
      help: 'How many events of $all the integrity checkpointer has hashed (signed at the next checkpoint)',
      registers: [metrics.registry],
      collect() {
        this.set(integrity.status().count);
      },
    });
    new Gauge({
      name: 'hub_event_store_head_position',
      help: 'Global position of the newest event in the store (0 when empty)',
      registers: [metrics.registry],
      async collect() {
        this.set((await store.headPosition()) ?? 0);
      },
    });
    new Gauge({
      name: 'hub_projection_position',
      help: 'Global position each projection has applied and committed (0 before the first event)',
      labelNames: ['projection'] as const,
      registers: [metrics.registry],
      collect() {
        for (const projector of projectors) this.set({ projection: projector.projection.name }, projector.status().position ?? 0);
      },
    });
  }
}

/** Starts the projectors once the app is up, and closes everything in order on shutdown. */
@Injectable()
class EventStoreLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly store: SqliteEventStore,
    private readonly readModels: SqliteReadModelStore,
    @Inject(PROJECTORS) private readonly projectors: Projector<SqliteProjection>[],
    private readonly tokens: TokenStore,
    private readonly integrity: IntegrityService,
    private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap() {
    for (const projector of this.projectors) {
      await projector.start();
      void projector.whenCaughtUp().then(() => this.logger.pino.info({ projection: projector.status() }, 'Projection caught up'));
    }
  }

  async beforeApplicationShutdown() {
    await Promise.all(this.projectors.map((projector) => projector.stop()));
  }

  /** Runs after the HTTP server has finished its in-flight requests. */
  async onApplicationShutdown() {
    await this.integrity.finish();
    this.tokens.close();
    this.readModels.close();
    await this.store.close();
    this.logger.pino.info('Event store closed');
  }
}

/** The embedded engines (SQLite files in HUB_DATA_DIR) and everything built directly on them. */
@Module({
  providers: [
    {
      provide: SqliteEventStore,
      inject: [HubConfig],
      useFactory: (config: HubConfig) => new SqliteEventStore({ filename: join(config.dataDir, 'events.sqlite') }),
    },
    // Events are stamped with the hub's clock, so recordedAt and occurredAt always agree.
    {
      provide: EventLog,
      inject: [SqliteEventStore, CLOCK],
      useFactory: (store: SqliteEventStore, clock: () => Date) => new EventLog(store, { clock }),
    },
    { provide: AccessLog, inject: [EventLog, CLOCK], useFactory: (log: EventLog, clock: () => Date) => new AccessLog(log, clock) },
    { provide: CASE_READS, useExisting: AccessLog },
    {
      provide: SigningKey,
      inject: [HubConfig],
      useFactory: (config: HubConfig) => SigningKey.loadOrCreate(join(config.dataDir, 'integrity-key.pem')),
    },
    IntegrityService,
    {
      provide: SqliteReadModelStore,
      inject: [HubConfig],
      useFactory: (config: HubConfig) => new SqliteReadModelStore(join(config.dataDir, 'read-models.sqlite')),
    },
    {
      provide: PROJECTORS,
      inject: [EventLog, SqliteReadModelStore, JsonLogger],
      useFactory: (log: EventLog, readModels: SqliteReadModelStore, logger: JsonLogger) =>
        PROJECTIONS.map(
          (projection) =>
            new Projector(log, readModels, projection, {
              onError: (error, name) => logger.error(error instanceof Error ? error : String(error), `Projection ${name}`),
            }),
        ),
    },
    {
      provide: STORE_HEALTH,
      inject: [SqliteEventStore, IntegrityService],
      useFactory: (store: SqliteEventStore, integrity: IntegrityService): HealthIndicator => ({
        name: 'eventStore',
        critical: true,
        async check() {
          await store.ping();
          return {
            engine: 'sqlite',
            headPosition: (await store.headPosition()) ?? 0,
            ...store.durability(),
            integrity: integrity.status(),
          };
        },
      }),
    },
    {
      provide: PROJECTIONS_HEALTH,
      inject: [PROJECTORS],
      useFactory: (projectors: Projector<SqliteProjection>[]): HealthIndicator => ({
        name: 'projections',
        // Queries and item lookups read these: until they have caught up (after a rebuild, say), answers would be wrong.
        critical: true,
        async check() {
          const statuses = projectors.map((projector) => projector.status());
          const failed = statuses.filter((status) => status.lastError);
          const details = { projections: statuses };
          if (failed.length > 0)
            throw new HealthCheckError(failed.map((status) => `${status.name}: ${status.lastError}`).join('; '), details);
          const behind = statuses.filter((status) => !status.caughtUp);
          if (behind.length > 0) {
            throw new HealthCheckError(
              `catching up: ${behind.map((status) => `${status.name} at ${status.position ?? 0}`).join(', ')}`,
              details,
            );
          }
          return details;
        },
      }),
    },
    {
      provide: READ_MODEL_FRESHNESS,
      inject: [PROJECTORS],
      useFactory: (projectors: Projector<SqliteProjection>[]): ReadModelFreshness => ({
        async waitFor(position) {
          await Promise.all(projectors.map((projector) => projector.waitForPosition(position)));
        },
      }),
    },
    {
      provide: DueTimePolicy,
      inject: [HubConfig],
      useFactory: (config: HubConfig) =>
        new DueTimePolicy(
          {
            immediateHours: config.immediateHours,
            urgentWorkingDays: config.urgentWorkingDays,
            routineWorkingDays: config.routineWorkingDays,
            breachPackWorkingDays: config.breachPackWorkingDays,
            recallCountersignHours: config.recallCountersignHours,
          },
          loadBankHolidays(config.bankHolidaysFile),
        ),
    },
    { provide: OVERDUE_SCAN_INTERVAL_MS, inject: [HubConfig], useFactory: (config: HubConfig) => config.overdueScanIntervalMs },
    {
      provide: TokenStore,
      inject: [HubConfig],
      useFactory: (config: HubConfig) => new TokenStore(join(config.dataDir, 'identity.sqlite')),
    },
    EventStoreLifecycle,
    EventStoreMetrics,
  ],
  exports: [
    SqliteEventStore,
    EventLog,
    SqliteReadModelStore,
    PROJECTORS,
    STORE_HEALTH,
    PROJECTIONS_HEALTH,
    READ_MODEL_FRESHNESS,
    DueTimePolicy,
    OVERDUE_SCAN_INTERVAL_MS,
    TokenStore,
    AccessLog,
    CASE_READS,
    SigningKey,
  ],
})
export class EmbeddedInfrastructureModule {
  static register(options: { clock: () => Date }): DynamicModule {
    return { module: EmbeddedInfrastructureModule, providers: [{ provide: CLOCK, useValue: options.clock }], exports: [CLOCK] };
  }
}
