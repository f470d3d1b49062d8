import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { LogController } from 'fastify';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import {
  AppConfig,
  PinoNestLogger,
  RealtimeAdapter,
  answerComponents,
  createPino,
  requestLogger,
  writeRequestLine,
} from '@egov-box/platform';
import { AppModule } from './app.module.js';
import { loadRenderer, RENDERED_PAGES, renderedPageHandler } from './web-pages.js';
import { registerEmbedRoutes } from './embed-policy.js';
import { registerSecurityHeaders } from './security-headers.js';

/** Largest JSON body the API accepts; bigger ones get 413. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Pages of the web client; each serves the single-page app's index.html. */
export const WEB_ROUTES = [
  '/',
  '/login',
  '/rooms/:id',
  '/halls',
  '/schedule',
  '/one-on-ones',
  '/council',
  '/council/:id',
  '/council/:id/edit',
  '/people',
  // The chamber's screen: the display token follows '#', so it never reaches the server or its logs.
  '/display',
  ...RENDERED_PAGES,
];

const here = dirname(fileURLToPath(import.meta.url));

function webDistDir(config: AppConfig): string | undefined {
  const candidates = [
    config.webDistDir,
    resolve(here, '../../web/dist'), // apps/server/dist -> apps/web/dist
    resolve(here, '../../../apps/web/dist'),
    resolve(process.cwd(), 'apps/web/dist'),
  ].filter((d): d is string => Boolean(d));
  return candidates.find((d) => existsSync(join(d, 'index.html')));
}

/** Builds the application (not yet listening): used by main.ts and by the tests. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const pino = createPino(config);
  const adapter = new FastifyAdapter({
    loggerInstance: pino,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    // One line per request (written in onResponse below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(pino),
    bufferLogs: false,
    // Keeps req.rawBody: LiveKit webhooks are verified on the exact bytes that were signed.
    rawBody: true,
  });
  // LiveKit posts webhooks as application/webhook+json (kept raw, parsed by the SDK).
  app.useBodyParser('application/webhook+json', { bodyLimit: BODY_LIMIT_BYTES });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (req, reply) => {
    void reply.header('x-request-id', req.id);
  });
  const requestLog = requestLogger(pino);
  fastify.addHook('onResponse', async (req, reply) => {
    writeRequestLine(requestLog, {
      reqId: req.id,
      method: req.method,
      url: req.url,
      statusCode: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    });
  });

  await app.register(fastifyCookie as never);
  registerSecurityHeaders(fastify, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:', ...config.recordingsOrigins],
        connectSrc: ["'self'", 'ws:', 'wss:', ...(config.livekit ? [config.livekit.url] : [])],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: config.cookieSecure ? [] : null,
      },
    },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
    hsts: config.cookieSecure ? { maxAge: 31536000, includeSubDomains: true } : false,
  });
  if (config.corsOrigins.length) {
    app.enableCors({ origin: config.corsOrigins, credentials: true });
  }

  app.setGlobalPrefix('api');

  const realtime = new RealtimeAdapter(app, config);
  await realtime.connectRedis();
  app.useWebSocketAdapter(realtime);

  const openApi = new DocumentBuilder()
    .setTitle('eGov Box API')
    .setDescription(
      'Virtual workspace portal for municipalities. Errors: { statusCode, code, message, details?, requestId }.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  // The answers' shapes (libs/contracts) are named components, referred to by `@Answers`.
  const document = () => {
    const doc = SwaggerModule.createDocument(app, openApi);
    doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, ...answerComponents() } as never };
    return doc;
  };
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
  });

  const dist = webDistDir(config);
  if (dist) {
    const indexHtml = readFileSync(join(dist, 'index.html'), 'utf8');
    await app.register(fastifyStatic as never, { root: dist, prefix: '/', wildcard: false, index: false } as never);
    // The public pages come rendered (readable without JavaScript, found by search engines).
    const renderer = await loadRenderer(dist);
    const rendered = renderer ? renderedPageHandler(fastify, renderer, indexHtml) : null;
    for (const route of WEB_ROUTES) {
      if (rendered && RENDERED_PAGES.includes(route)) {
        fastify.get(route, rendered);
        continue;
      }
      fastify.get(route, (req, reply) => {
        // The portal's address, for a visitor who has never signed in here (no session cookie):
        // the council's public front door, as the client app would show (also without JavaScript).
        if (route === '/' && !(req.cookies as Record<string, string | undefined>).egov_session)
          return reply.redirect('/public', 302);
        // The chamber's screen links nowhere with its address (its token is after '#', never sent anyway).
        if (route === '/display') void reply.header('referrer-policy', 'no-referrer');
        void reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(indexHtml);
      });
    }
    registerEmbedRoutes(fastify, indexHtml, config.embedOrigins, rendered ?? undefined);
    // An unknown address opened in a browser gets the web client's own "not found" page (in
    // the page's language, with its title), still with status 404; the API keeps its JSON.
    fastify.addHook('onSend', async (request, reply, payload) => {
      if (
        reply.statusCode !== 404 ||
        // A rendered page that says "not found" itself (a sitting that does not exist).
        String(reply.getHeader('content-type') ?? '').startsWith('text/html') ||
        (request.method !== 'GET' && request.method !== 'HEAD') ||
        request.url.startsWith('/api/') ||
        request.url === '/api' ||
        !String(request.headers.accept ?? '').includes('text/html')
      )
        return payload;
      void reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8');
      return indexHtml;
    });
  }
  return app;
}
