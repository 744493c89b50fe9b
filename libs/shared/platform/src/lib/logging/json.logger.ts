import type { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import type { LogLevel } from '../config/hub.config';

/** Structured JSON logs on stdout, one object per line, for Nest and for our own code. */
export class JsonLogger implements LoggerService {
  readonly pino: Logger;

  /** Writes synchronously by default: a line logged just before a crash or kill is not lost. */
  constructor(level: LogLevel = 'info', service = 'hub', destination: pino.DestinationStream = pino.destination({ dest: 1, sync: true })) {
    this.pino = pino(
      { level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } },
      destination,
    );
  }

  log(message: unknown, ...context: unknown[]) {
    this.write('info', message, context);
  }
  error(message: unknown, ...context: unknown[]) {
    this.write('error', message, context);
  }
  warn(message: unknown, ...context: unknown[]) {
    this.write('warn', message, context);
  }
  debug(message: unknown, ...context: unknown[]) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, ...context: unknown[]) {
    this.write('trace', message, context);
  }
  fatal(message: unknown, ...context: unknown[]) {
    this.write('fatal', message, context);
  }

  /** Nest passes (message, ...optional, context) — the context name last, a stack before it for errors. */
  private write(level: pino.Level, message: unknown, context: unknown[]) {
    const args = [...context];
    const name = typeof args[args.length - 1] === 'string' ? (args.pop() as string) : undefined;
    const fields: Record<string, unknown> = name ? { context: name } : {};
    for (const extra of args) {
      if (typeof extra === 'string') fields['stack'] = extra;
      else if (extra instanceof Error) fields['err'] = extra;
      else if (extra && typeof extra === 'object') Object.assign(fields, extra);
    }
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, message.message);
    else if (message && typeof message === 'object') this.pino[level]({ ...fields, ...message });
    else this.pino[level](fields, String(message));
  }
}
