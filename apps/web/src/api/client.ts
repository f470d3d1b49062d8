import type { ErrorBody, LoginResponse, UserView } from '@egov-box/contracts';

/** An answer of the API that was not a success, with the contract's error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** A request not sent because this tab is signing out (nothing was asked of the server). */
  static signedOut(): ApiError {
    return new ApiError(401, 'signed_out', 'Signing out');
  }

  /** The server was not reached at all (offline, DNS, reset connection). */
  static network(cause: unknown): ApiError {
    return new ApiError(0, 'network_error', cause instanceof Error ? cause.message : String(cause));
  }
}

export type SignInSession = LoginResponse;

/** How long a sign-out lets requests already out finish before cutting them short. */
export const SIGN_OUT_WAIT_MS = 3_000;
export type SignInSessionListener = (signInSession: SignInSession | null) => void;

export interface ApiClientOptions {
  fetch?: typeof fetch;
  /** Prefix for every path (same origin by default). */
  baseUrl?: string;
  /**
   * Runs the refresh under a lock shared by every tab of the portal: the refresh cookie is
   * rotated on each use and a reused one ends the whole session, so two tabs must never
   * send the same cookie at once.
   */
  lock?: <T>(name: string, fn: () => Promise<T>) => Promise<T>;
  /** Renew the access token this many seconds before it expires (0 turns the timer off). */
  renewBeforeSeconds?: number;
  /** How long a sign-out lets requests already out finish (default `SIGN_OUT_WAIT_MS`). */
  signOutWaitMs?: number;
  /** Whether a session may exist in this browser (by default: the server's `egov_session` cookie). */
  signInSessionHint?: () => boolean;
}

export interface RequestOptions {
  /** Do not try to refresh and retry on 401 (used by the auth routes themselves). */
  noRetry?: boolean;
  signal?: AbortSignal;
}

/**
 * The server sets the readable cookie `egov_session` beside the httpOnly refresh cookie, for as
 * long as a refresh can succeed, and clears it with it. Without a document (tests) assume yes.
 */
export function browserSignInSessionHint(): boolean {
  const doc = (globalThis as { document?: { cookie: string } }).document;
  return doc ? /(?:^|;\s*)egov_session=/.test(doc.cookie) : true;
}

/** Web Locks where the browser has them, otherwise no cross-tab lock. */
export function browserLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? locks.request(name, fn) : fn();
}

/**
 * The one way the portal talks to the API. The access token lives in memory only; the
 * refresh token is an httpOnly cookie the browser sends to /api/auth. A request that gets
 * 401 refreshes once (one refresh at a time, shared by every caller) and is retried once.
 */
export class ApiClient {
  private token: string | null = null;
  private user: UserView | null = null;
  private refreshing: Promise<SignInSession | null> | null = null;
  private signingOut = false;
  /** Requests out now, each with the controller that can cut it short at sign-out. */
  private readonly inFlight = new Map<Promise<unknown>, AbortController>();
  private renewTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<SignInSessionListener>();
  private readonly fetchImpl: typeof fetch;
  private readonly baseUrl: string;
  private readonly lock: NonNullable<ApiClientOptions['lock']>;
  private readonly renewBeforeSeconds: number;
  private readonly signInSessionHint: () => boolean;
  private readonly signOutWaitMs: number;

  constructor(options: ApiClientOptions = {}) {
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.baseUrl = options.baseUrl ?? '';
    this.lock = options.lock ?? (<T>(_name: string, fn: () => Promise<T>) => fn());
    this.renewBeforeSeconds = options.renewBeforeSeconds ?? 60;
    this.signInSessionHint = options.signInSessionHint ?? browserSignInSessionHint;
    this.signOutWaitMs = options.signOutWaitMs ?? SIGN_OUT_WAIT_MS;
  }

  get accessToken(): string | null {
    return this.token;
  }

  get currentUser(): UserView | null {
    return this.user;
  }

