import { Controller, Get, Res } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { HealthService } from './health.service';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** The process is up and its event loop answers. */
  @Get('live')
  @ApiResponse({ status: 200, description: "{ status: 'live' }: the process is up" })
  live() {
    return { status: 'live' };
  }

  /** Every critical dependency answers: 200, else 503 with the same report. */
  @Get('ready')
  @ApiResponse({
    status: 200,
    description: "{ status: 'ready', checks: { <name>: { status: 'up' | 'down', critical, ... } } }: every critical check is up",
  })
  @ApiResponse({
    status: 503,
    description: "The same report with status 'unready': a critical check is down (its entry says so, with its error)",
  })
  async ready(@Res({ passthrough: true }) response: Response) {
    const report = await this.health.readiness();
    response.status(report.status === 'ready' ? 200 : 503);
    return report;
  }
}
