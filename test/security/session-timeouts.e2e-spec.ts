import { TestApp, refreshCookie } from '../support/app.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('session timeouts', () => {
  it('a session not refreshed for longer than the idle timeout ends', async () => {
    const app = await TestApp.start({ env: { SESSION_IDLE_MINUTES: '0.05' } }); // 3 seconds
    try {
      const active = await app.login('servant01');
      const idle = await app.login('servant02');
      await sleep(1500);
      expect((await app.post('/api/auth/refresh', undefined, { cookie: active.cookie })).status).toBe(200);
      await sleep(2500);
      const res = await app.post('/api/auth/refresh', undefined, { cookie: idle.cookie });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('session_ended');
    } finally {
      await app.close();
    }
  }, 120_000); // each test starts its own server: a busy machine takes a while

  it('a session ends at its absolute limit, refreshed or not, and its access token with it', async () => {
    const app = await TestApp.start({ env: { SESSION_MAX_HOURS: '0.001' } }); // 3.6 seconds
    try {
      const s = await app.login('servant03');
      const refreshed = await app.post('/api/auth/refresh', undefined, { cookie: s.cookie });
      expect(refreshed.status).toBe(200);
      // The page-readable session hint ends with the session, not an hour (the idle limit) later.
      const hint = refreshed.headers.getSetCookie().find((h) => h.startsWith('egov_session=1;'));
      expect(Number(/Max-Age=(\d+)/.exec(hint ?? '')?.[1])).toBeLessThanOrEqual(4);
      await sleep(4500);
      expect((await app.get('/api/me', { token: refreshed.body.accessToken })).status).toBe(401);
      const late = await app.post('/api/auth/refresh', undefined, { cookie: refreshCookie(refreshed.headers) });
      expect(late.status).toBe(401);
      expect(late.body.code).toBe('session_ended');
      await expect(app.socket(refreshed.body.accessToken)).rejects.toThrow();
    } finally {
      await app.close();
    }
  }, 120_000);

  it('an open socket whose session ended by itself is told and dropped; a live session keeps its socket', async () => {
    // Idle after 3 s; the open sockets are checked every second.
    const app = await TestApp.start({ env: { SESSION_IDLE_MINUTES: '0.05', SESSION_SWEEP_SECONDS: '1' } });
    try {
      const kept = await app.login('servant01');
      const lapsed = await app.login('servant02');
      const keptSocket = await app.socket(kept.token);
      const lapsedSocket = await app.socket(lapsed.token);
      const ended: unknown[] = [];
      lapsedSocket.on('session.ended', (e) => ended.push(e));
      const gone = new Promise<string>((resolve) => lapsedSocket.on('disconnect', (reason) => resolve(reason)));
      let keptDropped = false;
      keptSocket.on('disconnect', () => (keptDropped = true));
      // One keeps refreshing (the browser does, every few minutes); the other does not.
      let cookie = kept.cookie;
      const deadline = Date.now() + 7000;
      let reason: string | undefined;
      void gone.then((r) => (reason = r));
      while (Date.now() < deadline && reason === undefined) {
        await sleep(1000);
        const refreshed = await app.post('/api/auth/refresh', undefined, { cookie });
        expect(refreshed.status).toBe(200);
        cookie = refreshCookie(refreshed.headers);
      }
      expect(reason).toBe('io server disconnect');
      expect(ended).toEqual([{ reason: 'expired' }]);
      // A few more sweeps: the live session's socket stays.
      for (let i = 0; i < 3; i++) {
        await sleep(1000);
        cookie = refreshCookie((await app.post('/api/auth/refresh', undefined, { cookie })).headers);
      }
      expect(keptDropped).toBe(false);
      expect(keptSocket.connected).toBe(true);
      keptSocket.close();
    } finally {
      await app.close();
    }
  }, 90_000);
});
