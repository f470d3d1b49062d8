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

/**
 * Paths whose segment is itself the access (a bearer secret): logged with the secret replaced.
 * The personal calendar feed, `/api/calendar/<secret>.ics` (libs/schedule, calendar-feed).
 */
const SECRET_PATHS: [RegExp, string][] = [[/^\/api\/calendar\/[^/?#]+\.ics/, '/api/calendar/[redacted].ics']];

/** A request's URL as the logs may hold it: secrets in the path replaced, the query kept. */
export function loggedUrl(url: string): string {
  for (const [pattern, replacement] of SECRET_PATHS) if (pattern.test(url)) return url.replace(pattern, replacement);
  return url;
}

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