  /** Called with the new session after sign-in/refresh and with null when it ends. */
  onSignInSession(listener: SignInSessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async login(username: string, password: string): Promise<SignInSession> {
    const signInSession = await this.send<SignInSession>(
      'POST',
      '/api/auth/login',
      { username, password },
      { noRetry: true },
    );
    this.adopt(signInSession);
    return signInSession;
  }

  /**
   * A new access token from the refresh cookie. Resolves null when there is no session
   * (signed out); rejects only when the server could not be reached, leaving the session as is.
   */
  refresh(): Promise<SignInSession | null> {
    // While signing out, the server ends the session and drops the sockets before the logout
    // answers: a socket's "renew and come back" must not ask for a refresh bound to be refused
    // (a 401 the browser logs).
    if (this.signingOut) return Promise.resolve(null);
    // Without the session hint there is no refresh cookie either (the server sets and clears
    // them together): a late socket of a page that just signed out asks nothing bound to fail.
    if (!this.refreshing && !this.signInSessionHint()) return Promise.resolve(null);
    this.refreshing ??= this.lock('egov-box-refresh', () => this.doRefresh()).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /**
   * The session of this browser when the page loads: a refresh, which asks the server only when
   * the session hint says one may exist — a signed-out visit sends nothing bound to be refused
   * (a 401 the browser would log as a failed resource).
   */
  restore(): Promise<SignInSession | null> {
    return this.refresh();
  }

  /**
   * Ends the session on the server (best effort) and forgets it here. Requests already out are
   * let finish first (for at most `signOutWaitMs`, then cut short), and none starts while
   * signing out: a request the server reads after the logout would be refused with a 401 the
   * browser logs (the dashboard's presence query, the moment its user clicks „Изход“).
   */
  async logout(): Promise<void> {
    this.signingOut = true;
    try {
      await this.settleInFlight();
      // Sent directly: the only request that goes out while signing out.
      await this.sendNow('POST', '/api/auth/logout', undefined);
    } finally {
      this.signingOut = false;
      this.forget();
    }
  }

  private async settleInFlight(): Promise<void> {
    if (this.inFlight.size === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.signOutWaitMs)));
    await Promise.race([Promise.allSettled([...this.inFlight.keys()]), waited]);
    clearTimeout(timer);
    for (const controller of this.inFlight.values()) controller.abort();
  }

  /** Forgets the session locally (e.g. the server said it ended). */
  forget(): void {
    const had = this.token !== null || this.user !== null;
    this.token = null;
    this.user = null;
    clearTimeout(this.renewTimer);
    if (had) this.emit(null);
  }

