import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Drops the template made for this run (see test/support/database.ts). */
export default async function globalTeardown() {
  const stateFile = join(tmpdir(), `egov-test-template-${process.env.EGOV_TEST_RUN}.json`);
  if (!existsSync(stateFile)) return;
  const state = JSON.parse(readFileSync(stateFile, 'utf8'));
  if (state.kind === 'pg' && process.env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${state.template} WITH (FORCE)`).catch(() => undefined);
    await client.end();
  } else if (state.kind === 'pglite') {
    rmSync(state.template, { recursive: true, force: true });
  }
  rmSync(stateFile, { force: true });
  rmSync(`${stateFile}.lock`, { recursive: true, force: true });
}
