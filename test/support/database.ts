import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrateUnderLock } from '../../libs/platform/src/index.js';
import { seedDemoMunicipality } from '../../libs/directory/src/index.js';
import { seedDemoCouncil } from '../../libs/council/src/bodies.service.js';
import { ENTITIES, MIGRATIONS } from '../../apps/server/src/app.module.js';

/**
 * Test databases. Every test file gets a database of its own, cloned from a template
 * that global setup migrated and seeded once: on PostgreSQL (DATABASE_URL set) with
 * CREATE DATABASE … TEMPLATE, on the embedded PGlite by copying its data folder.
 */
export const DEMO_PASSWORD = 'egovbox-demo';
const STATE_FILE = join(tmpdir(), `egov-test-template-${process.env.EGOV_TEST_RUN ?? 'local'}.json`);

interface TemplateState {
  kind: 'pg' | 'pglite';
  /** PostgreSQL: template database name; PGlite: template data dir. */
  template: string;
}

export function serverUrl(): string | undefined {
  return process.env.DATABASE_URL || undefined;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Migrates (and optionally seeds) a database given by URL or data dir. */
export async function migrateAndSeed(target: { databaseUrl?: string; dataDir: string }, seed = true): Promise<void> {
  const ds = new DataSource(dataSourceOptions(target, ENTITIES, MIGRATIONS));
  await ds.initialize();
  try {
    await migrateUnderLock(
      ds,
      seed
        ? async (d) => {
            if (await seedDemoMunicipality(d, DEMO_PASSWORD)) await seedDemoCouncil(d);
          }
        : undefined,
    );
  } finally {
    await ds.destroy();
  }
}

/**
 * Makes the run's template once: the first test file to need it takes a lock
 * (an atomic mkdir), the others wait for the state file.
 */
async function ensureTemplate(): Promise<TemplateState> {
  const lock = `${STATE_FILE}.lock`;
  for (let waited = 0; !existsSync(STATE_FILE); waited += 100) {
    try {
      mkdirSync(lock);
    } catch {
      if (waited > 120_000) throw new Error('timed out waiting for the test template database');
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    await prepareTemplate();
  }
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as TemplateState;
}

async function prepareTemplate(): Promise<void> {
  const url = serverUrl();
  if (url) {
    const name = `egov_template_${randomBytes(4).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    await migrateAndSeed({ databaseUrl: withDatabase(url, name), dataDir: tmpdir() });
    writeFileSync(STATE_FILE, JSON.stringify({ kind: 'pg', template: name } satisfies TemplateState));
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'egov-template-'));
    await migrateAndSeed({ dataDir: dir });
    writeFileSync(STATE_FILE, JSON.stringify({ kind: 'pglite', template: dir } satisfies TemplateState));
  }
}

export interface TestDatabase {
  databaseUrl?: string;
  dataDir: string;
  drop(): Promise<void>;
}

/**
 * A fresh database for one test file: seeded with the demo municipality unless
 * `empty` is set (then it has no schema at all).
 */
export async function freshDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'egov-test-'));
  const url = serverUrl();
  if (url) {
    const name = `egov_test_${randomBytes(6).toString('hex')}`;
    if (options.empty) {
      await adminQuery(`CREATE DATABASE ${name}`);
    } else {
      const state = await ensureTemplate();
      await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${state.template}`);
    }
    return {
      databaseUrl: withDatabase(url, name),
      dataDir,
      drop: async () => {
        await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  if (!options.empty) {
    const state = await ensureTemplate();
    cpSync(join(state.template, 'pglite'), join(dataDir, 'pglite'), { recursive: true });
  }
  return { dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

/**
 * A TypeORM data source of this process on a fresh, empty database, for tests that look
 * at the schema itself; `migrate` runs the migrations first. `close()` also drops it.
 */
export async function emptyDataSource(
  options: { migrate?: boolean } = {},
): Promise<{ ds: DataSource; db: TestDatabase; close(): Promise<void> }> {
  const db = await freshDatabase({ empty: true });
  const ds = new DataSource(dataSourceOptions(db, ENTITIES, MIGRATIONS));
  await ds.initialize();
  if (options.migrate) await migrateUnderLock(ds);
  return {
    ds,
    db,
    close: async () => {
      await ds.destroy();
      await db.drop();
    },
  };
}
