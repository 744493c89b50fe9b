import { DynamicModule, Module } from '@nestjs/common';
import { disclosureLogProjection, itemDeadlinesProjection } from '@escalation-hub/audit-application';
import { AuditHttpModule } from '@escalation-hub/audit-http';
import { JsonLogger } from '@escalation-hub/platform';
import {
  KAFKA_HEALTH,
  ProcessConfig,
  PROJECTIONS_HEALTH,
  processRoot,
  ServiceInfrastructureModule,
  STORE_HEALTH,
} from '@escalation-hub/runtime';

/**
 * The audit service: timelines as they stood at any moment, verification, exports, the access log
 * and the late-decisions report; it also signs the integrity checkpoints (one instance at a time).
 * Timelines are read from the event store itself, never from a copy.
 */
@Module({})
export class AuditModule {
  static forRoot(config: ProcessConfig, logger: JsonLogger): DynamicModule {
    const infrastructure = ServiceInfrastructureModule.register({
      service: 'audit',
      projections: [itemDeadlinesProjection, disclosureLogProjection],
      integrityCheckpoints: true,
      clock: () => new Date(),
    });
    return processRoot(AuditModule, {
      config,
      logger,
      infrastructure,
      healthIndicators: [STORE_HEALTH, PROJECTIONS_HEALTH, KAFKA_HEALTH],
      features: [AuditHttpModule.register({ imports: [infrastructure] })],
    });
  }
}
