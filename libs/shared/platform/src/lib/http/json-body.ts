import type { INestApplication } from '@nestjs/common';
import { json, type NextFunction, type Request, type Response } from 'express';
import { jsonShapeProblem } from '@escalation-hub/event-store';
import { asClientError, problem, PROBLEM_CONTENT_TYPE } from './problem-details.filter';

export const JSON_BODY_LIMIT = '256kb';
export { jsonShapeProblem, MAX_JSON_DEPTH } from '@escalation-hub/event-store';

/** The raw body, kept by the parser so its shape can be checked after it parsed. */
const RAW_BODY = Symbol('rawJsonBody');
type WithRawBody = Request & { [RAW_BODY]?: Buffer };

/**
 * Parses JSON bodies up to a limit and answers unreadable ones (too large, malformed, wrong charset,
 * too deep, a key repeated or forbidden) with problem+json before any route runs. Express-level,
 * because Nest would turn a parse error into a bare 400 and lose which kind of failure it was.
 * Create the app with `bodyParser: false`.
 */
export function useJsonBody(app: INestApplication): void {
  app.use(
    json({
      limit: JSON_BODY_LIMIT,
      verify: (request, _response, buffer) => {
        // The shape check reads the raw bytes as UTF-8; a body in another encoding would get past it.
        const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
        if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
          throw Object.assign(new Error('The request body must be UTF-8 JSON.'), { status: 415, type: 'charset.unsupported', expose: true });
        }
        (request as WithRawBody)[RAW_BODY] = buffer;
      },
    }),
  );
  app.use((request: WithRawBody, response: Response, next: NextFunction) => {
    const raw = request[RAW_BODY];
    delete request[RAW_BODY];
    const refusal = raw && jsonShapeProblem(raw.toString('utf8'));
    if (!refusal) return next();
    response
      .status(400)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify(problem(400, `The request body is refused: ${refusal}.`)));
  });
  app.use((error: unknown, _request: Request, response: Response, next: NextFunction) => {
    const problem = asClientError(error);
    if (!problem) return next(error);
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  });
}
