import { randomBytes } from 'node:crypto';
import { expectError, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { serverUrl } from '../support/database.js';
import { eventually } from '../support/eventually.js';
import { OwnRedis } from '../support/redis-server.js';

/** egov_session_checks_total{answer} of one process, read from its metrics. */
async function checks(app: TestApp, admin: SignedIn): Promise<{ cache: number; database: number }> {
  const text = String((await app.get('/api/metrics', { token: admin.token })).body);
  const count = (answer: string) =>
    Number(new RegExp(`^egov_session_checks_total\\{answer="${answer}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { cache: count('cache'), database: count('database') };
}

const on = (app: TestApp) => app.output.filter((l) => l.includes('"event":"session_cache_on"')).length;
const off = (app: TestApp) => app.output.filter((l) => l.includes('"event":"session_cache_off"')).length;

/**
 * Issue 20: each process remembers the sessions it found alive, so an authenticated request
 * does not ask the database every time. A session that ends must still be refused at once —
 * by every process, the one that ended it and the others. Two server processes share one
 * PostgreSQL database and a Redis of this suite's own (so it can be taken away).
 */
(serverUrl() ? describe : describe.skip)('the cache of live sessions, on two processes', () => {
  let redis: OwnRedis;
  let a: TestApp;
  let b: TestApp;
  let adminA: SignedIn;
  let adminB: SignedIn;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    const env = { REDIS_URL: redis.url, JWT_SECRET: randomBytes(32).toString('hex') };
    a = await TestApp.start({ env });
    b = await TestApp.start({ env, db: a.db });
    await eventually(async () => expect([on(a), on(b)]).toEqual([1, 1]), 10_000);
    [adminA, adminB] = await Promise.all([a.login('admin'), b.login('admin')]);
  }, 120_000);

  afterAll(async () => {
    await b?.close({ keepDatabase: true });
    await a?.close();
    await redis?.down();
  });

  /** Signs in on A and uses the token on B until B answers it from its cache. */
  async function cachedOnB(username: string): Promise<SignedIn> {
    const s = await a.login(username);
    expect((await b.get('/api/me', { token: s.token })).status).toBe(200);
    const before = await checks(b, adminB);
    expect((await b.get('/api/me', { token: s.token })).status).toBe(200);
    const after = await checks(b, adminB);
    // The admin's own metrics request is a check too: two more from the cache, none from the database.
    expect(after.cache - before.cache).toBe(2);
    expect(after.database).toBe(before.database);
    return s;
  }

  it('a session used again is answered from the cache, not the database', async () => {
    const s = await cachedOnB('servant01');
    const before = await checks(b, adminB);
    for (let i = 0; i < 5; i++) expect((await b.get('/api/meetings/upcoming', { token: s.token })).status).toBe(200);
    const after = await checks(b, adminB);
    expect(after.database).toBe(before.database);
    expect(after.cache - before.cache).toBe(6);
  });

  it('logout on A: B refuses the token at once (each of five times)', async () => {
    for (let i = 0; i < 5; i++) {
      const s = await cachedOnB(`servant0${i + 2}`);
      const out = await a.post('/api/auth/logout', undefined, { token: s.token, cookie: s.cookie });
      expect(out.status).toBe(204);
      const me = await b.api.get('/api/me', { token: s.token });
      expectError(me, 401, 'session_ended');
    }
  });

  it('disabling, ending the sessions and a new password on A: B refuses at once', async () => {
    const idOf = async (username: string) =>
      (await ok(a.api.get('/api/admin/users', { query: { q: username }, token: adminA.token }), 'the user')).items[0]!
        .id;

    const disabled = await cachedOnB('servant10');
    expect(
      (await a.post(`/api/admin/users/${await idOf('servant10')}/disable`, {}, { token: adminA.token })).status,
    ).toBe(200);
    expect((await b.get('/api/me', { token: disabled.token })).status).toBe(401);

    const ended = await cachedOnB('servant11');
    const revoke = await a.post(`/api/admin/users/${await idOf('servant11')}/sessions/revoke`, undefined, {
      token: adminA.token,
    });
    expect(revoke.status).toBe(200);
    expect((await b.get('/api/me', { token: ended.token })).status).toBe(401);

    const renewed = await cachedOnB('servant12');
    const patch = await a.patch(
      `/api/admin/users/${await idOf('servant12')}`,
      { password: 'a-new-password-for-12' },
      { token: adminA.token },
    );
    expect(patch.status).toBe(200);
    expect((await b.get('/api/me', { token: renewed.token })).status).toBe(401);
  });

  it('a session ended on B is refused on A at once (both ways)', async () => {
    const s = await b.login('servant13');
    expect((await a.get('/api/me', { token: s.token })).status).toBe(200);
    expect((await a.get('/api/me', { token: s.token })).status).toBe(200);
    expect((await b.post('/api/auth/logout', undefined, { token: s.token, cookie: s.cookie })).status).toBe(204);
    expect((await a.get('/api/me', { token: s.token })).status).toBe(401);
  });

  it('a Redis that hangs: each process stops trusting its cache when its heartbeat goes silent, and a logout on A answers (it does not hang) and is refused on B', async () => {
    const s = await cachedOnB('servant17');
    const [offA, offB] = [off(a), off(b)];
    redis.pause();
    try {
      await eventually(async () => expect([off(a), off(b)]).toEqual([offA + 1, offB + 1]), 10_000);
      const started = Date.now();
      const out = await a.post('/api/auth/logout', undefined, { token: s.token, cookie: s.cookie });
      expect(out.status).toBe(204);
      // It waited for the others at most the confirmation deadline (3 s), not for Redis.
      expect(Date.now() - started).toBeLessThan(10_000);
      await eventually(async () =>
        expect(a.output.some((l) => l.includes('"event":"session_end_unconfirmed"'))).toBe(true),
      );
      expect((await b.get('/api/me', { token: s.token })).status).toBe(401);
    } finally {
      redis.resume();
    }
    const [onA, onB] = [on(a), on(b)];
    await eventually(async () => expect([on(a), on(b)]).toEqual([onA + 1, onB + 1]), 20_000);
  }, 60_000);

  it('without Redis the processes cannot hear each other: they ask the database, and a logout on A is still refused on B', async () => {
    const s = await cachedOnB('servant14');
    const kept = await cachedOnB('servant15');
    const [offA, offB] = [off(a), off(b)];
    await redis.down();
    await eventually(async () => expect([off(a), off(b)]).toEqual([offA + 1, offB + 1]), 10_000);
    const before = await checks(b, adminB);
    expect((await b.get('/api/me', { token: kept.token })).status).toBe(200);
    expect((await a.post('/api/auth/logout', undefined, { token: s.token, cookie: s.cookie })).status).toBe(204);
    expect((await b.get('/api/me', { token: s.token })).status).toBe(401);
    const after = await checks(b, adminB);
    expect(after.cache).toBe(before.cache);
    expect(after.database - before.database).toBe(3);

    // Redis back: each process turns its cache on again once its subscription carries a message.
    const [onA, onB] = [on(a), on(b)];
    await redis.up();
    await eventually(async () => expect([on(a), on(b)]).toEqual([onA + 1, onB + 1]), 20_000);
    const again = await cachedOnB('servant16');
    expect((await a.post('/api/auth/logout', undefined, { token: again.token, cookie: again.cookie })).status).toBe(
      204,
    );
    expect((await b.get('/api/me', { token: again.token })).status).toBe(401);
  }, 60_000);
});
