import { BeforeApplicationShutdown, DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Kafka } from 'kafkajs';
import { caseViewProjection, CaseworkApplicationModule, providerFeedProjection } from '@escalation-hub/casework-application';
import { CaseworkUseCasesModule, ProviderInboundConsumer } from '@escalation-hub/casework-use-cases';
import { HealthIndicator, HubConfig, JsonLogger } from '@escalation-hub/platform';
import {
  KAFKA,
  KAFKA_HEALTH,
  ProcessConfig,
  PROJECTIONS_HEALTH,
  processRoot,
  ServiceInfrastructureModule,
  STORE_HEALTH,
} from '@escalation-hub/runtime';

const INBOUND_HEALTH = Symbol('INBOUND_HEALTH');

/** Reads the providers' inbound topics for as long as the gateway runs. */
@Injectable()
class ProviderInbound implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly consumer: ProviderInboundConsumer;

  constructor(@Inject(KAFKA) kafka: Kafka, commandBus: CommandBus, config: HubConfig, logger: JsonLogger) {
    this.consumer = new ProviderInboundConsumer(
      kafka,
      (command) => commandBus.execute(command),
      {
        providers: config.kafkaProviders ? config.kafkaProviders.split(',') : [],
        onRejected: (provider, code, reason) => logger.pino.warn({ provider, code, reason }, 'Refused a provider message: dead-lettered'),
        onError: (error) =>
          logger.pino.warn({ error: error instanceof Error ? error.message : String(error) }, 'Provider message: retrying'),
      },
    );
  }

  onApplicationBootstrap() {
    return this.consumer.start();
  }

  /** Stops taking provider messages first; an unsettled one stays uncommitted and is read again later. */
  beforeApplicationShutdown() {
    return this.consumer.stop();
  }
}

/**
 * The provider gateway: what provider systems use. Their requests and records (escalations, breach
 * packs, answers, failures to comply, warnings, information bearing on risk) over HTTP and over each
 * provider's inbound Kafka topic, the provider's view of its cases and its feed.
 */
@Module({})
export class GatewayModule {
  static forRoot(config: ProcessConfig, logger: JsonLogger): DynamicModule {
    const infrastructure = ServiceInfrastructureModule.register({
      service: 'gateway',
      projections: [caseViewProjection, providerFeedProjection],
      integrityCheckpoints: false,
      clock: () => new Date(),
    });
    const casework = CaseworkApplicationModule.register({ imports: [infrastructure] });
    const useCases = CaseworkUseCasesModule.register({ imports: [infrastructure, casework], audiences: ['providers'], scheduleOverdue: false });
    const inbound: DynamicModule = {
      module: class ProviderInboundModule {},
      imports: [infrastructure, casework, useCases],
      providers: [
        ProviderInbound,
        {
          provide: INBOUND_HEALTH,
          inject: [ProviderInbound],
          useFactory: (inbound: ProviderInbound): HealthIndicator => ({
            name: 'providerInbound',
            critical: false,
            check: async () => inbound.consumer.status(),
          }),
        },
      ],
      exports: [INBOUND_HEALTH],
    };
    return processRoot(GatewayModule, {
      config,
      logger,
      infrastructure,
      healthIndicators: [STORE_HEALTH, PROJECTIONS_HEALTH, KAFKA_HEALTH, INBOUND_HEALTH],
      healthModules: [inbound],
      features: [casework, useCases, inbound],
    });
  }
}
