import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { LoginResponse } from '../../libs/contracts/src/index.js';
import { ApiClient } from './api.js';
import { DEMO_PASSWORD, freshDatabase, type TestDatabase } from './database.js';

export { DEMO_PASSWORD };

const ROOT = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');
/** The built server as deployed: one bundled file (apps/server/bundle.mjs). */
export const SERVER_ENTRY = join(ROOT, 'apps/server/dist/server.js');

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  /** Raw body (string) instead of JSON. */
  raw?: string;
  cookie?: string;
}

export interface StartOptions {
  env?: Record<string, string | undefined>;
  db?: TestDatabase;
  /** Milliseconds to wait for the ready line. */
  timeoutMs?: number;
}

/**
 * The real portal, built (`npm test` builds first) and started as its own process on a
 * random port, with a database of its own. Tests talk to it over HTTP and Socket.IO only.
 */
export class TestApp {
  readonly output: string[] = [];
  private exited?: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly db: TestDatabase,
    readonly env: Record<string, string>,
    public url = '',
  ) {}

  /** The environment a test server gets; `env` overrides or (undefined) removes entries. */
  static environment(db: TestDatabase, env: Record<string, string | undefined> = {}): Record<string, string> {
    const base: Record<string, string | undefined> = {
      // The date matrix (test/dates/matrix.mjs) moves every process's clock with libfaketime:
      // a server started by a test must see the same clock as the runner, or time goes back.
      ...Object.fromEntries(
        Object.entries(process.env).filter(([k]) => k === 'LD_PRELOAD' || k.startsWith('FAKETIME')),
      ),
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      DATA_DIR: db.dataDir,
      DATABASE_URL: db.databaseUrl,
      REDIS_URL: process.env.REDIS_URL,
      // A web client built elsewhere (several builds side by side); else apps/web/dist.
      WEB_DIST_DIR: process.env.WEB_DIST_DIR,
      JWT_SECRET: randomBytes(32).toString('hex'),
      SEED_DEMO: 'false',
      LOG_LEVEL: 'info',
      PORT: '0',
      HOST: '127.0.0.1',
      // The suites written before the chamber's check-in code check members in without it;
      // test/council/remote.e2e-spec.ts turns it on (the setting's default).
      COUNCIL_CHECK_IN_CODE: 'false',
      ...env,
    };
    return Object.fromEntries(Object.entries(base).filter(([, v]) => v !== undefined)) as Record<string, string>;
  }

  static async start(options: StartOptions = {}): Promise<TestApp> {
    const db = options.db ?? (await freshDatabase());
    const env = TestApp.environment(db, options.env);
    const app = TestApp.spawn(db, env);
    await app.ready(options.timeoutMs ?? 60_000);
    return app;
  }

  /** Starts the process without waiting (to watch it fail, or to race two). */
  static spawn(db: TestDatabase, env: Record<string, string>): TestApp {
    const child = spawn(process.execPath, [SERVER_ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const app = new TestApp(child, db, env);
    app.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line) app.output.push(line);
      if (app.output.length > 2000) app.output.splice(0, app.output.length - 2000);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    return app;
  }

  /** Waits for the server's ready line and learns its port. */
  ready(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`server not ready in ${timeoutMs} ms:\n${this.output.slice(-8).join('\n')}`));
      }, timeoutMs);
      const onData = (chunk: Buffer) => {
        const m = /"ready":true,"port":(\d+)/.exec(chunk.toString('utf8'));
        if (m) {
          this.url = `http://127.0.0.1:${m[1]}`;
          cleanup();
          resolve();
        }
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`server exited (${code}) before ready:\n${this.output.slice(-8).join('\n')}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.child.stdout!.off('data', onData);
        this.child.off('exit', onExit);
      };
      this.child.stdout!.on('data', onData);
      this.child.once('exit', onExit);
    });
  }

  /** Resolves with the exit code. */
  waitForExit(): Promise<number | null> {
    return this.exited!;
  }

  /** Stops the server (SIGTERM: graceful) and drops its database unless `keepDatabase`. */
  async close(options: { keepDatabase?: boolean; signal?: NodeJS.Signals } = {}): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill(options.signal ?? 'SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await this.exited;
      clearTimeout(timer);
    }
    if (!options.keepDatabase) await this.db.drop();
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.cookie) headers.cookie = options.cookie;
    let payload: string | undefined;
    if (options.raw !== undefined) {
      payload = options.raw;
      headers['content-type'] ??= 'application/json';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    let res: Response;
    try {
      res = await fetch(this.url + path, { method, headers, body: payload });
    } catch (err) {
      // Say whether the server is still there, and what it said last: a dropped connection
      // and a crashed server look the same from here.
      const state = this.child.exitCode === null ? 'still running' : `exited with ${this.child.exitCode}`;
      const cause = (err as { cause?: { message?: string } }).cause?.message ?? String(err);
      throw new Error(
        `${method} ${path}: ${cause}; the server is ${state}; its last lines:\n${this.output.slice(-15).join('\n')}`,
        {
          cause: err,
        },
      );
    }
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get = <T = unknown>(path: string, options?: RequestOptions) => this.request<T>('GET', path, undefined, options);
  post = <T = unknown>(path: string, body?: unknown, options?: RequestOptions) =>
    this.request<T>('POST', path, body, options);
  patch = <T = unknown>(path: string, body?: unknown, options?: RequestOptions) =>
    this.request<T>('PATCH', path, body, options);
  put = <T = unknown>(path: string, body?: unknown, options?: RequestOptions) =>
    this.request<T>('PUT', path, body, options);
  delete = <T = unknown>(path: string, options?: RequestOptions) => this.request<T>('DELETE', path, undefined, options);

  /** The typed client (test/support/api.ts): paths, bodies and answers from the contracts. */
  readonly api: ApiClient = new ApiClient(this);

  /** Signs in; returns the access token, the refresh cookie and the user. */
  async login(username: string, password = DEMO_PASSWORD, headers: Record<string, string> = {}): Promise<SignedIn> {
    const res = await this.post<LoginResponse>('/api/auth/login', { username, password }, { headers });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { token: res.body.accessToken, cookie: refreshCookie(res.headers), user: res.body.user };
  }

  /** A socket on `namespace`; resolves once connected (rejects on connect_error). */
  socket(token: string | undefined, namespace = '/realtime', extra: Record<string, unknown> = {}): Promise<Socket> {
    const socket = io(this.url + namespace, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: token ? { token } : {},
      reconnection: false,
      forceNew: true,
      ...extra,
    });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (err) => {
        socket.close();
        reject(err);
      });
    });
  }
}

/** A person signed in by a test: the access token, the refresh cookie and who they are. */
export interface SignedIn {
  token: string;
  cookie: string;
  user: { id: string; username: string; displayName: string; roles: string[] };
}

/** `egov_refresh=…` from a Set-Cookie header (for sending back as Cookie). */
export function refreshCookie(headers: Headers): string {
  const c = headers.getSetCookie().find((h) => h.startsWith('egov_refresh='));
  return c ? c.split(';')[0]! : '';
}

/** Resolves with the next `event` on the socket, or rejects after `ms`. */
export function nextEvent<T = unknown>(socket: Socket, event: string, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}
