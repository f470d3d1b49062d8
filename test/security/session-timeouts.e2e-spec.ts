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
  });

  it('a session ends at its absolute limit, refreshed or not, and its access token with it', async () => {
    const app = await TestApp.start({ env: { SESSION_MAX_HOURS: '0.001' } }); // 3.6 seconds
    try {
      const s = await app.login('servant03');
      const refreshed = await app.post('/api/auth/refresh', undefined, { cookie: s.cookie });
      expect(refreshed.status).toBe(200);
      await sleep(4500);
      expect((await app.get('/api/me', { token: refreshed.body.accessToken })).status).toBe(401);
      const late = await app.post('/api/auth/refresh', undefined, { cookie: refreshCookie(refreshed.headers) });
      expect(late.status).toBe(401);
      expect(late.body.code).toBe('session_ended');
      await expect(app.socket(refreshed.body.accessToken)).rejects.toThrow();
    } finally {
      await app.close();
    }
  });
});
