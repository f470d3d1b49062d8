import type { LoggerService } from '@nestjs/common';
import { pino, type Logger as Pino } from 'pino';
import type { AppConfig } from '../config/app-config.js';

const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'refreshToken',
];

/** JSON logs on stdout; secrets never reach them. */
export function createPino(config: Pick<AppConfig, 'logLevel'>): Pino {
  return pino({ level: config.logLevel, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'egov-box' } });
}

/** Nest's logger interface on top of pino, so framework and app logs share one stream. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}

  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace',
    message: unknown,
    context?: string,
    extra?: unknown,
  ) {
    if (typeof message === 'object' && message !== null) {
      this.pino[level]({ context, ...(message as object), ...(extra ? { extra } : {}) });
    } else {
      this.pino[level]({ context, ...(extra ? { extra } : {}) }, String(message));
    }
  }

  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest.at(-1) as string | undefined);
  }
  error(message: unknown, ...rest: unknown[]) {
    const context = rest.at(-1) as string | undefined;
    const stack = rest.length > 1 ? rest[0] : undefined;
    this.write('error', message, context, stack);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest.at(-1) as string | undefined);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest.at(-1) as string | undefined);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest.at(-1) as string | undefined);
  }
}
