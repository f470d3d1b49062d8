import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** The headers helmet writes on every response, and those it takes away (`X-Powered-By`). */
export interface SecurityHeaders {
  set: [name: string, value: string][];
  removed: string[];
}

/**
 * Runs helmet once, on a response that only records what it is told, and keeps the result.
 * The portal's options hold no per-request values (no nonces, no functions as directives), so
 * every response gets the very same headers; @fastify/helmet built helmet's middleware anew
 * for each request, parsing the whole Content-Security-Policy every time (12 % of the CPU of
 * `GET /api/health`, docs/performance.md).
 */
export function computeSecurityHeaders(options: HelmetOptions): SecurityHeaders {
  const headers = new Map<string, string>();
  const removed = new Set<string>();
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      if (typeof value !== 'string') throw new Error(`security header ${name}: expected one string`);
      headers.set(name.toLowerCase(), value);
      removed.delete(name.toLowerCase());
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
      removed.add(name.toLowerCase());
    },
  };
  let failed: unknown;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    failed = err;
  });
  if (failed) throw failed instanceof Error ? failed : new Error(String(failed));
  return { set: [...headers], removed: [...removed] };
}

/** Writes the headers on the raw response of every request, before any route runs. */
export function registerSecurityHeaders(fastify: FastifyInstance, options: HelmetOptions): SecurityHeaders {
  const computed = computeSecurityHeaders(options);
  fastify.addHook('onRequest', (_req, reply, done) => {
    const raw = reply.raw;
    for (const [name, value] of computed.set) raw.setHeader(name, value);
    for (const name of computed.removed) raw.removeHeader(name);
    done();
  });
  return computed;
}
