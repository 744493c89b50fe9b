import { ArgumentsHost, BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { Writable } from 'node:stream';
import { JsonLogger } from '../logging/json.logger';
import { problem, ProblemDetailsFilter } from './problem-details.filter';

function respond(exception: unknown) {
  const logged: string[] = [];
  const logger = new JsonLogger(
    'info',
    'test',
    new Writable({ write: (chunk: Buffer, _e, done) => (logged.push(chunk.toString()), done()) }),
  );
  const sent: { status?: number; type?: string; body?: string } = {};
  const response = {
    status(code: number) {
      sent.status = code;
      return this;
    },
    type(value: string) {
      sent.type = value;
      return this;
    },
    send(body: string) {
      sent.body = body;
      return this;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new ProblemDetailsFilter(logger).catch(exception, host);
  return { ...sent, json: JSON.parse(sent.body ?? 'null'), logged };
}

describe('ProblemDetailsFilter', () => {
  it('renders Nest HTTP errors as problem+json', () => {
    const result = respond(new NotFoundException('Case X123456 not found'));
    expect(result.status).toBe(404);
    expect(result.type).toBe('application/problem+json');
    expect(result.json).toEqual({
      type: 'https://escalation-hub.dev/problems/not-found',
      title: 'Not Found',
      status: 404,
      detail: 'Case X123456 not found',
    });
  });

  it('passes a ready-made problem through, field errors included', () => {
    const body = problem(400, 'The request body is invalid', {
      errors: [{ field: 'urgency', message: 'must be ROUTINE, URGENT or IMMEDIATE' }],
    });
    expect(respond(new BadRequestException(body)).json).toEqual(body);
  });

  it('names body-size refusals', () => {
    expect(respond(new PayloadTooLargeException()).json).toMatchObject({ status: 413, title: 'Payload Too Large' });
  });

  it('maps Express body-parser errors to their own status, not 500', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, expose: true, type: 'entity.too.large' });
    expect(respond(tooLarge).json).toMatchObject({ status: 413, detail: expect.stringContaining('larger than') });
    const malformed = Object.assign(new SyntaxError('Unexpected token'), { status: 400, expose: true, type: 'entity.parse.failed' });
    expect(respond(malformed).json).toMatchObject({ status: 400, detail: 'The request body is not valid JSON (Unexpected token).' });
  });

  it('hides unexpected errors from the client and logs them', () => {
    const result = respond(new Error('SQLITE_CORRUPT: database disk image is malformed'));
    expect(result.status).toBe(500);
    expect(result.body).not.toContain('SQLITE');
    expect(result.logged.join('')).toContain('SQLITE_CORRUPT');
  });
});
