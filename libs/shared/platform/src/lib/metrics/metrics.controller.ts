import { Controller, Get, Header } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { MetricsService } from './metrics.service';

@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  /** Prometheus text exposition format. */
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiResponse({ status: 200, description: 'The process’s metrics in the Prometheus text exposition format (text/plain; version=0.0.4)' })
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
