// Baseline: a bare Fastify 5 server (the version eGov Box runs on), no plugins, no logging,
// GET routes answering fixed JSON documents (the same documents eGov Box answered).
// ROUTES_FILE: JSON { "/api/me": {...}, ... }; /api/health always exists.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const routes = process.env.ROUTES_FILE ? JSON.parse(readFileSync(process.env.ROUTES_FILE, 'utf8')) : {};
routes['/api/health'] ??= { status: 'ok', database: 'none', uptimeSeconds: 0 };

const app = Fastify({ logger: false });
for (const [path, body] of Object.entries(routes)) {
  // An object, not a string: serialised on every request, as eGov Box does.
  app.get(path, async () => body);
}
await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
console.log(JSON.stringify({ ready: true, port: app.server.address().port }));
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
