import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger as Pino } from 'pino';
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

/** JSON logs on stdout (or `destination`, in tests); secrets never reach them. */
export function createPino(config: Pick<AppConfig, 'logLevel'>, destination?: DestinationStream): Pino {
  const options = {
    level: config.logLevel,
    redact: { paths: REDACT, censor: '[redacted]' },
    base: { app: 'egov-box' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** The one line written per answered request. */
export interface RequestLine {
  reqId: string;
  method: string;
  /** As received: `writeRequestLine` passes it through `loggedUrl`. */
  url: string;
  statusCode: number;
  ms: number;
}

/**
 * The logger of the per-request line: `root`'s stream, level and base fields without its
 * redaction pass. The line holds only the request id, the method, the URL (through
 * `loggedUrl`, which redaction never looked into), the status and the time, so there is
 * nothing to redact; the pass cost about 6 µs a line, a twelfth of the server's CPU for a
 * health check (docs/performance.md). Everything else keeps going through `root`.
 */
export function requestLogger(root: Pino): Pino {
  return root.child({}, { redact: { paths: [] } });
}

/** Writes the request's line (one per request, instead of Fastify's two). */
export function writeRequestLine(log: Pino, line: RequestLine): void {
  log.info(
    {
      reqId: line.reqId,
      req: { method: line.method, url: loggedUrl(line.url) },
      res: { statusCode: line.statusCode },
      ms: line.ms,
    },
    'request',
  );
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
