import { TestApp, refreshCookie } from '../support/app.js';

describe('transport: CORS, proxies, secure cookies, socket limits', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({
      env: { CORS_ORIGINS: 'https://portal.example.bg', TRUST_PROXY: 'true', COOKIE_SECURE: 'true' },
    });
  });
  afterAll(() => app.close());

  it('CORS answers only the configured origins', async () => {
    const preflight = (origin: string) =>
      app.request('OPTIONS', '/api/me', undefined, {
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
    const ok = await preflight('https://portal.example.bg');
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://portal.example.bg');
    const evil = await preflight('https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('behind TLS the refresh cookie and its session hint are Secure and HSTS is sent', async () => {
    const res = await app.post('/api/auth/login', { username: 'servant01', password: 'egovbox-demo' });
    expect(res.status).toBe(200);
    for (const name of ['egov_refresh', 'egov_session']) {
      expect(res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`))).toMatch(/; Secure/);
    }
    expect(refreshCookie(res.headers)).toMatch(/^egov_refresh=/);
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('a configured origin may open a socket', async () => {
    const s = await app.login('servant02');
    const socket = await app.socket(s.token, '/realtime', {
      transports: ['polling'],
      extraHeaders: { origin: 'https://portal.example.bg' },
    });
    expect(socket.connected).toBe(true);
    socket.close();
  });

  it('a socket flooding events is rate limited', async () => {
    const s = await app.login('servant03');
    const socket = await app.socket(s.token);
    const acks: { ok: boolean; code?: string }[] = [];
    for (let i = 0; i < 60; i++)
      socket.emit('presence.set', { status: 'online' }, (a: { ok: boolean }) => acks.push(a));
    // Every event is answered (on a busy machine this may take longer than a second).
    for (let waited = 0; acks.length < 60 && waited < 10_000; waited += 100)
      await new Promise((r) => setTimeout(r, 100));
    expect(acks).toHaveLength(60);
    const limited = acks.filter((a) => a.code === 'too_many_requests').length;
    expect(limited).toBeGreaterThan(0);
    expect(acks.filter((a) => a.ok).length).toBeGreaterThan(0);
    socket.close();
  });

  it('a socket message over the size limit closes that socket', async () => {
    const s = await app.login('servant04');
    const socket = await app.socket(s.token);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    socket.emit('presence.set', { status: 'x'.repeat(100_000) });
    expect(await closed).toMatch(/transport/);
  });
});
