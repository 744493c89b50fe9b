import type { INestApplication } from '@nestjs/common';
import { json, type NextFunction, type Request, type Response } from 'express';
import { asClientError, problem, PROBLEM_CONTENT_TYPE } from './problem-details.filter';

export const JSON_BODY_LIMIT = '256kb';
/** Far deeper than any body the API takes (three levels at most); deeper ones are refused before validation, which recurses. */
export const MAX_JSON_DEPTH = 20;
/** Keys that name JavaScript's object machinery: never data, and dangerous to any code that merges objects. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Why a JSON text is refused although it parses, or undefined if it is fine: objects or arrays nested
 * more than `maxDepth` levels, a key given twice in one object (JSON.parse would silently keep the last,
 * so two readers could disagree on what was sent), or a key from `FORBIDDEN_KEYS`. Call it on text
 * JSON.parse accepted. One pass, iterative: no depth can overflow it.
 */
export function jsonShapeProblem(text: string, maxDepth = MAX_JSON_DEPTH): string | undefined {
  // One entry per open object (the keys seen so far) or array (null).
  const open: (Set<string> | null)[] = [];
  let expectingKey = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '"') {
      const start = index;
      let escaped = false;
      for (index += 1; index < text.length && (text[index] !== '"' || escaped); index += 1) escaped = !escaped && text[index] === '\\';
      const keys = open[open.length - 1];
      if (!expectingKey || !keys) continue;
      const raw = text.slice(start, index + 1);
      let key: string;
      try {
        key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      } catch {
        return 'a key is not a valid JSON string';
      }
      if (FORBIDDEN_KEYS.has(key)) return `the key "${key}" is not allowed`;
      if (keys.has(key)) return `the key "${key}" appears twice in one object`;
      keys.add(key);
    } else if (char === '{' || char === '[') {
      open.push(char === '{' ? new Set() : null);
      if (open.length > maxDepth) return `objects or arrays are nested more than ${maxDepth} levels deep`;
      expectingKey = char === '{';
    } else if (char === '}' || char === ']') {
      open.pop();
      expectingKey = false;
    } else if (char === ',') {
      expectingKey = open[open.length - 1] !== null;
    } else if (char === ':') {
      expectingKey = false;
    }
  }
  return undefined;
}

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
