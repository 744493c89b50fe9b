import { DynamicModule, InjectionToken, MiddlewareConsumer, Module, ModuleMetadata, NestModule, Provider } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { HEALTH_INDICATORS, HealthIndicator } from './health/health-indicator.port';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { RequestObserverMiddleware } from './http/request-observer.middleware';
import { JsonLogger } from './logging/json.logger';

export interface PlatformOptions {
  readonly logger: JsonLogger;
  /** Modules that export the health indicators named below. */
  readonly imports?: ModuleMetadata['imports'];
  /** Tokens, each resolving to a `HealthIndicator`, that readiness checks. */
  readonly healthIndicators: InjectionToken[];
}

/**
 * What every hub process serves the same way: JSON logs, problem+json errors,
 * /health/live, /health/ready and /metrics.
 */
@Module({})
export class PlatformModule implements NestModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const healthIndicators: Provider = {
      provide: HEALTH_INDICATORS,
      inject: options.healthIndicators,
      useFactory: (...indicators: HealthIndicator[]) => indicators,
    };
    return {
      module: PlatformModule,
      global: true,
      imports: options.imports ?? [],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: JsonLogger, useValue: options.logger },
        MetricsService,
        HealthService,
        healthIndicators,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
      exports: [JsonLogger, MetricsService],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestObserverMiddleware).forRoutes('*path');
  }
}
