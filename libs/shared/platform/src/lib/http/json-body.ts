import type { INestApplication } from '@nestjs/common';
import { json, type NextFunction, type Request, type Response } from 'express';
import { asClientError, problem, PROBLEM_CONTENT_TYPE } from './problem-details.filter';

export const JSON_BODY_LIMIT = '256kb';
/** Far deeper than any body the API takes (three levels at most); deeper ones are refused before validation, which recurses. */
export const MAX_JSON_DEPTH = 20;

/** True if `value` nests objects or arrays more than `max` levels deep. Iterative, so no depth can overflow it. */
export function jsonNestedTooDeep(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return false;
}

/**
 * Parses JSON bodies up to a limit and answers unreadable ones (too large, malformed, wrong
 * charset) with problem+json before any route runs. Express-level, because Nest would turn a parse
 * error into a bare 400 and lose which kind of failure it was. Create the app with `bodyParser: false`.
 */
export function useJsonBody(app: INestApplication): void {
  app.use(json({ limit: JSON_BODY_LIMIT }));
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (!jsonNestedTooDeep(request.body)) return next();
    const refusal = problem(400, `The request body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep.`);
    response.status(400).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(refusal));
  });
  app.use((error: unknown, _request: Request, response: Response, next: NextFunction) => {
    const problem = asClientError(error);
    if (!problem) return next(error);
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  });
}
