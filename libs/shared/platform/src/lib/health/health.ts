import { Controller, Get, HttpCode, Inject, Injectable, Res } from '@nestjs/common';
import type { Response } from 'express';

/** Something readiness depends on: `check` resolves with details when healthy and throws when not. */
export interface HealthIndicator {
  readonly name: string;
  /** Whether a failure makes the process unready (false: reported only). */
  readonly critical: boolean;
  check(): Promise<Record<string, unknown>>;
}

export const HEALTH_INDICATORS = Symbol('HEALTH_INDICATORS');

export interface ReadinessReport {
  status: 'ready' | 'unready';
  checks: Record<string, { status: 'up' | 'down'; critical: boolean } & Record<string, unknown>>;
}

@Injectable()
export class HealthService {
  constructor(@Inject(HEALTH_INDICATORS) private readonly indicators: HealthIndicator[]) {}

  async readiness(): Promise<ReadinessReport> {
    const checks: ReadinessReport['checks'] = {};
    let ready = true;
    await Promise.all(
      this.indicators.map(async (indicator) => {
        try {
          checks[indicator.name] = { status: 'up', critical: indicator.critical, ...(await indicator.check()) };
        } catch (error) {
          if (indicator.critical) ready = false;
          checks[indicator.name] = { status: 'down', critical: indicator.critical, error: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    return { status: ready ? 'ready' : 'unready', checks };
  }
}

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** The process is up and its event loop answers. */
  @Get('live')
  @HttpCode(200)
  live() {
    return { status: 'live' };
  }

  /** Every critical dependency answers: 200, else 503 with the report. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) response: Response) {
    const report = await this.health.readiness();
    response.status(report.status === 'ready' ? 200 : 503);
    return report;
  }
}
