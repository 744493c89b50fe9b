import { DynamicModule, Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CaseworkApplicationModule } from '@escalation-hub/casework-application';
import { CaseworkUseCasesModule } from '@escalation-hub/casework-use-cases';
import { AuditHttpModule } from '@escalation-hub/audit-http';
import { WebModule } from '@escalation-hub/web';
import { JsonLogger } from '@escalation-hub/platform';
import {
  createServiceApp,
  ProcessConfig,
  processRoot,
  PROJECTIONS_HEALTH,
  ServiceInfrastructureModule,
  STORE_HEALTH,
} from '@escalation-hub/runtime';
import { PROJECTIONS } from './projections';

/** The storage thread's script, built beside main.js; absent when the hub runs from its sources (then one thread does all). */
function builtStorageWorker(): string | undefined {
  const file = join(__dirname, 'storage-worker.js');
  return existsSync(file) ? file : undefined;
}

/** The single-process hub: every module in one process, on the store HUB_STORE names, with the in-process bus. */
@Module({})
export class HubModule {
  /** `clock` replaces the system clock (the demo uses it to record a realistic past). */
  static forRoot(config: ProcessConfig, logger: JsonLogger, options: { clock?: () => Date } = {}): DynamicModule {
    const infrastructure = ServiceInfrastructureModule.register({
      service: 'hub',
      projections: PROJECTIONS,
      integrityCheckpoints: true,
      clock: options.clock ?? (() => new Date()),
      storageWorker: builtStorageWorker(),
    });
    const casework = CaseworkApplicationModule.register({ imports: [infrastructure] });
    return processRoot(HubModule, {
      config,
      logger,
      infrastructure,
      healthIndicators: [STORE_HEALTH, PROJECTIONS_HEALTH],
      features: [
        casework,
        CaseworkUseCasesModule.register({ imports: [infrastructure, casework] }),
        AuditHttpModule.register({ imports: [infrastructure] }),
        WebModule.register({ imports: [infrastructure, casework] }),
      ],
    });
  }
}

/** How the embedded hub describes its API (OpenAPI). */
export const HUB_API = {
  title: 'Escalation Hub API',
  description: 'Risk escalations, breach packs, decisions and recall advice between probation providers and the public service.',
};

/** Builds the embedded hub (not yet listening). */
export function createHub(
  config: ProcessConfig,
  logger: JsonLogger,
  options: { clock?: () => Date } = {},
): Promise<NestExpressApplication> {
  return createServiceApp(HubModule.forRoot(config, logger, options), logger, HUB_API);
}
