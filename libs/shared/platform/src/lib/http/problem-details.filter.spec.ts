import { ArgumentsHost, BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { Writable } from 'node:stream';
import { InvalidEventError } from '@escalation-hub/event-store';
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

  it('answers content the store refused (a lone surrogate past validation) with 422, not a logged 500', () => {
    const error = new InvalidEventError(
      'data.summary holds a lone surrogate, which is not Unicode text',
      '0b9ad2a4-5d5b-4c1e-9a45-3f1e2a6b7c8d',
    );
    const result = respond(error);
    expect(result.status).toBe(422);
    expect(result.type).toBe('application/problem+json');
    expect(result.json).toEqual({
      type: 'https://escalation-hub.dev/problems/invalid-event',
      title: 'Unprocessable Entity',
      status: 422,
      detail:
        'The request cannot be recorded as sent, and nothing was stored: data.summary holds a lone surrogate, which is not Unicode text.',
      code: 'INVALID_EVENT',
    });
    // Not the event's id (the hub's own), and not a server error: a warning that validation let it through.
    expect(result.body).not.toContain('0b9ad2a4');
    const logged = result.logged.map((line) => JSON.parse(line));
    expect(logged).toEqual([
      expect.objectContaining({ level: 'warn', msg: expect.stringContaining('data.summary holds a lone surrogate') }),
    ]);
  });

  it('hides unexpected errors from the client and logs them', () => {
    const result = respond(new Error('SQLITE_CORRUPT: database disk image is malformed'));
    expect(result.status).toBe(500);
    expect(result.body).not.toContain('SQLITE');
    expect(result.logged.join('')).toContain('SQLITE_CORRUPT');
  });
});
