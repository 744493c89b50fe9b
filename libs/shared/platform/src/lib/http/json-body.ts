import type { INestApplication } from '@nestjs/common';
import { json, type NextFunction, type Request, type Response } from 'express';
import { asClientError, PROBLEM_CONTENT_TYPE } from './problem-details.filter';

export const JSON_BODY_LIMIT = '256kb';

/**
 * Parses JSON bodies up to a limit and answers unreadable ones (too large, malformed, wrong
 * charset) with problem+json before any route runs. Express-level, because Nest would turn a parse
 * error into a bare 400 and lose which kind of failure it was. Create the app with `bodyParser: false`.
 */
export function useJsonBody(app: INestApplication): void {
  app.use(json({ limit: JSON_BODY_LIMIT }));
  app.use((error: unknown, _request: Request, response: Response, next: NextFunction) => {
    const problem = asClientError(error);
    if (!problem) return next(error);
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  });
}
