import { Inject, Injectable } from '@nestjs/common';
import { HEALTH_INDICATORS, HealthCheckError, HealthIndicator } from './health-indicator.port';

export interface ReadinessReport {
  status: 'ready' | 'unready';
  checks: Record<string, { status: 'up' | 'down'; critical: boolean } & Record<string, unknown>>;
}

@Injectable()
export class HealthService {
  constructor(@Inject(HEALTH_INDICATORS) private readonly indicators: HealthIndicator[]) {}

  /** Runs every indicator at once; unready if any critical one fails. */
  async readiness(): Promise<ReadinessReport> {
    const checks: ReadinessReport['checks'] = {};
    let ready = true;
    await Promise.all(
      this.indicators.map(async (indicator) => {
        try {
          checks[indicator.name] = { status: 'up', critical: indicator.critical, ...(await indicator.check()) };
        } catch (error) {
          if (indicator.critical) ready = false;
          const details = error instanceof HealthCheckError ? error.details : {};
          checks[indicator.name] = {
            status: 'down',
            critical: indicator.critical,
            ...details,
            error: error instanceof Error ? error.message : String(error),
          };
        }
      }),
    );
    return { status: ready ? 'ready' : 'unready', checks };
  }
}
