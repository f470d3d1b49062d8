import pg from 'pg';
import { freshDatabase, serverUrl } from '../support/database.js';
import { expectError, expectOk } from '../support/api.js';
import { TestApp } from '../support/app.js';

// Losing the database server can only be staged against a real PostgreSQL server (the
// PostgreSQL pass of CI); the embedded database lives inside the server process.
(serverUrl() ? describe : describe.skip)('losing the database for a moment', () => {
  let app: TestApp;
  let admin: pg.Client;
  let name: string;

  beforeAll(async () => {
    const db = await freshDatabase();
    name = new URL(db.databaseUrl!).pathname.slice(1);
    app = await TestApp.start({ db });
    admin = new pg.Client({ connectionString: serverUrl() });
    admin.on('error', () => undefined);
    await admin.connect();
  });
  afterAll(async () => {
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`).catch(() => undefined);
    await admin.end();
    await app.close();
  });

  it('answers 503 database_unavailable, writes nothing half, and recovers without a restart', async () => {
    const s = await app.login('admin');
    expect((await app.get('/api/health')).status).toBe(200);

    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [name]);

    const health = await app.api.get('/api/health');
    expectError(health, 503, 'database_unavailable');
    const write = await app.api.post('/api/admin/users', {
      body: {
        username: 'during.outage',
        displayName: 'По време на срива',
        password: 'outage-password-1',
        roles: ['staff'],
      },
      token: s.token,
    });
    expectError(write, 503, 'database_unavailable');

    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    let recovered = 0;
    for (let i = 0; i < 50 && recovered !== 200; i++) {
      recovered = (await app.get('/api/health')).status;
      if (recovered !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(recovered).toBe(200);
    const users = await app.api.get('/api/admin/users', { query: { q: 'during.outage' }, token: s.token });
    expectOk(users, 200);
    expect(users.body.total).toBe(0);
  });
});
