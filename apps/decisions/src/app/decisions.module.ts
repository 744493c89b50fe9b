import { DynamicModule, Module } from '@nestjs/common';
import { caseViewProjection, CaseworkApplicationModule, decisionQueueProjection } from '@escalation-hub/casework-application';
import { CaseworkUseCasesModule } from '@escalation-hub/casework-use-cases';
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
 * The decisions service: what the public service uses. Allocation, the decision queue (with the
 * overdue scheduler, run by one instance at a time), decisions, recall advice and countersignatures.
 */
@Module({})
export class DecisionsModule {
  static forRoot(config: ProcessConfig, logger: JsonLogger): DynamicModule {
    const infrastructure = ServiceInfrastructureModule.register({
      service: 'decisions',
      projections: [caseViewProjection, decisionQueueProjection],
      integrityCheckpoints: false,
      clock: () => new Date(),
    });
    const casework = CaseworkApplicationModule.register({ imports: [infrastructure] });
    return processRoot(DecisionsModule, {
      config,
      logger,
      infrastructure,
      healthIndicators: [STORE_HEALTH, PROJECTIONS_HEALTH, KAFKA_HEALTH],
      features: [casework, CaseworkUseCasesModule.register({ imports: [infrastructure, casework], audiences: ['public-service'] })],
    });
  }
}
