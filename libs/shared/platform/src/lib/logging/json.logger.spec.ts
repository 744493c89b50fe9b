import { Writable } from 'node:stream';
import { JsonLogger } from './json.logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, logger: new JsonLogger('debug', 'hub-test', stream) };
}

describe('JsonLogger', () => {
  it('writes one JSON object per line with level, time, service, message and Nest context', () => {
    const { lines, logger } = capture();
    logger.log('Nest application successfully started', 'NestApplication');
    expect(lines[0]).toMatchObject({
      level: 'info',
      service: 'hub-test',
      context: 'NestApplication',
      msg: 'Nest application successfully started',
    });
    expect(Date.parse(lines[0]['time'] as string)).not.toBeNaN();
  });

  it('keeps an error’s stack and structured fields', () => {
    const { lines, logger } = capture();
    logger.error(new Error('disk full'), 'Projection case-view');
    logger.warn({ projection: 'queue', lag: 12 }, 'Projector');
    expect(lines[0]).toMatchObject({ level: 'error', context: 'Projection case-view', msg: 'disk full' });
    expect((lines[0]['err'] as { stack: string }).stack).toContain('disk full');
    expect(lines[1]).toMatchObject({ level: 'warn', context: 'Projector', projection: 'queue', lag: 12 });
  });

  it('drops messages below its level', () => {
    const { lines, logger } = capture();
    logger.pino.level = 'warn';
    logger.log('not shown');
    logger.debug('not shown');
    logger.warn('shown');
    expect(lines.map((line) => line['msg'])).toEqual(['shown']);
  });
});
