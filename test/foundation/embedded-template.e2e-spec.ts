import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { MIGRATIONS } from '../../apps/server/src/app.module.js';
import { freshDatabase, serverUrl } from '../support/database.js';
import { SERVER_ENTRY, TestApp } from '../support/app.js';

// The embedded database only: a first start on an empty DATA_DIR copies the build's template
// (apps/server/dist/pglite-template, made by `npm run build:server`) instead of initdb and every
// migration. The template keeps the `postgres` database alone (initdb's template0 and
// template1 dropped: half the files to copy), so a folder that holds only `postgres` came from
// it. The built server is the bundle (dist/server.js), whose migration classes print
// differently from the build's: the template's key must not depend on that.
(serverUrl() ? describe.skip : describe)('a first start of the embedded database', () => {
  it('copies the build template, with the postgres database alone, and migrates nothing', async () => {
    expect(SERVER_ENTRY).toMatch(/dist\/server\.js$/);
    const db = await freshDatabase({ empty: true });
    const app = await TestApp.start({ db });
    let closed = false;
    try {
      expect((await app.get('/api/health')).status).toBe(200);
      await app.close({ keepDatabase: true });
      closed = true;
      const pglite = new PGlite(join(db.dataDir, 'pglite'), { extensions: { btree_gist } });
      try {
        const dbs = await pglite.query<{ datname: string }>('SELECT datname FROM pg_database ORDER BY datname');
        expect(dbs.rows.map((r) => r.datname)).toEqual(['postgres']);
        const done = await pglite.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migration');
        expect(done.rows[0].n).toBe(MIGRATIONS.length);
      } finally {
        await pglite.close();
      }
    } finally {
      if (!closed) await app.close({ keepDatabase: true });
      await db.drop();
    }
  }, 120_000);
});
