import { ApiClient, ApiError, filenameOf } from './client';

interface Call {
  method: string;
  path: string;
  auth: string | null;
  body: unknown;
}

/** A scripted server: `routes` answers by "METHOD /path"; every call is recorded. */
type Answer = { status: number; body?: unknown };
function fakeServer(routes: Record<string, (call: Call) => Answer | Promise<Answer>>) {
  const calls: Call[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const call: Call = {
      method: init?.method ?? 'GET',
      path: String(input),
      auth: headers.authorization ?? null,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    calls.push(call);
    const route = routes[`${call.method} ${call.path}`];
    if (!route)
      return new Response(JSON.stringify({ statusCode: 404, code: 'not_found', message: 'No route' }), { status: 404 });
    const answer = await route(call);
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-from-header' },
    });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const user = { id: 'u1', username: 'servant01', displayName: 'Иван Иванов', roles: ['staff'], department: null };
const sitting = (token: string) => ({ status: 200, body: { accessToken: token, expiresIn: 900, user } });
const unauthenticated = {
  status: 401,
  body: { statusCode: 401, code: 'unauthenticated', message: 'no', requestId: 'r1' },
};
const client = (fetch: typeof globalThis.fetch) => new ApiClient({ fetch, renewBeforeSeconds: 0 });

describe('ApiClient', () => {
  it('sends the access token from sign-in as a bearer token', async () => {
    const server = fakeServer({
      'POST /api/auth/login': () => sitting('t1'),
      'GET /api/me': (c) => (c.auth === 'Bearer t1' ? { status: 200, body: user } : unauthenticated),
    });
    const api = client(server.fetch);
    await api.login('servant01', 'egovbox-demo');
    expect(await api.get('/api/me')).toEqual(user);
    expect(server.calls[0]!.body).toEqual({ username: 'servant01', password: 'egovbox-demo' });
    expect(api.accessToken).toBe('t1');
  });

  it('on 401 refreshes once and retries the request with the new token', async () => {
    const server = fakeServer({
      'POST /api/auth/login': () => sitting('old'),
      'POST /api/auth/refresh': () => sitting('new'),
      'GET /api/rooms/me': (c) => (c.auth === 'Bearer new' ? { status: 200, body: { id: 'room' } } : unauthenticated),
    });
    const api = client(server.fetch);
    await api.login('servant01', 'x');
    expect(await api.get('/api/rooms/me')).toEqual({ id: 'room' });
    expect(server.calls.map((c) => `${c.method} ${c.path} ${c.auth}`)).toEqual([
      'POST /api/auth/login null',
      'GET /api/rooms/me Bearer old',
      'POST /api/auth/refresh Bearer old',
      'GET /api/rooms/me Bearer new',
    ]);
  });

  it('parallel 401s share one refresh (a reused refresh cookie would end the session)', async () => {
    let refreshes = 0;
    const server = fakeServer({
      'POST /api/auth/login': () => sitting('old'),
      'POST /api/auth/refresh': async () => {
        refreshes++;
        await new Promise((r) => setTimeout(r, 5));
        return sitting('new');
      },
      'GET /api/a': (c) => (c.auth === 'Bearer new' ? { status: 200, body: 'a' } : unauthenticated),
      'GET /api/b': (c) => (c.auth === 'Bearer new' ? { status: 200, body: 'b' } : unauthenticated),
      'GET /api/c': (c) => (c.auth === 'Bearer new' ? { status: 200, body: 'c' } : unauthenticated),
    });
    const api = client(server.fetch);
    await api.login('servant01', 'x');
    expect(await Promise.all([api.get('/api/a'), api.get('/api/b'), api.get('/api/c')])).toEqual(['a', 'b', 'c']);
    expect(refreshes).toBe(1);
  });

  it('retries only once: a second 401 is the answer', async () => {
    const server = fakeServer({
      'POST /api/auth/login': () => sitting('old'),
      'POST /api/auth/refresh': () => sitting('new'),
      'GET /api/admin/users': () => unauthenticated,
    });
    const api = client(server.fetch);
    await api.login('servant01', 'x');
    await expect(api.get('/api/admin/users')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(server.calls.filter((c) => c.path === '/api/admin/users')).toHaveLength(2);
    expect(server.calls.filter((c) => c.path === '/api/auth/refresh')).toHaveLength(1);
  });

  it('when the refresh is refused the session ends and listeners hear null', async () => {
    const server = fakeServer({
      'POST /api/auth/login': () => sitting('old'),
      'POST /api/auth/refresh': () => ({ status: 401, body: { statusCode: 401, code: 'session_ended', message: 'x' } }),
      'GET /api/me': () => unauthenticated,
    });
    const api = client(server.fetch);
    await api.login('servant01', 'x');
    const heard: unknown[] = [];
    api.onSignInSession((s) => heard.push(s));
    await expect(api.get('/api/me')).rejects.toBeInstanceOf(ApiError);
    expect(heard).toEqual([null]);
    expect(api.accessToken).toBeNull();
    expect(api.currentUser).toBeNull();
  });

  it('restores a session on load from the refresh cookie alone', async () => {
    const server = fakeServer({ 'POST /api/auth/refresh': () => sitting('restored') });
    const api = client(server.fetch);
    const restored = await api.refresh();
    expect(restored?.user.displayName).toBe('Иван Иванов');
    expect(api.accessToken).toBe('restored');
  });

  it('no session to restore resolves null, without an error', async () => {
    const server = fakeServer({ 'POST /api/auth/refresh': () => unauthenticated });
    await expect(client(server.fetch).refresh()).resolves.toBeNull();
  });

  // Issue 22, item 15: a signed-out visit must not send a refresh that can only be refused.
  it.each([
    { case: 'no session hint cookie', cookie: 'lang=bg', refreshes: 0 },
    { case: 'an empty cookie jar', cookie: '', refreshes: 0 },
    { case: 'a cookie whose name only ends like the hint', cookie: 'not_egov_session=1', refreshes: 0 },
    { case: 'the session hint', cookie: 'egov_session=1', refreshes: 1 },
    { case: 'the session hint among others', cookie: 'lang=bg; egov_session=1', refreshes: 1 },
  ])('restore on load with $case: $refreshes refresh request(s)', async ({ cookie, refreshes }) => {
    const previous = Object.getOwnPropertyDescriptor(globalThis, 'document');
    Object.defineProperty(globalThis, 'document', { value: { cookie }, configurable: true });
    try {
      const server = fakeServer({ 'POST /api/auth/refresh': () => sitting('restored') });
      const restored = await client(server.fetch).restore();
      expect(server.calls).toHaveLength(refreshes);
      expect(restored?.accessToken ?? null).toBe(refreshes ? 'restored' : null);
    } finally {
      if (previous) Object.defineProperty(globalThis, 'document', previous);
      else delete (globalThis as { document?: unknown }).document;
    }
  });

  it('a failed sign-in is not "retried" through a refresh', async () => {
    const server = fakeServer({
      'POST /api/auth/login': () => ({
        status: 401,
        body: { statusCode: 401, code: 'invalid_credentials', message: 'Wrong username or password', requestId: 'abc' },
      }),
    });
    const err = await client(server.fetch)
      .login('servant01', 'wrong')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 401, code: 'invalid_credentials', requestId: 'abc' });
    expect(server.calls).toHaveLength(1);
  });

  it('an unreachable server is a network_error and does not end the session', async () => {
    let down = false;
    const server = fakeServer({
      'POST /api/auth/login': () => sitting('t1'),
      'GET /api/me': () => unauthenticated,
      'POST /api/auth/refresh': () => (down ? Promise.reject(new TypeError('Failed to fetch')) : sitting('t2')),
    });
    const api = client(server.fetch);
    await api.login('servant01', 'x');
    down = true;
    await expect(api.get('/api/me')).rejects.toMatchObject({ status: 0, code: 'network_error' });
    expect(api.accessToken).toBe('t1');
  });

  it('uses the x-request-id header when an error has no body', async () => {
    const server = fakeServer({ 'GET /api/x': () => ({ status: 502 }) });
    await expect(client(server.fetch).get('/api/x')).rejects.toMatchObject({
      status: 502,
      code: 'http_502',
      requestId: 'req-from-header',
    });
  });

  it('runs each refresh under the cross-tab lock', async () => {
    const locked: string[] = [];
    const server = fakeServer({ 'POST /api/auth/refresh': () => sitting('t') });
    const api = new ApiClient({
      fetch: server.fetch,
      renewBeforeSeconds: 0,
      lock: (name, fn) => {
        locked.push(name);
        return fn();
      },
    });
    await api.refresh();
    await api.refresh();
    expect(locked).toEqual(['egov-box-refresh', 'egov-box-refresh']);
  });

  it('logout tells the server and forgets the token even when the server fails', async () => {
    const server = fakeServer({
      'POST /api/auth/login': () => sitting('t1'),
      'POST /api/auth/logout': () => ({ status: 500, body: { statusCode: 500, code: 'internal_error', message: 'x' } }),
    });
    const api = client(server.fetch);
    await api.login('servant01', 'x');
    await expect(api.logout()).rejects.toBeInstanceOf(ApiError);
    expect(server.calls.at(-1)).toMatchObject({ method: 'POST', path: '/api/auth/logout', auth: 'Bearer t1' });
    expect(api.accessToken).toBeNull();
  });

  it('asks for no refresh while signing out (the server drops the sockets before the logout answers)', async () => {
    let answerLogout: (a: Answer) => void = () => undefined;
    const server = fakeServer({
      'POST /api/auth/login': () => sitting('t1'),
      'POST /api/auth/logout': () => new Promise<Answer>((resolve) => (answerLogout = resolve)),
      'POST /api/auth/refresh': () => unauthenticated,
    });
    const api = client(server.fetch);
    await api.login('servant01', 'x');
    const out = api.logout();
    await new Promise((r) => setTimeout(r, 0));
    expect(await api.refresh()).toBeNull();
    answerLogout({ status: 204 });
    await out;
    expect(server.calls.map((c) => c.path)).toEqual(['/api/auth/login', '/api/auth/logout']);
  });

  it('signing out lets a request already out finish first and sends nothing new meanwhile (a late 401 was logged)', async () => {
    let answerPresence: (a: Answer) => void = () => undefined;
    const server = fakeServer({
      'POST /api/auth/login': () => sitting('t1'),
      'GET /api/presence': () => new Promise<Answer>((resolve) => (answerPresence = resolve)),
      'POST /api/auth/logout': () => ({ status: 204 }),
    });
    const api = client(server.fetch);
    await api.login('servant01', 'x');
    const presence = api.get('/api/presence');
    await new Promise((r) => setTimeout(r, 0));
    const out = api.logout();
    await new Promise((r) => setTimeout(r, 10));
    // The logout waits for the presence answer; a new request is refused here, unsent.
    expect(server.calls.map((c) => c.path)).toEqual(['/api/auth/login', '/api/presence']);
    await expect(api.get('/api/me')).rejects.toMatchObject({ status: 401, code: 'signed_out' });
    answerPresence({ status: 200, body: [] });
    await expect(presence).resolves.toEqual([]);
    await out;
    expect(server.calls.map((c) => c.path)).toEqual(['/api/auth/login', '/api/presence', '/api/auth/logout']);
    expect(server.calls.at(-1)!.auth).toBe('Bearer t1');
    expect(api.accessToken).toBeNull();
  });

  it('signing out cuts short a request that does not finish in time, then tells the server', async () => {
    const calls: string[] = [];
    const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      calls.push(`${init?.method ?? 'GET'} ${String(input)}`);
      if (String(input) === '/api/auth/login')
        return Promise.resolve(new Response(JSON.stringify(sitting('t1').body), { status: 200 }));
      if (String(input) === '/api/auth/logout') return Promise.resolve(new Response(null, { status: 204 }));
      return new Promise<Response>((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    }) as typeof globalThis.fetch;
    const api = new ApiClient({ fetch, renewBeforeSeconds: 0, signOutWaitMs: 20 });
    await api.login('servant01', 'x');
    const stuck = api.get('/api/meetings/upcoming');
    await api.logout();
    await expect(stuck).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toEqual(['POST /api/auth/login', 'GET /api/meetings/upcoming', 'POST /api/auth/logout']);
  });

  it('asks for no refresh after signing out, when the server has cleared the session hint (a late socket)', async () => {
    let hint = true;
    const server = fakeServer({
      'POST /api/auth/login': () => sitting('t1'),
      'POST /api/auth/logout': () => {
        hint = false; // the logout answer clears both cookies
        return { status: 204 };
      },
      'POST /api/auth/refresh': () => unauthenticated,
    });
    const api = new ApiClient({ fetch: server.fetch, renewBeforeSeconds: 0, signInSessionHint: () => hint });
    await api.login('servant01', 'x');
    await api.logout();
    expect(await api.refresh()).toBeNull();
    expect(server.calls.map((c) => c.path)).toEqual(['/api/auth/login', '/api/auth/logout']);
  });
});

