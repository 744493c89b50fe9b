import { DynamicModule, Module } from '@nestjs/common';
import { HubConfig, JsonLogger, PlatformModule } from '@escalation-hub/platform';
import { EventStoreModule, PROJECTIONS_HEALTH, STORE_HEALTH } from './event-store.module';

/** The embedded single-process hub: every module in one process on the SQLite store. */
@Module({})
export class HubModule {
  static forRoot(config: HubConfig, logger: JsonLogger): DynamicModule {
    return {
      module: HubModule,
      imports: [
        { module: ConfigHolder, global: true, providers: [{ provide: HubConfig, useValue: config }], exports: [HubConfig] },
        PlatformModule.forRoot({ logger, imports: [EventStoreModule], healthIndicators: [STORE_HEALTH, PROJECTIONS_HEALTH] }),
        EventStoreModule,
      ],
    };
  }
}

@Module({})
class ConfigHolder {}
