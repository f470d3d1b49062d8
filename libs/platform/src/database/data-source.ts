import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';
import { gatedPgliteDriver } from './pglite-gate.js';
import { copyPgliteTemplate, pgliteTemplateBuildKey, pgliteTemplateKey } from './pglite-template.js';

export interface DatabaseTarget {
  /** A PostgreSQL server; without it the embedded PGlite under `dataDir/pglite` is used. */
  databaseUrl?: string;
  dataDir: string;
  /**
   * The build's template of a new, migrated embedded database (`buildPgliteTemplate`):
   * copied into an empty data folder instead of initdb + migrations.
   */
  pgliteTemplateDir?: string;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type EntityList = MixedList<Function | string | EntitySchema>;
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type MigrationList = MixedList<Function | string>;

/** True when the options point at the embedded database. */
export function isEmbedded(target: DatabaseTarget): boolean {
  return !target.databaseUrl;
}

/**
 * TypeORM options for either database. Never `synchronize`: the schema comes from the
 * committed migrations only.
 */
export function dataSourceOptions(
  target: DatabaseTarget,
  entities: EntityList,
  migrations: MigrationList,
): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'schema_migration',
    // Extensions come from migrations; ids use the built-in gen_random_uuid().
    installExtensions: false,
    uuidExtension: 'pgcrypto' as const,
    logging: ['error'] as ('error' | 'warn')[],
  };
  if (target.databaseUrl) {
    return { ...common, url: target.databaseUrl, extra: { max: 20, connectionTimeoutMillis: 5000 } };
  }
  const dataDir = join(target.dataDir, 'pglite');
  mkdirSync(dataDir, { recursive: true });
  if (Array.isArray(migrations)) {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
    const classes = migrations.filter((m): m is Function => typeof m === 'function');
    if (classes.length === migrations.length) copyPgliteTemplate(target.pgliteTemplateDir, dataDir, classes);
  }
  return {
    ...common,
    // One transaction at a time in the one PGlite session (see pglite-gate.ts).
    driver: gatedPgliteDriver({ dataDir, extensions: { btree_gist }, startParams: [...PGLITE_START_PARAMS] }),
  } as DataSourceOptions;
}

/**
 * PGlite's own start parameters, and a smaller buffer cache: initdb's postgresql.conf asks for
 * 128 MB of shared buffers, which PGlite allocates and initialises inside its WebAssembly
 * memory at every start (about 0.1 s and 110 MB of the process's memory). The embedded
 * database is a small municipality's (the demo's is 11 MB); 32 MB holds it, and a block that
 * does not fit is read back from the operating system's cache.
 */
export const PGLITE_START_PARAMS: readonly string[] = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

/** Key of the advisory lock that serialises migrations and seeding across processes. */
export const SCHEMA_LOCK_KEY = 7_301_120_001;

/**
 * Runs pending migrations while holding a PostgreSQL advisory lock, so that several
 * servers starting together migrate exactly once; then runs `afterMigrate` (seeding)
 * under the same lock.
 */
export async function migrateUnderLock(
  dataSource: DataSource,
  afterMigrate?: (ds: DataSource) => Promise<void>,
): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK_KEY]);
    try {
      const done = await dataSource.runMigrations({ transaction: 'each' });
      if (afterMigrate) await afterMigrate(dataSource);
      return done.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

export async function createDataSource(options: DataSourceOptions): Promise<DataSource> {
  const ds = new DataSource(options);
  await ds.initialize();
  return ds;
}

/**
 * initdb leaves three databases: template0, template1 and postgres. PGlite's single backend only
 * ever opens `postgres`, and the portal never runs CREATE DATABASE on the embedded database, so
 * the template keeps `postgres` alone: a first start copies half the files (about 630 instead
 * of 1,230; each created file costs about a millisecond on a virtual disk). A database that
 * initdb makes at start (no template) keeps all three, and works the same.
 */
async function dropTemplateDatabases(ds: DataSource): Promise<void> {
  for (const name of ['template0', 'template1']) {
    // A template database cannot be dropped until it is no longer marked as one.
    await ds.query(`UPDATE pg_database SET datistemplate = false WHERE datname = $1`, [name]);
    await ds.query(`DROP DATABASE IF EXISTS ${name}`);
  }
  await ds.query('CHECKPOINT');
}

/**
 * Makes (or keeps, when its key still matches) the template of a new embedded database,
 * initialised and fully migrated, in `templateDir`. Written beside and renamed into place,
 * so that a server starting meanwhile sees the old template, none, or the new one.
 */
export async function buildPgliteTemplate(
  templateDir: string,
  entities: EntityList,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[],
): Promise<'current' | 'built'> {
  const buildKey = pgliteTemplateBuildKey(migrations);
  const buildKeyFile = join(templateDir, 'build-key');
  if (existsSync(buildKeyFile) && readFileSync(buildKeyFile, 'utf8').trim() === buildKey) return 'current';
  const tmp = `${templateDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const ds = new DataSource(dataSourceOptions({ dataDir: tmp }, entities, migrations));
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    await dropTemplateDatabases(ds);
  } finally {
    await ds.destroy();
  }
  writeFileSync(join(tmp, 'key'), `${pgliteTemplateKey(migrations)}\n`);
  writeFileSync(join(tmp, 'build-key'), `${buildKey}\n`);
  rmSync(templateDir, { recursive: true, force: true });
  renameSync(tmp, templateDir);
  return 'built';
}
