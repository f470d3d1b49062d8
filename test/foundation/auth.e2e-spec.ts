import jwt from 'jsonwebtoken';
import type { ErrorBody } from '../../libs/contracts/src/index.js';
import { demoUsers } from '../../libs/directory/src/seed/demo-municipality.js';
import { expectError, expectOk } from '../support/api.js';
import { TestApp, refreshCookie } from '../support/app.js';
import { eventually } from '../support/eventually.js';

describe('authentication', () => {
  let app: TestApp;
  beforeAll(async () => {
    // A high address limit: this file signs in from one address many times on purpose.
    app = await TestApp.start({ env: { LOGIN_MAX_FAILURES_PER_ADDRESS: '1000', LOGIN_MAX_FAILURES_PER_USER: '3' } });
  });
  afterAll(() => app.close());

  it('every demo account of the contract signs in', async () => {
    const users = demoUsers();
    expect(users.map((u) => u.username)).toEqual(
      expect.arrayContaining(['admin', 'clerk', 'chair', 'councillor01', 'councillor50', 'servant01', 'servant20']),
    );
    expect(users.filter((u) => u.roles.includes('councillor'))).toHaveLength(51);
    for (const u of users) {
      const s = await app.login(u.username);
      expect(s.user).toMatchObject({ username: u.username, displayName: u.displayName, roles: u.roles });
      expect(s.user.displayName).toMatch(/[А-Яа-я]/);
      expect(s.cookie).toMatch(/^egov_refresh=/);
    }
  });

  it('the refresh cookie is httpOnly and SameSite=Strict, and the access token lives at most 15 minutes', async () => {
    const res = await app.api.post('/api/auth/login', { body: { username: 'servant02', password: 'egovbox-demo' } });
    expectOk(res);
    const setCookie = res.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const claims = jwt.decode(res.body.accessToken) as { exp: number; iat: number };
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(900);
    expect(res.body.expiresIn).toBeLessThanOrEqual(900);
  });

  it('GET /api/me returns the signed-in user', async () => {
    const s = await app.login('clerk');
    const me = await app.api.get('/api/me', { token: s.token });
    expectOk(me, 200);
    expect(me.body).toMatchObject({ username: 'clerk', roles: ['clerk'], department: { code: 'council' } });
    // Not in the view's type: a JSON body has no undefined values, so absent is undefined.
    expect(me.body).not.toHaveProperty('passwordHash');
  });

  it('a wrong password is 401 invalid_credentials, and an unknown user looks the same', async () => {
    const wrong = await app.api.post('/api/auth/login', { body: { username: 'servant03', password: 'nope-nope' } });
    expectError(wrong, 401);
    expect(wrong.body).toMatchObject({ statusCode: 401, code: 'invalid_credentials' });
    expect(wrong.body.requestId).toEqual(expect.any(String));
    const unknown = await app.api.post('/api/auth/login', { body: { username: 'nobody-here', password: 'nope-nope' } });
    expectError(unknown, 401);
    expect(unknown.body.code).toBe('invalid_credentials');
  });

  it('missing fields are 400 validation_failed naming the field', async () => {
    // A body the contract refuses: sent untyped.
    const res = await app.post<ErrorBody>('/api/auth/login', { username: 'servant01' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.message).toContain('password');
  });

  it('malformed JSON is 400 malformed_json; a huge body is 413', async () => {
    const bad = await app.request<ErrorBody>('POST', '/api/auth/login', undefined, { raw: '{"username": "x",' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'malformed_json' });
    const huge = await app.post<ErrorBody>('/api/auth/login', { username: 'x', password: 'y'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('payload_too_large');
  });

  it('repeated failures for one username are locked out with 429 and Retry-After', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await app.post('/api/auth/login', { username: 'servant04', password: 'wrong-' + i })).status).toBe(401);
    }
    const locked = await app.api.post('/api/auth/login', { body: { username: 'servant04', password: 'egovbox-demo' } });
    expectError(locked, 429);
    expect(locked.body.code).toBe('too_many_requests');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another user is not affected.
    expect((await app.post('/api/auth/login', { username: 'servant05', password: 'egovbox-demo' })).status).toBe(200);
    expect(app.output.join('\n')).toContain('login_locked_out');
  });

  it('routes need a token; forged, tampered, expired and alg=none tokens are refused', async () => {
    expect((await app.get('/api/me')).status).toBe(401);
    const s = await app.login('servant06');
    const claims = jwt.decode(s.token) as Record<string, unknown>;
    const forged = jwt.sign({ ...claims }, 'not-the-secret-of-this-server-0123456789');
    const forgedRes = await app.api.get('/api/me', { token: forged });
    expectError(forgedRes, 401);
    expect(forgedRes.body.code).toBe('invalid_token');
    const [h, , sig] = s.token.split('.');
    const body = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url');
    expect((await app.get('/api/admin/users', { token: `${h}.${body}.${sig}` })).status).toBe(401);
    const { exp: _exp, iat: _iat, ...rest } = claims;
    const expired = jwt.sign({ ...rest, iat: Math.floor(Date.now() / 1000) - 3600 }, app.env.JWT_SECRET!, {
      expiresIn: 60,
    });
    const expiredRes = await app.api.get('/api/me', { token: expired });
    expectError(expiredRes, 401);
    expect(expiredRes.body.code).toBe('token_expired');
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    expect((await app.get('/api/me', { token: none })).status).toBe(401);
  });

  it('a token the server has already verified is still refused the moment it expires or its session ends', async () => {
    const s = await app.login('servant11');
    const { exp: _exp, iat: _iat, ...claims } = jwt.decode(s.token) as Record<string, unknown>;
    // The same session's claims in a token that lives two seconds.
    const short = jwt.sign(claims, app.env.JWT_SECRET!, { expiresIn: 2 });
    expect((await app.get('/api/me', { token: short })).status).toBe(200);
    expect((await app.get('/api/me', { token: short })).status).toBe(200);
    await eventually(async () => {
      const res = await app.api.get('/api/me', { token: short });
      expectError(res, 401);
      expect(res.body.code).toBe('token_expired');
    });
    expect((await app.get('/api/me', { token: s.token })).status).toBe(200);
    expect((await app.post('/api/auth/logout', undefined, { token: s.token, cookie: s.cookie })).status).toBe(204);
    const ended = await app.api.get('/api/me', { token: s.token });
    expectError(ended, 401);
    expect(ended.body.code).toBe('session_ended');
  });

  it('refresh rotates the cookie; a rotated-out token is refused and ends the session', async () => {
    const s = await app.login('servant07');
    const first = await app.api.post('/api/auth/refresh', { cookie: s.cookie });
    expectOk(first, 200);
    const rotated = refreshCookie(first.headers);
    expect(rotated).toMatch(/^egov_refresh=/);
    expect(rotated).not.toBe(s.cookie);
    expect((await app.get('/api/me', { token: first.body.accessToken })).status).toBe(200);

    const second = await app.api.post('/api/auth/refresh', { cookie: rotated });
    expectOk(second, 200);
    const latest = refreshCookie(second.headers);

    // Reusing an old token is treated as theft: the whole session ends.
    const reuse = await app.api.post('/api/auth/refresh', { cookie: s.cookie });
    expectError(reuse, 401);
    expect(reuse.body.code).toBe('refresh_reused');
    expect((await app.post('/api/auth/refresh', undefined, { cookie: latest })).status).toBe(401);
    expect((await app.get('/api/me', { token: second.body.accessToken })).status).toBe(401);
  });

  it('refresh without a cookie or with garbage is 401', async () => {
    expect((await app.post('/api/auth/refresh')).status).toBe(401);
    const garbage = await app.api.post('/api/auth/refresh', { cookie: 'egov_refresh=abc.def' });
    expectError(garbage, 401);
    expect(garbage.body.code).toBe('session_ended');
  });

  // Issue 22, item 15: the web client asks for a refresh on load only when this companion
  // cookie says a session may exist, so a signed-out visit logs no failed request.
  it('sign-in and refresh set the readable session hint (no token in it, no longer than the idle limit); a refused refresh and logout clear it', async () => {
    const hintOf = (headers: Headers) => headers.getSetCookie().find((h) => h.startsWith('egov_session='));
    const login = await app.post('/api/auth/login', { username: 'servant09', password: 'egovbox-demo' });
    const hint = hintOf(login.headers);
    expect(hint).toBeDefined();
    const attributes = hint!.split(/;\s*/);
    expect(attributes[0]).toBe('egov_session=1'); // says only "maybe signed in"
    expect(attributes).toEqual(expect.arrayContaining(['Path=/', 'SameSite=Strict']));
    expect(attributes.some((a) => /^HttpOnly$/i.test(a))).toBe(false); // readable by the page
    const maxAge = Number(attributes.find((a) => a.startsWith('Max-Age='))?.slice('Max-Age='.length));
    expect(maxAge).toBeGreaterThan(60 * 60 - 10); // SESSION_IDLE_MINUTES defaults to 60
    expect(maxAge).toBeLessThanOrEqual(60 * 60);

    const refreshed = await app.api.post('/api/auth/refresh', { cookie: refreshCookie(login.headers) });
    expectOk(refreshed, 200);
    expect(hintOf(refreshed.headers)).toMatch(/^egov_session=1;.*Max-Age=(3[5-9]\d\d|3600)/);

    const garbage = await app.post('/api/auth/refresh', undefined, { cookie: 'egov_refresh=abc.def; egov_session=1' });
    expect(garbage.status).toBe(401);
    expect(hintOf(garbage.headers)).toMatch(/^egov_session=;/);

    const out = await app.post('/api/auth/logout', undefined, {
      token: refreshed.body.accessToken,
      cookie: refreshCookie(refreshed.headers),
    });
    expect(out.status).toBe(204);
    expect(hintOf(out.headers)).toMatch(/^egov_session=;/);
  });

  it('logout revokes the session: its access and refresh tokens stop working', async () => {
    const s = await app.login('servant08');
    const other = await app.login('servant08'); // a second session of the same person stays
    const out = await app.post('/api/auth/logout', undefined, { token: s.token, cookie: s.cookie });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join()).toMatch(/egov_refresh=;/);
    const me = await app.api.get('/api/me', { token: s.token });
    expectError(me, 401);
    expect(me.body.code).toBe('session_ended');
    expect((await app.post('/api/auth/refresh', undefined, { cookie: s.cookie })).status).toBe(401);
    expect((await app.get('/api/me', { token: other.token })).status).toBe(200);
  });

  it('unknown routes are 404 JSON in the error shape', async () => {
    const res = await app.get('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'not_found', requestId: expect.any(String) });
  });

  it('every answer carries a request id, and a valid incoming one is kept', async () => {
    const res = await app.get('/api/health', { headers: { 'x-request-id': 'trace-12345678' } });
    expect(res.headers.get('x-request-id')).toBe('trace-12345678');
  });

  it('security headers are set and nothing says what powers the server', async () => {
    const res = await app.get('/api/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it("every kind of answer carries helmet's full set of headers, the same on each", async () => {
    const security = (h: Headers) =>
      Object.fromEntries(
        [
          'content-security-policy',
          'cross-origin-opener-policy',
          'cross-origin-resource-policy',
          'origin-agent-cluster',
          'referrer-policy',
          'x-content-type-options',
          'x-dns-prefetch-control',
          'x-download-options',
          'x-frame-options',
          'x-permitted-cross-domain-policies',
          'x-xss-protection',
          'strict-transport-security',
          'x-powered-by',
        ].map((name) => [name, h.get(name)]),
      );
    const health = security((await app.get('/api/health')).headers);
    // helmet 8's defaults with the portal's options (bootstrap.ts); no HSTS without COOKIE_SECURE.
    expect(health).toEqual({
      'content-security-policy': expect.any(String),
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'SAMEORIGIN',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
      'strict-transport-security': null,
      'x-powered-by': null,
    });
    const directives = Object.fromEntries(
      health['content-security-policy']!.split(';').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]),
    );
    expect(directives).toEqual({
      'default-src': "'self'",
      'base-uri': "'self'",
      'font-src': "'self' https: data:",
      'form-action': "'self'",
      'frame-ancestors': "'none'",
      'img-src': "'self' data: blob:",
      'object-src': "'none'",
      'script-src': "'self'",
      'script-src-attr': "'none'",
      'style-src': "'self' 'unsafe-inline'",
      'media-src': "'self' blob:",
      'connect-src': expect.stringMatching(/^'self' ws: wss:/),
    });
    const others = await Promise.all([
      app.get('/api/me'), // 401
      app.get('/api/no-such-route'), // 404
      app.get('/'), // the web client's page
      app.post('/api/auth/login', { username: 'servant01', password: 'wrong' }), // 401 from a handler
    ]);
    for (const res of others) expect(security(res.headers)).toEqual(health);
  });
});
