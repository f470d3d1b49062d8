import pg from 'pg';
import type { DataSource } from 'typeorm';
import { migrateUnderLock } from '../../libs/platform/src/index.js';
import { MIGRATIONS } from '../../apps/server/src/app.module.js';
import { emptyDataSource, freshDatabase, serverUrl } from '../support/database.js';
import { TestApp } from '../support/app.js';
import { refusedConstraints } from '../support/source-scan.js';

describe('database schema', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  // Every migration on an empty database: a few seconds alone, over a minute on a busy machine.
  beforeAll(async () => {
    ({ ds, close } = await emptyDataSource());
  }, 180_000);
  afterAll(() => close?.());

  it('the first migration creates btree_gist, and migrations are idempotent', async () => {
    const applied = await migrateUnderLock(ds);
    expect(applied).toHaveLength(MIGRATIONS.length);
    expect(applied[0]).toMatch(/^Foundation/);
    const ext = await ds.query(`SELECT extname FROM pg_extension WHERE extname = 'btree_gist'`);
    expect(ext).toHaveLength(1);
    expect(await migrateUnderLock(ds)).toEqual([]);
    const rows = await ds.query(`SELECT name FROM schema_migration`);
    expect(rows).toHaveLength(MIGRATIONS.length);
  });

  // The embedded database's buffer cache (PGLITE_START_PARAMS): 32 MB instead of initdb's 128 MB,
  // which PGlite allocated and initialised at every start. PostgreSQL's is its server's own.
  (serverUrl() ? it.skip : it)('the embedded database starts with 32 MB of shared buffers', async () => {
    const [row] = await ds.query(`SHOW shared_buffers`);
    expect(row.shared_buffers).toBe('32MB');
  });

  it('entities and migrations do not drift: the schema builder wants no change', async () => {
    const sql = await ds.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('every constraint a repository turns into a feature error exists in the schema', async () => {
    await migrateUnderLock(ds);
    const named = refusedConstraints();
    expect(named.map((n) => n.name)).toEqual(
      expect.arrayContaining(['UQ_knock_pending', 'EXC_person_busy_overlap', 'UQ_council_vote_one_open']),
    );
    const rows: { name: string }[] = await ds.query(
      `SELECT conname AS name FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public'
       UNION SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'i'`,
    );
    const existing = new Set(rows.map((r) => r.name));
    expect(named.filter((n) => !existing.has(n.name))).toEqual([]);
  });

  it('no entity or migration uses synchronize', () => {
    expect(ds.options.synchronize).toBe(false);
    expect(ds.options.migrationsRun).toBe(false);
  });
});

// Two servers sharing one database need a database server: this part runs in the
// PostgreSQL pass of CI (DATABASE_URL set); PGlite is single-process by design.
(serverUrl() ? describe : describe.skip)('two servers booting at once on one PostgreSQL', () => {
  it('migrate and seed exactly once', async () => {
    const db = await freshDatabase({ empty: true });
    const env = { SEED_DEMO: 'true', JWT_SECRET: 'shared-secret-of-both-servers-0123456789' };
    const [a, b] = [TestApp.spawn(db, TestApp.environment(db, env)), TestApp.spawn(db, TestApp.environment(db, env))];
    try {
      await Promise.all([a.ready(60_000), b.ready(60_000)]);
      expect((await a.get('/api/health')).status).toBe(200);
      expect((await b.get('/api/health')).status).toBe(200);
      const client = new pg.Client({ connectionString: db.databaseUrl });
      client.on('error', () => undefined);
      await client.connect();
      try {
        const migrations = await client.query('SELECT name, count(*)::int AS n FROM schema_migration GROUP BY name');
        expect(migrations.rows).toHaveLength(MIGRATIONS.length);
        expect(migrations.rows.every((r) => r.n === 1)).toBe(true);
        const users = await client.query('SELECT count(*)::int AS n FROM app_user');
        expect(users.rows[0].n).toBe(73);
        const halls = await client.query(`SELECT count(*)::int AS n FROM space WHERE kind IN ('hall', 'chamber')`);
        expect(halls.rows[0].n).toBe(3);
      } finally {
        await client.end();
      }
      // A session made on one server is honoured by the other (shared secret and database).
      const s = await a.login('servant01');
      expect((await b.get('/api/me', { token: s.token })).status).toBe(200);
    } finally {
      await a.close({ keepDatabase: true });
      await b.close();
    }
  });
});
