import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthService } from './health.service';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** The process is up and its event loop answers. */
  @Get('live')
  live() {
    return { status: 'live' };
  }

  /** Every critical dependency answers: 200, else 503 with the same report. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) response: Response) {
    const report = await this.health.readiness();
    response.status(report.status === 'ready' ? 200 : 503);
    return report;
  }
}
