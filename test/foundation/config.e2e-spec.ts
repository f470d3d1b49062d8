import { freshDatabase } from '../support/database.js';
import { ok } from '../support/api.js';
import { TestApp } from '../support/app.js';

describe('configuration at boot', () => {
  async function exitOf(env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
    const db = await freshDatabase({ empty: true });
    const app = TestApp.spawn(db, TestApp.environment(db, env));
    const code = await app.waitForExit();
    await db.drop();
    return { code, output: app.output.join('\n') };
  }

  it('production refuses to start without its own JWT_SECRET, naming the setting', async () => {
    const missing = await exitOf({ NODE_ENV: 'production', JWT_SECRET: undefined });
    expect(missing.code).not.toBe(0);
    expect(missing.output).toMatch(/JWT_SECRET: production needs its own secret/);
    const short = await exitOf({ NODE_ENV: 'production', JWT_SECRET: 'short-secret' });
    expect(short.code).not.toBe(0);
    expect(short.output).toMatch(/JWT_SECRET/);
  });

  it('a wrong setting stops the process with a message naming it', async () => {
    const res = await exitOf({ PORT: 'not-a-port' });
    expect(res.code).toBe(78);
    expect(res.output).toMatch(/PORT:/);
  });

  it('a directory without its service account stops the process, naming the missing LDAP settings', async () => {
    const res = await exitOf({ LDAP_URL: 'ldaps://dc1.example.bg', LDAP_ROLE_GROUPS: '{"mayor":"cn=x"}' });
    expect(res.code).toBe(78);
    for (const setting of ['LDAP_BIND_DN', 'LDAP_BIND_PASSWORD', 'LDAP_SEARCH_BASE', 'LDAP_ROLE_GROUPS']) {
      expect(res.output).toContain(`${setting}:`);
    }
  });

  it('production with a proper secret starts on an empty database and seeds no demo accounts', async () => {
    const db = await freshDatabase({ empty: true });
    const app = await TestApp.start({
      db,
      env: { NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(48), SEED_DEMO: undefined, COOKIE_SECURE: 'false' },
    });
    try {
      expect((await app.get('/api/health')).status).toBe(200);
      const res = await app.post('/api/auth/login', { username: 'admin', password: 'egovbox-demo' });
      expect(res.status).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('production creates the first administrator from INITIAL_ADMIN_* once, and never again', async () => {
    const db = await freshDatabase({ empty: true });
    const env = {
      NODE_ENV: 'production',
      JWT_SECRET: 'q'.repeat(48),
      SEED_DEMO: undefined,
      COOKIE_SECURE: 'false',
      INITIAL_ADMIN_USERNAME: 'root.admin',
      INITIAL_ADMIN_PASSWORD: 'first-admin-password',
    };
    const first = await TestApp.start({ db, env });
    const s = await first.login('root.admin', 'first-admin-password');
    expect(s.user.roles).toEqual(['admin']);
    await first.close({ keepDatabase: true });
    const second = await TestApp.start({ db, env: { ...env, INITIAL_ADMIN_PASSWORD: 'a-different-password' } });
    try {
      expect(
        (await second.post('/api/auth/login', { username: 'root.admin', password: 'a-different-password' })).status,
      ).toBe(401);
      await second.login('root.admin', 'first-admin-password');
    } finally {
      await second.close();
    }
  });

  it('development seeds the demo municipality into an empty database exactly once, kept across restarts', async () => {
    const db = await freshDatabase({ empty: true });
    const first = await TestApp.start({ db, env: { SEED_DEMO: 'true' } });
    const admin = await first.login('admin');
    const created = await first.post(
      '/api/admin/users',
      { username: 'kept.user', displayName: 'Запазен Потребител', password: 'kept-password-123', roles: ['staff'] },
      { token: admin.token },
    );
    expect(created.status).toBe(201);
    await first.close({ keepDatabase: true });

    const second = await TestApp.start({ db, env: { SEED_DEMO: 'true' } });
    try {
      const s = await second.login('admin');
      const users = await ok(second.api.get('/api/admin/users', { query: { limit: 200 }, token: s.token }), 'users');
      expect(users.total).toBe(74); // 73 demo accounts + the one made above, nothing twice
      await second.login('kept.user', 'kept-password-123');
    } finally {
      await second.close();
    }
  }, 180_000);
});
