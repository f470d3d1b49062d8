import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The embeddable live view of the council (issue 16, part 6): pages without the portal's
 * header, meant for an <iframe> on the municipality's own website. Framing is denied by
 * default: every response carries `frame-ancestors 'none'` (helmet, in bootstrap.ts); only
 * these pages may be framed, and only by the portal itself and the origins in EMBED_ORIGINS.
 */
export const EMBED_ROUTES = ['/embed/council', '/embed/council/sessions/:id'];

/** The `frame-ancestors` directive of an embed page: the portal itself and the configured sites. */
export function embedFrameAncestors(origins: readonly string[]): string {
  return ["frame-ancestors 'self'", ...origins].join(' ');
}

/**
 * The portal's policy (as helmet wrote it) with only `frame-ancestors` replaced, so every other
 * directive stays identical (no inline scripts). Without a `frame-ancestors` directive to replace,
 * the policy is returned unchanged: framing stays denied rather than guessed.
 */
export function embedPolicy(portalPolicy: string, origins: readonly string[]): string {
  return portalPolicy.replace(/frame-ancestors [^;]*/, embedFrameAncestors(origins));
}

/**
 * Serves the embed routes with the embed's framing policy: rendered on the server like the
 * public pages when `rendered` is given (the record in the HTML, a 404 for a sitting that is
 * not public), else the web client's page.
 */
export function registerEmbedRoutes(
  fastify: FastifyInstance,
  indexHtml: string,
  origins: readonly string[],
  rendered?: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
): void {
  const handle = (req: FastifyRequest, reply: FastifyReply) => {
    const policy = reply.getHeader('content-security-policy');
    if (typeof policy === 'string') void reply.header('content-security-policy', embedPolicy(policy, origins));
    // X-Frame-Options (helmet's SAMEORIGIN) would contradict frame-ancestors in older browsers.
    void reply.removeHeader('x-frame-options');
    if (rendered) return rendered(req, reply);
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(indexHtml);
  };
  for (const route of EMBED_ROUTES) fastify.get(route, handle);
}
