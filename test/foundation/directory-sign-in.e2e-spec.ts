import { Attribute, Change } from 'ldapts';
import { expectError, expectOk, ok } from '../support/api.js';
import { DEMO_PASSWORD, TestApp, type SignedIn } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import {
  LDAP_CLERKS,
  LDAP_COUNCIL,
  LDAP_PEOPLE,
  LDAP_SERVICE_DN,
  LDAP_SERVICE_PASSWORD,
  LDAP_TEST_FILTER,
  OwnLdap,
} from '../support/ldap-server.js';

/**
 * Issue 18 part 1: signing in through a real OpenLDAP server (Debian's slapd, started by the
 * test with a directory of its own). The sync runs about every second (LDAP_SYNC_MINUTES=0.02).
 */
describe('sign-in through the directory (LDAP)', () => {
  let ldap: OwnLdap;
  let app: TestApp;
  let admin: SignedIn;

  const login = (username: string, password: string) =>
    app.api.post('/api/auth/login', { body: { username, password } });
  const audit = async (action: string, targetId: string) =>
    (await ok(app.api.get('/api/admin/audit', { query: { action, targetId }, token: admin.token }), 'the audit')).items;
  const adminView = async (username: string) =>
    (await ok(app.api.get('/api/admin/users', { query: { q: username }, token: admin.token }), 'users')).items.find(
      (u) => u.username === username,
    );

  beforeAll(async () => {
    ldap = await OwnLdap.start();
    app = await TestApp.start({
      env: {
        SEED_DEMO: 'true',
        LDAP_URL: ldap.url,
        LDAP_BIND_DN: LDAP_SERVICE_DN,
        LDAP_BIND_PASSWORD: LDAP_SERVICE_PASSWORD,
        LDAP_SEARCH_BASE: LDAP_PEOPLE,
        LDAP_USER_FILTER: LDAP_TEST_FILTER,
        LDAP_ROLE_GROUPS: JSON.stringify({ clerk: LDAP_CLERKS, councillor: LDAP_COUNCIL }),
        LDAP_SYNC_MINUTES: '0.02',
        LDAP_TIMEOUT_SECONDS: '2',
        LOGIN_MAX_FAILURES_PER_USER: '3',
        LOGIN_MAX_FAILURES_PER_ADDRESS: '1000',
      },
    });
    admin = await app.login('admin');
  });
  afterAll(async () => {
    await app?.close();
    await ldap?.close();
  });

  it('the first sign-in creates the person with their personal room, mapped roles, name, e-mail and department', async () => {
    expect(await adminView('ivana')).toBeUndefined();
    // Department by code (ou: finance) — set through the directory before the first sign-in.
    await ldap.admin((c) =>
      c.modify(
        `uid=ivana,${LDAP_PEOPLE}`,
        new Change({ operation: 'replace', modification: new Attribute({ type: 'ou', values: ['finance'] }) }),
      ),
    );
    const res = await login('Ivana', 'ivana-dir-pass');
    expectOk(res, 200);
    expect(res.body.user).toMatchObject({ username: 'ivana', displayName: 'Ивана Петрова', roles: ['clerk'] });
    const token = res.body.accessToken;
    const room = await app.get('/api/rooms/me', { token });
    expect(room.status).toBe(200);
    const view = await adminView('ivana');
    expect(view).toMatchObject({ email: 'ivana@egov.test', roles: ['clerk'] });
    expect(view!.department).toMatchObject({ code: 'finance' });
    const created = await audit('user_created', view!.id);
    expect(created).toHaveLength(1);
    expect(created[0]!.actorId).toBeNull();
  });

  it('a wrong password is 401 invalid_credentials, audited, and counts toward the lockout', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await login('elena', 'not-her-password-' + i);
      expectError(res, 401);
      expect(res.body.code).toBe('invalid_credentials');
    }
    expect(await audit('login_failed', 'elena')).toHaveLength(3);
    const locked = await login('elena', 'elena-dir-pass');
    expect(locked.status).toBe(429);
    expect(await audit('login_locked_out', 'elena')).toHaveLength(1);
    expect(await adminView('elena')).toBeUndefined();
  });

  it('a changed group and name are picked up at the next sign-in (the old session ends: roles changed)', async () => {
    const before = await app.login('georgi', 'georgi-dir-pass');
    expect(before.user.roles).toEqual(['councillor']);
    await ldap.admin(async (c) => {
      await c.modify(
        LDAP_CLERKS,
        new Change({
          operation: 'add',
          modification: new Attribute({ type: 'member', values: [`uid=georgi,${LDAP_PEOPLE}`] }),
        }),
      );
      await c.modify(
        `uid=georgi,${LDAP_PEOPLE}`,
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'cn', values: ['Георги Иванов-Петров'] }),
        }),
      );
    });
    const after = await login('georgi', 'georgi-dir-pass');
    expectOk(after, 200);
    expect([...after.body.user.roles].sort()).toEqual(['clerk', 'councillor']);
    expect(after.body.user.displayName).toBe('Георги Иванов-Петров');
    expect((await app.get('/api/me', { token: after.body.accessToken })).status).toBe(200);
    // The token that carried the old roles no longer works.
    expect((await app.get('/api/me', { token: before.token })).status).toBe(401);
  });

  it('disabled in the directory: the open session and socket end at the next sync, sign-in is refused', async () => {
    const s = await app.login('georgi', 'georgi-dir-pass');
    const socket = await app.socket(s.token);
    const dropped = new Promise((resolve) => socket.once('disconnect', resolve));
    await ldap.admin((c) =>
      c.modify(
        `uid=georgi,${LDAP_PEOPLE}`,
        new Change({ operation: 'add', modification: new Attribute({ type: 'employeeType', values: ['disabled'] }) }),
      ),
    );
    await eventually(async () => expect((await app.get('/api/me', { token: s.token })).status).toBe(401));
    await dropped;
    expect((await app.post('/api/auth/refresh', undefined, { cookie: s.cookie })).status).toBe(401);
    expect((await adminView('georgi'))!.disabled).toBe(true);
    const refused = await login('georgi', 'georgi-dir-pass');
    expectError(refused, 401);
    expect(refused.body.code).toBe('invalid_credentials');
    const disabled = await audit('user_disabled', (await adminView('georgi'))!.id);
    expect(disabled).toHaveLength(1);
    expect(disabled[0]!.actorId).toBeNull();
    // Back in the directory (and renamed there): the portal account stays disabled and untouched
    // until an administrator enables it.
    await ldap.admin(async (c) => {
      await c.modify(
        `uid=georgi,${LDAP_PEOPLE}`,
        new Change({
          operation: 'delete',
          modification: new Attribute({ type: 'employeeType', values: ['disabled'] }),
        }),
      );
      await c.modify(
        `uid=georgi,${LDAP_PEOPLE}`,
        new Change({ operation: 'replace', modification: new Attribute({ type: 'cn', values: ['Нечие друго име'] }) }),
      );
    });
    const stillDisabled = await login('georgi', 'georgi-dir-pass');
    expectError(stillDisabled, 403);
    expect(stillDisabled.body.code).toBe('account_disabled');
    const view = (await adminView('georgi'))!;
    expect(view.displayName).toBe('Георги Иванов-Петров');
    expect(
      (await app.api.post('/api/admin/users/:id/enable', { params: { id: view.id }, token: admin.token })).status,
    ).toBe(200);
    const back = await login('georgi', 'georgi-dir-pass');
    expectOk(back, 200);
    expect(back.body.user.displayName).toBe('Нечие друго име');
  });

  it('removed from the directory: the open session ends at the next sync, sign-in is refused', async () => {
    const s = await app.login('ivana', 'ivana-dir-pass');
    expect((await app.get('/api/me', { token: s.token })).status).toBe(200);
    await ldap.admin(async (c) => {
      await c.modify(
        LDAP_CLERKS,
        new Change({
          operation: 'delete',
          modification: new Attribute({ type: 'member', values: [`uid=ivana,${LDAP_PEOPLE}`] }),
        }),
      );
      await c.del(`uid=ivana,${LDAP_PEOPLE}`);
    });
    await eventually(async () => expect((await app.get('/api/me', { token: s.token })).status).toBe(401));
    expect((await login('ivana', 'ivana-dir-pass')).status).toBe(401);
  });

  it('a person disabled in the directory from the start never gets an account', async () => {
    const res = await login('stoyan', 'stoyan-dir-pass');
    expect(res.status).toBe(401);
    expect(await adminView('stoyan')).toBeUndefined();
  });

  it('a username with filter metacharacters matches nobody', async () => {
    for (const username of ['*)(uid=*', '*', 'ma*', 'maria)(|(uid=*']) {
      const res = await login(username, 'maria-dir-pass');
      expect({ username, status: res.status }).toEqual({ username, status: 401 });
    }
    // The real one still works (its failures above counted under other usernames).
    expect((await login('maria', 'maria-dir-pass')).status).toBe(200);
  });

  it('local accounts keep their portal password; a directory person with the same username does not take them over', async () => {
    expect((await login('admin', DEMO_PASSWORD)).status).toBe(200);
    const local = await login('servant01', DEMO_PASSWORD);
    expect(local.status).toBe(200);
    expect((await login('servant01', 'servant01-dir-pass')).status).toBe(401);
    // A directory account never signs in with a local password, even one an administrator set.
    const maria = await adminView('maria');
    expect(maria).toBeDefined();
    await app.api.patch('/api/admin/users/:id', {
      params: { id: maria!.id },
      body: { password: 'a-local-password-123' },
      token: admin.token,
    });
    expect((await login('maria', 'a-local-password-123')).status).toBe(401);
    expect((await login('maria', 'maria-dir-pass')).status).toBe(200);
  });

  it('a directory that does not answer is 503 directory_unavailable, never 401, and counts as no failure', async () => {
    await ldap.down();
    try {
      for (let i = 0; i < 4; i++) {
        const res = await login('maria', 'maria-dir-pass');
        expectError(res, 503);
        expect(res.body.code).toBe('directory_unavailable');
      }
      // Local accounts do not need the directory.
      expect((await login('admin', DEMO_PASSWORD)).status).toBe(200);
    } finally {
      await ldap.up();
    }
    // The service account refused (its password changed in the directory): 503 as well.
    const servicePassword = (value: string) =>
      ldap.admin((c) =>
        c.modify(
          LDAP_SERVICE_DN,
          new Change({ operation: 'replace', modification: new Attribute({ type: 'userPassword', values: [value] }) }),
        ),
      );
    await servicePassword('changed-by-the-directory-admin');
    try {
      const res = await login('maria', 'maria-dir-pass');
      expectError(res, 503);
      expect(res.body.code).toBe('directory_unavailable');
    } finally {
      await servicePassword(LDAP_SERVICE_PASSWORD);
    }
    expect(await audit('login_directory_unavailable', 'maria')).toHaveLength(5);
    // Five 503s counted nothing: the limit is 3.
    expect((await login('maria', 'maria-dir-pass')).status).toBe(200);
    // And the sync did not disable anyone while the directory was away.
    expect((await adminView('maria'))!.disabled).toBe(false);
  });
  it('renamed in the directory: the sync keeps the account and refreshes it; sign-in under the new username is the same person', async () => {
    const before = await adminView('maria');
    await ldap.admin(async (c) => {
      await c.modifyDN(`uid=maria,${LDAP_PEOPLE}`, `uid=maria.dimitrova`);
      await c.modify(
        `uid=maria.dimitrova,${LDAP_PEOPLE}`,
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'cn', values: ['Мария Д. Димитрова'] }),
        }),
      );
    });
    // The sync finds her by her entryUUID: refreshed (the new name), not disabled.
    await eventually(async () => expect((await adminView('maria'))?.displayName).toBe('Мария Д. Димитрова'));
    expect((await adminView('maria'))!.disabled).toBe(false);
    const res = await login('maria.dimitrova', 'maria-dir-pass');
    expectOk(res, 200);
    expect(res.body.user).toMatchObject({ id: before!.id, username: 'maria.dimitrova' });
  });
  it('a username given to someone new in the directory does not open the old account: 409 directory_account_conflict', async () => {
    const old = await adminView('georgi');
    expect(old).toBeDefined();
    await ldap.admin(async (c) => {
      await c.del(`uid=georgi,${LDAP_PEOPLE}`);
      await c.add(`uid=georgi,${LDAP_PEOPLE}`, {
        objectClass: 'inetOrgPerson',
        uid: 'georgi',
        cn: 'Георги Нов',
        sn: 'Нов',
        userPassword: 'new-georgi-pass',
      });
    });
    const res = await login('georgi', 'new-georgi-pass');
    expectError(res, 409);
    expect(res.body.code).toBe('directory_account_conflict');
    expect(await audit('directory_account_conflict', 'georgi')).toHaveLength(1);
    // The old account is untouched by the new person's sign-in.
    expect((await adminView('georgi'))!.displayName).toBe(old!.displayName);
  });
});

