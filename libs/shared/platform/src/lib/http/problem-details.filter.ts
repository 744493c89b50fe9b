import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { InvalidEventError } from '@escalation-hub/event-store';
import { JsonLogger } from '../logging/json.logger';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
  /** A stable code to match on, where the hub has one. */
  code?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Every error leaves as RFC 9457 problem+json; unexpected ones are logged and never leak internals. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: JsonLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const problem = this.toProblem(exception);
    if (problem.status >= 500) this.logger.error(exception instanceof Error ? exception : String(exception), 'ProblemDetailsFilter');
    // The sender's content, not a fault of the hub; but input validation should have refused it first.
    else if (exception instanceof InvalidEventError)
      this.logger.warn(`Refused content the store cannot hold: ${exception.problem}`, 'ProblemDetailsFilter');
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (isProblem(body)) return body;
      const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      return problem(status, Array.isArray(message) ? message.join('; ') : String(message ?? exception.message));
    }
    const clientError = asClientError(exception);
    if (clientError) return clientError;
    if (exception instanceof InvalidEventError) return invalidEventProblem(exception);
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, 'The hub could not complete the request. It has been logged.');
  }
}

export function problem(status: number, detail: string, extra: Partial<ProblemDetails> = {}): ProblemDetails {
  const title = STATUS_CODES[status] ?? 'Error';
  return { type: `https://escalation-hub.dev/problems/${title.toLowerCase().replace(/[^a-z]+/g, '-')}`, title, status, detail, ...extra };
}

/**
 * What the store refused to hold (a lone surrogate, which canonical JSON cannot write, reaching it past
 * input validation): the request cannot be recorded as sent, and nothing of it was stored. 422 with the
 * code INVALID_EVENT, the same as a Kafka message dead-lettered for it.
 */
export function invalidEventProblem(error: InvalidEventError): ProblemDetails {
  return problem(422, `The request cannot be recorded as sent, and nothing was stored: ${error.problem}.`, {
    type: 'https://escalation-hub.dev/problems/invalid-event',
    code: error.code,
  });
}

/** Errors raised by Express middleware (body parsing) carry a 4xx status and a `type` of their own. */
export function asClientError(exception: unknown): ProblemDetails | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { status, type, expose } = exception as { status?: unknown; type?: unknown; expose?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500 || expose !== true) return undefined;
  switch (type) {
    case 'entity.too.large':
      return problem(status, `The request body is larger than the hub accepts (${describeLimit(exception)}).`);
    case 'entity.parse.failed':
      return problem(status, `The request body is not valid JSON (${exception instanceof Error ? exception.message : 'parse error'}).`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return problem(status, 'The request body must be UTF-8 JSON.');
    default:
      return problem(status, exception instanceof Error ? exception.message : 'The request could not be read.');
  }
}

function describeLimit(exception: object): string {
  const limit = (exception as { limit?: unknown }).limit;
  return typeof limit === 'number' ? `${Math.round(limit / 1024)} KB at most` : 'too large';
}

function isProblem(body: unknown): body is ProblemDetails {
  return typeof body === 'object' && body !== null && 'type' in body && 'title' in body && 'status' in body;
}
