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
import { EventLog, Projector, SqlProjection, SqlReadModelStore, streamCatalogueProjection } from '@escalation-hub/event-store';
import { HealthCheckError, HealthIndicator, HubConfig, JsonLogger, MetricsService } from '@escalation-hub/platform';
import {
  CASE_READS,
  CASEWORK_PROJECTIONS,
  CLOCK,
  LEADERSHIP,
  OVERDUE_SCAN_INTERVAL_MS,
  READ_MODEL_FRESHNESS,
} from '@escalation-hub/casework-application';
import { DueTimePolicy } from '@escalation-hub/casework-domain';
import { TokenStore } from '@escalation-hub/identity';
import { AccessLog, itemDeadlinesProjection, SigningKey } from '@escalation-hub/audit-application';
import { loadBankHolidays } from './bank-holidays';
import { BackgroundWork, IntegrityService, PROJECTORS } from './background-work';
import { HUB_STORAGE, HubStorage, openHubStorage } from './hub-storage';

export { HUB_STORAGE, IntegrityService, PROJECTORS };
export const STORE_HEALTH = Symbol('STORE_HEALTH');
export const PROJECTIONS_HEALTH = Symbol('PROJECTIONS_HEALTH');

/** Every read model the hub keeps. */
export const PROJECTIONS: SqlProjection[] = [streamCatalogueProjection, ...CASEWORK_PROJECTIONS, itemDeadlinesProjection];

/** Publishes the store's head, each projection's position and the integrity checkpointer's progress to /metrics. */
@Injectable()
class EventStoreMetrics {
  constructor(metrics: MetricsService, @Inject(HUB_STORAGE) storage: HubStorage, work: BackgroundWork, integrity: IntegrityService) {
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
        this.set((await storage.store.headPosition()) ?? 0);
      },
    });
    new Gauge({
      name: 'hub_background_work_leader',
      help: '1 while this process holds the lease and runs the projectors, scheduler and checkpoints',
      registers: [metrics.registry],
      collect() {
        this.set(work.isLeader() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'hub_projection_position',
      help: 'Global position each projection has committed (0 before the first event), whichever process applied it',
      labelNames: ['projection'] as const,
      registers: [metrics.registry],
      async collect() {
        for (const projector of work.projectors) {
          this.set({ projection: projector.projection.name }, (await storage.readModels.checkpoint(projector.projection.name)) ?? 0);
        }
      },
    });
  }
}

/** Starts the background work once the app is up, and closes everything in order on shutdown. */
@Injectable()
class StorageLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(HUB_STORAGE) private readonly storage: HubStorage,
    private readonly work: BackgroundWork,
    private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap() {
    this.logger.pino.info({ storage: this.storage.describe() }, 'Storage open');
    await this.work.start();
  }

  async beforeApplicationShutdown() {
    await Promise.all(this.work.projectors.map((projector) => projector.stop()));
  }

  /** Runs after the HTTP server has finished its in-flight requests: a last checkpoint, then close. */
  async onApplicationShutdown() {
    await this.work.stop();
    await this.storage.close();
    this.logger.pino.info('Storage closed');
  }
}

/** The hub's storage (SQLite, PostgreSQL or KurrentDB, see HubStorage) and everything built directly on it. */
@Module({
  providers: [
    { provide: HUB_STORAGE, inject: [HubConfig], useFactory: (config: HubConfig) => openHubStorage(config) },
    // Events are stamped with the hub's clock, so recordedAt and occurredAt always agree.
    {
      provide: EventLog,
      inject: [HUB_STORAGE, CLOCK],
      useFactory: (storage: HubStorage, clock: () => Date) => new EventLog(storage.store, { clock }),
    },
    { provide: SqlReadModelStore, inject: [HUB_STORAGE], useFactory: (storage: HubStorage) => storage.readModels },
    { provide: TokenStore, inject: [HUB_STORAGE], useFactory: (storage: HubStorage) => storage.tokens },
    { provide: AccessLog, inject: [EventLog, CLOCK], useFactory: (log: EventLog, clock: () => Date) => new AccessLog(log, clock) },
    { provide: CASE_READS, useExisting: AccessLog },
    {
      provide: SigningKey,
      inject: [HubConfig],
      useFactory: (config: HubConfig) => SigningKey.loadOrCreate(join(config.dataDir, 'integrity-key.pem')),
    },
    IntegrityService,
    {
      provide: PROJECTORS,
      inject: [EventLog, SqlReadModelStore, JsonLogger],
      useFactory: (log: EventLog, readModels: SqlReadModelStore, logger: JsonLogger) =>
        PROJECTIONS.map(
          (projection) =>
            new Projector(log, readModels, projection, {
              onError: (error, name) => logger.error(error instanceof Error ? error : String(error), `Projection ${name}`),
            }),
        ),
    },
    BackgroundWork,
    { provide: LEADERSHIP, useExisting: BackgroundWork },
    { provide: READ_MODEL_FRESHNESS, useExisting: BackgroundWork },
    {
      provide: STORE_HEALTH,
      inject: [HUB_STORAGE, IntegrityService],
      useFactory: (storage: HubStorage, integrity: IntegrityService): HealthIndicator => ({
        name: 'eventStore',
        critical: true,
        async check() {
          await storage.store.ping();
          return { ...storage.describe(), headPosition: (await storage.store.headPosition()) ?? 0, integrity: integrity.status() };
        },
      }),
    },
    {
      provide: PROJECTIONS_HEALTH,
      inject: [BackgroundWork, HUB_STORAGE],
      useFactory: (work: BackgroundWork, storage: HubStorage): HealthIndicator => ({
        name: 'projections',
        // Queries and item lookups read these: until they have caught up (after a rebuild, say), answers would be wrong.
        critical: true,
        async check() {
          if (!work.isLeader()) {
            // Another process projects; this one serves what it has committed.
            const projections = await Promise.all(
              work.projectors.map(async ({ projection }) => ({
                name: projection.name,
                position: await storage.readModels.checkpoint(projection.name),
              })),
            );
            return { backgroundWork: 'standby', projections };
          }
          const statuses = work.projectors.map((projector) => projector.status());
          const failed = statuses.filter((status) => status.lastError);
          const details = { backgroundWork: 'leader', projections: statuses };
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
    StorageLifecycle,
    EventStoreMetrics,
  ],
  exports: [
    HUB_STORAGE,
    EventLog,
    SqlReadModelStore,
    PROJECTORS,
    STORE_HEALTH,
    PROJECTIONS_HEALTH,
    READ_MODEL_FRESHNESS,
    LEADERSHIP,
    DueTimePolicy,
    OVERDUE_SCAN_INTERVAL_MS,
    TokenStore,
    AccessLog,
    CASE_READS,
    SigningKey,
  ],
})
export class HubInfrastructureModule {
  static register(options: { clock: () => Date }): DynamicModule {
    return { module: HubInfrastructureModule, providers: [{ provide: CLOCK, useValue: options.clock }], exports: [CLOCK] };
  }
}