describe('sign-in through the directory over TLS', () => {
  let ldap: OwnLdap;
  const env = (url: string, extra: Record<string, string> = {}) => ({
    LDAP_URL: url,
    LDAP_BIND_DN: LDAP_SERVICE_DN,
    LDAP_BIND_PASSWORD: LDAP_SERVICE_PASSWORD,
    LDAP_SEARCH_BASE: LDAP_PEOPLE,
    LDAP_USER_FILTER: LDAP_TEST_FILTER,
    LDAP_TIMEOUT_SECONDS: '3',
    ...extra,
  });

  beforeAll(async () => {
    ldap = await OwnLdap.start(undefined, { tls: true });
  });
  afterAll(() => ldap?.close());

  it('ldaps:// and StartTLS with LDAP_CA_FILE sign in; a certificate nobody vouches for is 503 directory_unavailable', async () => {
    const [ldaps, startTls, untrusted] = await Promise.all([
      TestApp.start({ env: env(ldap.ldapsUrl, { LDAP_CA_FILE: ldap.caFile }) }),
      TestApp.start({ env: env(ldap.url, { LDAP_STARTTLS: 'true', LDAP_CA_FILE: ldap.caFile }) }),
      TestApp.start({ env: env(ldap.ldapsUrl) }),
    ]);
    try {
      const a = await ldaps.post('/api/auth/login', { username: 'elena', password: 'elena-dir-pass' });
      if (a.status !== 200) console.log(ldaps.output.slice(-10).join('\n'));
      expect(a.status).toBe(200);
      const b = await startTls.post('/api/auth/login', { username: 'elena', password: 'elena-dir-pass' });
      if (b.status !== 200) console.log(startTls.output.filter((l) => l.includes('irectory')).join('\n'));
      expect(b.status).toBe(200);
      const c = await untrusted.api.post('/api/auth/login', {
        body: { username: 'elena', password: 'elena-dir-pass' },
      });
      expectError(c, 503);
      expect(c.body.code).toBe('directory_unavailable');
    } finally {
      await Promise.all([ldaps.close(), startTls.close(), untrusted.close()]);
    }
  });
});
