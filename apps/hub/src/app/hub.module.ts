import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CaseworkApplicationModule } from '@escalation-hub/casework-application';
import { CaseworkHttpModule } from '@escalation-hub/casework-http';
import { AuditHttpModule } from '@escalation-hub/audit-http';
import { HubConfig, JsonLogger, PlatformModule } from '@escalation-hub/platform';
import { HubInfrastructureModule, PROJECTIONS_HEALTH, STORE_HEALTH } from './hub-infrastructure.module';

@Module({})
class ConfigHolder {}

/** The single-process hub: every module in one process, on the store HUB_STORE names. */
@Module({})
export class HubModule {
  /** `clock` replaces the system clock (the demo uses it to record a realistic past). */
  static forRoot(config: HubConfig, logger: JsonLogger, options: { clock?: () => Date } = {}): DynamicModule {
    const infrastructure = HubInfrastructureModule.register({ clock: options.clock ?? (() => new Date()) });
    const casework = CaseworkApplicationModule.register({ imports: [infrastructure] });
    return {
      module: HubModule,
      imports: [
        { module: ConfigHolder, global: true, providers: [{ provide: HubConfig, useValue: config }], exports: [HubConfig] },
        PlatformModule.forRoot({ logger, imports: [infrastructure], healthIndicators: [STORE_HEALTH, PROJECTIONS_HEALTH] }),
        CqrsModule.forRoot(),
        casework,
        CaseworkHttpModule.register({ imports: [infrastructure, casework] }),
        AuditHttpModule.register({ imports: [infrastructure] }),
      ],
    };
  }
}