describe('ApiClient files (materials, minutes)', () => {
  it('downloads with the bearer token, refreshing once on 401, and reads the UTF-8 file name', async () => {
    const seen: string[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const auth = ((init?.headers ?? {}) as Record<string, string>).authorization ?? null;
      seen.push(`${init?.method} ${String(input)} ${auth}`);
      if (String(input) === '/api/auth/login') return new Response(JSON.stringify(sitting('old').body));
      if (String(input) === '/api/auth/refresh') return new Response(JSON.stringify(sitting('new').body));
      if (auth !== 'Bearer new') return new Response(JSON.stringify(unauthenticated.body), { status: 401 });
      return new Response(new Uint8Array([0x25, 0x50, 0x44, 0x46]), {
        headers: {
          'content-type': 'application/pdf',
          'content-disposition': `attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('Бюджет.pdf')}`,
        },
      });
    }) as typeof globalThis.fetch;
    const api = client(fetch);
    await api.login('clerk', 'x');
    const file = await api.download('/api/council/sessions/s/items/i/materials/m');
    expect(file.filename).toBe('Бюджет.pdf');
    expect(new Uint8Array(await file.blob.arrayBuffer())).toEqual(new Uint8Array([0x25, 0x50, 0x44, 0x46]));
    expect(seen).toEqual([
      'POST /api/auth/login null',
      'GET /api/council/sessions/s/items/i/materials/m Bearer old',
      'POST /api/auth/refresh Bearer old',
      'GET /api/council/sessions/s/items/i/materials/m Bearer new',
    ]);
  });

  it('uploads the raw bytes with their type and turns a refusal into an ApiError with its code', async () => {
    const got: { type: string | null; size: number }[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input) === '/api/auth/login') return new Response(JSON.stringify(sitting('t').body));
      const headers = (init?.headers ?? {}) as Record<string, string>;
      const body = init?.body as Blob;
      got.push({ type: headers['content-type'] ?? null, size: body.size });
      if (body.size > 3)
        return new Response(JSON.stringify({ code: 'payload_too_large', message: 'too large' }), { status: 413 });
      return new Response(JSON.stringify({ id: 'm1', filename: 'a.pdf' }), { status: 201 });
    }) as typeof globalThis.fetch;
    const api = client(fetch);
    await api.login('clerk', 'x');
    expect(await api.upload('/up?filename=a.pdf', new Blob(['%PD']), 'application/pdf')).toEqual({
      id: 'm1',
      filename: 'a.pdf',
    });
    await expect(api.upload('/up?filename=b.pdf', new Blob(['%PDF-1']), 'application/pdf')).rejects.toMatchObject({
      status: 413,
      code: 'payload_too_large',
    });
    expect(got).toEqual([
      { type: 'application/pdf', size: 3 },
      { type: 'application/pdf', size: 6 },
    ]);
  });

  it('reads plain and encoded file names from Content-Disposition', () => {
    expect(filenameOf('inline; filename="minutes-7.pdf"')).toBe('minutes-7.pdf');
    expect(filenameOf(`attachment; filename="x"; filename*=UTF-8''%D0%9F%D1%80.odt`)).toBe('Пр.odt');
    expect(filenameOf(null)).toBeNull();
  });
});
