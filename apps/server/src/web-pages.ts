import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { escapeHtml } from '@egov-box/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The public pages the server renders as HTML (the same React components the browser hydrates). */
export const RENDERED_PAGES = ['/public', '/public/register', '/public/decisions/:id', '/public/sessions/:id'];

type Language = 'bg' | 'en';

/** The shape of apps/web/src/entry-server.tsx, built into apps/web/dist-ssr/entry-server.js. */
interface Renderer {
  render(
    url: string,
    lang: Language,
    fetchImpl: typeof fetch,
  ): Promise<{ status: number; html: string; head: { title?: string; description?: string }; state: unknown }>;
}

/** The renderer beside the web client's build (`dist-ssr` next to `dist`), if it was built. */
export async function loadRenderer(webDist: string): Promise<Renderer | null> {
  const file = join(webDist, '..', 'dist-ssr', 'entry-server.js');
  if (!existsSync(file)) return null;
  return (await import(pathToFileURL(file).href)) as Renderer;
}

/** JSON inside <script type="application/json">: nothing in it can end the element. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/**
 * The language of a rendered page: `?lang=en` (a stable address per language), else the choice
 * the visitor made in the portal (the `egov_lang` cookie the language switch sets), else Bulgarian.
 */
export function pageLanguage(req: FastifyRequest): Language {
  const asked = (req.query as Record<string, unknown> | undefined)?.lang;
  if (asked === 'en' || asked === 'bg') return asked;
  const cookie = (req.cookies as Record<string, string | undefined> | undefined)?.egov_lang;
  return cookie === 'en' ? 'en' : 'bg';
}

/** index.html with the rendered page, its head and the answers it was made from. */
export function pageHtml(
  indexHtml: string,
  lang: Language,
  page: { html: string; head: { title?: string; description?: string }; state: unknown },
): string {
  let out = indexHtml.replace(/<html lang="[^"]*"/, `<html lang="${lang}"`);
  if (page.head.title) out = out.replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(page.head.title)}</title>`);
  if (page.head.description)
    out = out.replace(
      /<meta name="description" content="[^"]*"/,
      `<meta name="description" content="${escapeHtml(page.head.description)}"`,
    );
  return out.replace(
    '<div id="root"></div>',
    `<div id="root">${page.html}</div><script type="application/json" id="ssr-state">${scriptJson(page.state)}</script>`,
  );
}

/**
 * Serves `RENDERED_PAGES` rendered on the server. The page's API requests are answered in
 * process by the public API only (never with the visitor's credentials: what a rendered page
 * shows is what anyone may see). Should rendering fail, the page is served as the client app
 * alone, which loads its data itself.
 */
export function renderedPageHandler(fastify: FastifyInstance, renderer: Renderer, indexHtml: string) {
  const fetchPublic = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    if ((init?.method ?? 'GET') !== 'GET' || !url.startsWith('/api/public/'))
      return new Response(JSON.stringify({ statusCode: 404, code: 'not_found', message: 'Not public' }), {
        status: 404,
        headers: { 'content-type': 'application/json' },
      });
    const res = await fastify.inject({ method: 'GET', url, headers: { accept: 'application/json' } });
    return new Response(res.body, {
      status: res.statusCode,
      headers: { 'content-type': String(res.headers['content-type'] ?? 'application/json') },
    });
  };
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const lang = pageLanguage(req);
    void reply.header('cache-control', 'no-cache').header('vary', 'Cookie').type('text/html; charset=utf-8');
    try {
      const page = await renderer.render(req.url, lang, fetchPublic);
      return reply.code(page.status).send(pageHtml(indexHtml, lang, page));
    } catch (err) {
      req.log.warn({ err, url: req.url }, 'page not rendered on the server; the client renders it');
      return reply.send(indexHtml);
    }
  };
}