  get<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('GET', path, undefined, options);
  }
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('POST', path, body, options);
  }
  patch<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('PATCH', path, body, options);
  }
  put<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('PUT', path, body, options);
  }

  /**
   * A file from the API as the signed-in user (materials, minutes): its bytes and the name
   * from Content-Disposition (the UTF-8 `filename*` when there is one).
   */
  async download(path: string): Promise<{ blob: Blob; filename: string | null }> {
    const res = await this.raw('GET', path);
    return { blob: await res.blob(), filename: filenameOf(res.headers.get('content-disposition')) };
  }

  /** Sends `file` as the raw request body with its Content-Type; the JSON answer is returned. */
  async upload<T>(path: string, file: Blob, contentType: string): Promise<T> {
    const res = await this.raw('POST', path, { body: file, contentType });
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** A request whose answer is not JSON; refreshes once on 401 like every other call. */
  private async raw(
    method: string,
    path: string,
    input: { body?: Blob; contentType?: string } = {},
    retried = false,
  ): Promise<Response> {
    if (this.signingOut) throw ApiError.signedOut();
    const sentWith = this.token;
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (input.contentType) headers['content-type'] = input.contentType;
    let res: Response;
    try {
      res = await this.fetchImpl(this.baseUrl + path, {
        method,
        headers,
        body: input.body,
        credentials: 'same-origin',
      });
    } catch (err) {
      throw ApiError.network(err);
    }
    if (res.status === 401 && !retried) {
      if (!(this.token && this.token !== sentWith) && !(await this.refresh())) throw await errorOf(res);
      return this.raw(method, path, input, true);
    }
    if (!res.ok) throw await errorOf(res);
    return res;
  }

  async request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    const sentWith = this.token;
    try {
      return await this.send<T>(method, path, body, options);
    } catch (err) {
      if (options.noRetry || !(err instanceof ApiError) || err.status !== 401) throw err;
      // Another caller may already have renewed the token while this request was out.
      if (this.token && this.token !== sentWith) return this.send<T>(method, path, body, { ...options, noRetry: true });
      const signInSession = await this.refresh();
      if (!signInSession) throw err;
      return this.send<T>(method, path, body, { ...options, noRetry: true });
    }
  }

  private async doRefresh(): Promise<SignInSession | null> {
    try {
      const signInSession = await this.send<SignInSession>('POST', '/api/auth/refresh', undefined, { noRetry: true });
      this.adopt(signInSession);
      return signInSession;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        this.forget();
        return null;
      }
      throw err;
    }
  }

  private adopt(signInSession: SignInSession): void {
    this.token = signInSession.accessToken;
    this.user = signInSession.user;
    clearTimeout(this.renewTimer);
    if (this.renewBeforeSeconds > 0 && signInSession.expiresIn > 0) {
      const ms = Math.max(signInSession.expiresIn - this.renewBeforeSeconds, signInSession.expiresIn / 2, 5) * 1000;
      this.renewTimer = setTimeout(() => void this.refresh().catch(() => undefined), ms);
    }
    this.emit(signInSession);
  }

  private emit(signInSession: SignInSession | null): void {
    for (const l of this.listeners) l(signInSession);
  }

  private send<T>(method: string, path: string, body: unknown, options: RequestOptions): Promise<T> {
    // Signing out: nothing new goes out under the session being ended (see logout()).
    if (this.signingOut) return Promise.reject(ApiError.signedOut());
    const controller = new AbortController();
    options.signal?.addEventListener('abort', () => controller.abort(options.signal?.reason), { once: true });
    if (options.signal?.aborted) controller.abort(options.signal.reason);
    const signal = controller.signal;
    const out = this.sendNow<T>(method, path, body, signal);
    this.inFlight.set(out, controller);
    void out.catch(() => undefined).finally(() => this.inFlight.delete(out));
    return out;
  }

  private async sendNow<T>(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await this.fetchImpl(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        signal,
      });
    } catch (err) {
      if ((err as Error)?.name === 'AbortError') throw err;
      throw ApiError.network(err);
    }
    const text = await res.text();
    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    if (!res.ok) {
      const e = (parsed ?? {}) as Partial<ErrorBody>;
      throw new ApiError(
        res.status,
        typeof e.code === 'string' ? e.code : `http_${res.status}`,
        typeof e.message === 'string' ? e.message : res.statusText,
        typeof e.requestId === 'string' ? e.requestId : (res.headers.get('x-request-id') ?? undefined),
        e.details,
      );
    }
    return parsed as T;
  }
}

/** The file name in a Content-Disposition header (`filename*=UTF-8''…` first). */
export function filenameOf(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="([^"]*)"/i.exec(header) ?? /filename=([^;]+)/i.exec(header);
  return plain ? plain[1]!.trim() : null;
}

async function errorOf(res: Response): Promise<ApiError> {
  const e = ((await res.json().catch(() => null)) ?? {}) as Partial<ErrorBody>;
  return new ApiError(
    res.status,
    typeof e.code === 'string' ? e.code : `http_${res.status}`,
    typeof e.message === 'string' ? e.message : res.statusText,
    typeof e.requestId === 'string' ? e.requestId : (res.headers.get('x-request-id') ?? undefined),
    e.details,
  );
}

/**
 * Where the portal's client sends its requests: the browser's fetch, or — while the server
 * renders a public page (`entry-server.tsx`) — the server's own API, answered in process.
 */
let transport: typeof fetch = (input, init) => globalThis.fetch(input, init);
export function setTransport(fetchImpl: typeof fetch): void {
  transport = fetchImpl;
}

/** The portal's client (one per tab). */
export const api = new ApiClient({ lock: browserLock, fetch: (input, init) => transport(input, init) });
