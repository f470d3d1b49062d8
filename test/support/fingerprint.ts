import { join } from 'node:path';
import pg from 'pg';
import type { TestDatabase } from './database.js';
import { TestApp } from './app.js';

/**
 * A cheap fingerprint of a whole database: per table, the row count and an md5 of its rows
 * (as JSON, sorted). Left out: tables and columns that legitimately change while a test
 * only reads or is refused — the append-only audit log, sessions (refresh tokens, last use),
 * the migration ledger, the record of the daily retention run (any server may claim the day).
 */
export const VOLATILE_TABLES = ['audit_event', 'refresh_session', 'schema_migration', 'retention_run'];
export const VOLATILE_COLUMNS = ['last_used_at', 'last_seen_at'];

export type Fingerprint = Record<string, string>;

interface Queryable {
  query(sql: string): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface FingerprintOptions {
  /** Every table and column, the volatile ones too (a backup and its restore must agree on all). */
  everyTable?: boolean;
}

async function compute(db: Queryable, options: FingerprintOptions = {}): Promise<Fingerprint> {
  const tables = (
    await db.query(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    )
  ).rows
    .map((r) => String(r.table_name))
    .filter((t) => options.everyTable || !VOLATILE_TABLES.includes(t));
  if (tables.length === 0) throw new Error('fingerprint: no tables (wrong database?)');
  const drop = options.everyTable ? '' : VOLATILE_COLUMNS.map((c) => ` - '${c}'`).join('');
  const parts = tables.map(
    (t) =>
      `SELECT '${t}' AS t, count(*)::text || ':' || coalesce(md5(string_agg(r, '|' ORDER BY r)), '-') AS f
         FROM (SELECT (to_jsonb(x)${drop})::text AS r FROM "${t}" x) s`,
  );
  const rows = (await db.query(parts.join(' UNION ALL '))).rows;
  return Object.fromEntries(rows.map((r) => [String(r.t), String(r.f)]));
}

/** True when the fingerprint can be taken while the server runs (a PostgreSQL server). */
export function liveFingerprint(db: TestDatabase): boolean {
  return db.databaseUrl !== undefined;
}

/**
 * Runs `work` with a connection to `db`: on PostgreSQL any time; on the embedded database only
 * while no server process has it open (stop the server first, see `withServerStopped`).
 */
export async function withConnection<T>(
  db: Pick<TestDatabase, 'databaseUrl' | 'dataDir'>,
  work: (db: Queryable) => Promise<T>,
): Promise<T> {
  if (db.databaseUrl) {
    const client = new pg.Client({ connectionString: db.databaseUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist');
  const lite = await PGlite.create(join(db.dataDir, 'pglite'), { extensions: { btree_gist } });
  try {
    return await work(lite as unknown as Queryable);
  } finally {
    await lite.close();
  }
}

/** The rows of one SQL statement on `db` (see `withConnection` for when). */
export function queryDatabase<T = Record<string, unknown>>(
  db: Pick<TestDatabase, 'databaseUrl' | 'dataDir'>,
  sql: string,
): Promise<T[]> {
  return withConnection(db, async (q) => (await q.query(sql)).rows as T[]);
}

/** The fingerprint of `db` (see `withConnection` for when it can be taken). */
export function fingerprint(
  db: Pick<TestDatabase, 'databaseUrl' | 'dataDir'>,
  options: FingerprintOptions = {},
): Promise<Fingerprint> {
  return withConnection(db, (q) => compute(q, options));
}

/** Tables whose fingerprint differs (with before → after), for a readable failure. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names.filter((n) => before[n] !== after[n]).map((n) => `${n}: ${before[n]} -> ${after[n]}`);
}

/**
 * Stops the server (gracefully, or killed with `signal`), keeping its database, and starts it
 * again with the same settings (same secret: tokens stay valid).
 */
export async function restart(
  app: TestApp,
  options: { signal?: NodeJS.Signals; env?: Record<string, string | undefined> } = {},
): Promise<TestApp> {
  await app.close({ keepDatabase: true, signal: options.signal });
  const env = { ...app.env, ...options.env };
  return TestApp.start({ db: app.db, env });
}

/**
 * The fingerprint of the app's database, taken live on PostgreSQL, or on the embedded
 * database by stopping the server, reading, and starting it again (same secret: tokens
 * stay valid). Returns the app to use afterwards.
 */
export async function snapshot(app: TestApp): Promise<{ app: TestApp; print: Fingerprint }> {
  if (liveFingerprint(app.db)) return { app, print: await fingerprint(app.db) };
  await app.close({ keepDatabase: true });
  const print = await fingerprint(app.db);
  return { app: await TestApp.start({ db: app.db, env: app.env }), print };
}
