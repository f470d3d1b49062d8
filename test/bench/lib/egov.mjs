import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ServerProcess, freePort } from './proc.mjs';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// EGOV_SERVER_ENTRY=apps/server/dist/main.js measures the unbundled build instead (an A/B of the bundle).
export const SERVER_ENTRY = process.env.EGOV_SERVER_ENTRY
  ? join(ROOT, process.env.EGOV_SERVER_ENTRY)
  : join(ROOT, 'apps/server/dist/server.js');
/** The same server unbundled: tsc's output, each module loaded on its own (for the cold start's comparison). */
export const UNBUNDLED_ENTRY = join(ROOT, 'apps/server/dist/main.js');
export const DEMO_PASSWORD = 'egovbox-demo';

export function serverBuilt() {
  return existsSync(SERVER_ENTRY);
}

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A database nobody used: a temp DATA_DIR for the embedded PGlite, or (kind 'pg') a new
 * PostgreSQL database made with CREATE DATABASE on DATABASE_URL's server. The server
 * migrates and seeds the demo municipality itself (SEED_DEMO=true), as on a first start.
 */
export async function freshDatabase(kind) {
  const dataDir = mkdtempSync(join(tmpdir(), 'egov-bench-'));
  if (kind !== 'pg') {
    return { kind, env: { DATA_DIR: dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const admin = process.env.DATABASE_URL;
  if (!admin) throw new Error('--db=pg measures PostgreSQL + Redis: set DATABASE_URL (and REDIS_URL) first');
  const name = `egov_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(admin, `CREATE DATABASE ${name}`);
  return {
    kind,
    env: { DATA_DIR: dataDir, DATABASE_URL: withDatabase(admin, name), REDIS_URL: process.env.REDIS_URL },
    drop: async () => {
      await adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The environment of a benchmarked eGov Box: the embedded default plus what the bench needs. */
export function egovEnv(db, options = {}) {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: '0',
    HOST: '127.0.0.1',
    // The ready line is logged at info; info is also the default a deployment runs with.
    LOG_LEVEL: options.logLevel ?? 'info',
    SEED_DEMO: 'true',
    JWT_SECRET: randomBytes(32).toString('hex'),
    ACCESS_TOKEN_TTL_SECONDS: '900',
    ...db.env,
    ...options.env,
  };
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));
}

export async function startEgov(db, options = {}) {
  // Above info the ready line is not logged: give the server a port and wait for health.
  const quiet = !['info', 'debug', 'trace'].includes(options.logLevel ?? 'info');
  const port = quiet ? await freePort() : undefined;
  return ServerProcess.start({
    script: options.script ?? SERVER_ENTRY,
    env: egovEnv(db, { ...options, env: { ...options.env, ...(port ? { PORT: String(port) } : {}) } }),
    name: `eGov Box (${db.kind})`,
    nodeArgs: options.nodeArgs,
    port,
  });
}

/** A tiny JSON client for the portal's HTTP API. */
export class Api {
  constructor(url) {
    this.url = url;
  }

  async request(method, path, body, token) {
    const headers = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.url + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    let parsed = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed };
  }

  get = (path, token) => this.request('GET', path, undefined, token);
  post = (path, body, token) => this.request('POST', path, body, token);

  /** Signs in a demo user: { token, user }. */
  async login(username) {
    const res = await this.post('/api/auth/login', { username, password: DEMO_PASSWORD });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return { token: res.body.accessToken, user: res.body.user };
  }

  /** Signs in many users, a few at a time (argon2id is deliberately slow). */
  async loginAll(usernames, parallel = 4) {
    const out = new Array(usernames.length);
    let next = 0;
    const lane = async () => {
      while (next < usernames.length) {
        const i = next++;
        out[i] = await this.login(usernames[i]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, usernames.length) }, lane));
    return out;
  }

  /** { 'GET /api/me': true, ... } from the OpenAPI document. */
  async routes() {
    const res = await this.get('/api/docs-json');
    if (res.status !== 200) throw new Error(`/api/docs-json: ${res.status}`);
    const routes = new Set();
    for (const [path, ops] of Object.entries(res.body.paths ?? {})) {
      for (const method of Object.keys(ops)) routes.add(`${method.toUpperCase()} ${path}`);
    }
    return routes;
  }

  /** A Prometheus gauge of /api/metrics (admin token), or undefined. */
  async metric(token, name) {
    const res = await this.get('/api/metrics', token);
    if (res.status !== 200) return undefined;
    const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(String(res.body));
    return m ? Number(m[1]) : undefined;
  }
}

/**
 * The sitting's first vote adopts its agenda (issue 15, on by default): the chair opens it, the
 * clerk records a show of hands "for" of `memberIds` (present), the chair closes it.
 */
export async function adoptAgenda(api, sessionId, { chair, clerk }, memberIds) {
  const opened = await api.post(`/api/council/sessions/${sessionId}/votes`, { kind: 'agenda' }, chair.token);
  if (opened.status !== 201) throw new Error(`open the agenda's vote: ${opened.status} ${JSON.stringify(opened.body)}`);
  for (const userId of memberIds) {
    const r = await api.post(`/api/council/votes/${opened.body.id}/ballots`, { choice: 'for', userId }, clerk.token);
    if (r.status !== 201) throw new Error(`agenda ballot: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const closed = await api.post(`/api/council/votes/${opened.body.id}/close`, {}, chair.token);
  if (!closed.body?.result?.passed) throw new Error(`the agenda was not adopted: ${JSON.stringify(closed.body)}`);
}
