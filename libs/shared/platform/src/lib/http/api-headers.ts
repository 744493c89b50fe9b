import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** The API's browsable page (Swagger UI): its own scripts and styles only, never framed. */
export const API_DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * Headers for everything under /v1: its answers carry personal data, so nothing keeps a copy
 * (`no-store`), a browser never guesses another content type, and no other site may frame them.
 * The browsable API page gets a Content-Security-Policy of its own; a route that needs another
 * policy (the printable report) sets it itself.
 */
export function useApiHeaders(app: INestApplication): void {
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.path === '/v1' || request.path.startsWith('/v1/')) {
      response.setHeader('Cache-Control', 'no-store');
      response.setHeader('X-Content-Type-Options', 'nosniff');
      response.setHeader('X-Frame-Options', 'DENY');
      response.setHeader(
        'Content-Security-Policy',
        request.path.startsWith('/v1/docs') ? API_DOCS_CSP : "default-src 'none'; frame-ancestors 'none'",
      );
    }
    next();
  });
}
