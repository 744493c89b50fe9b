import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { JsonLogger } from '../logging/json.logger';
import { MetricsService } from '../metrics/metrics.service';

/** Logs every request once it finishes (path, never the query) and records its duration by route pattern (not raw path). */
@Injectable()
export class RequestObserverMiddleware implements NestMiddleware {
  constructor(
    private readonly logger: JsonLogger,
    private readonly metrics: MetricsService,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      this.metrics.httpRequestDuration.observe({ method: request.method, route, status: String(response.statusCode) }, seconds);
      // The path only: a query string may carry personal data (a CRN, a name) that logs must not keep.
      const path = request.originalUrl.split('?')[0];
      this.logger.pino.info(
        { method: request.method, path, status: response.statusCode, durationMs: Math.round(seconds * 1e4) / 10 },
        'request',
      );
    });
    next();
  }
}
