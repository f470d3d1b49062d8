import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSource } from 'typeorm';
import { packBackup } from './archive.js';

/** A way to run SQL: rows back. */
export type Sql = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** Folders under DATA_DIR whose files a backup holds (content-addressed: named by SHA-256). */
export const STORED_FOLDERS = ['materials'];

/** The migration ledger: not copied as rows; the manifest holds the level and a restore rebuilds it. */
export const MIGRATION_TABLE = 'schema_migration';

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The application's version, from the repository's package.json. */
export function appVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++, dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'egov-box') return pkg.version ?? '0.0.0';
  }
  return '0.0.0';
}

/** Tables of schema public (base tables), by name. */
export async function publicTables(sql: Sql): Promise<string[]> {
  const rows = await sql(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((r) => String(r.table_name));
}

export async function publicSequences(sql: Sql): Promise<string[]> {
  const rows = await sql(
    `SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public' ORDER BY sequence_name`,
  );
  return rows.map((r) => String(r.sequence_name));
}

/**
 * Reads every table (rows as `to_jsonb`, one a line), the sequences and the migration level,
 * with `sql` inside one snapshot (the caller's REPEATABLE READ READ ONLY transaction).
 */
export async function dumpDatabase(sql: Sql): Promise<{ migrations: string[]; parts: Map<string, Buffer> }> {
  const parts = new Map<string, Buffer>();
  const tables = await publicTables(sql);
  if (!tables.includes(MIGRATION_TABLE)) throw new Error('the database has no schema (no migrations applied)');
  const migrations = (await sql(`SELECT name FROM ${MIGRATION_TABLE} ORDER BY timestamp, id`)).map((r) =>
    String(r.name),
  );
  for (const t of tables) {
    if (t === MIGRATION_TABLE) continue;
    const rows = await sql(`SELECT to_jsonb(x)::text AS r FROM ${q(t)} x`);
    parts.set(`db/${t}.jsonl`, Buffer.from(rows.map((r) => `${String(r.r)}\n`).join('')));
  }
  const sequences: Record<string, { lastValue: string; isCalled: boolean }> = {};
  for (const s of await publicSequences(sql)) {
    const [row] = await sql(`SELECT last_value::text AS v, is_called AS c FROM ${q(s)}`);
    sequences[s] = { lastValue: String(row!.v), isCalled: Boolean(row!.c) };
  }
  parts.set('db/sequences.json', Buffer.from(JSON.stringify(sequences) + '\n'));
  return { migrations, parts };
}

/** The stored files under DATA_DIR (only content-addressed names; temporary files are not). */
export function readStoredFiles(dataDir: string): Map<string, Buffer> {
  const parts = new Map<string, Buffer>();
  for (const folder of STORED_FOLDERS) {
    const dir = join(dataDir, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (/^[0-9a-f]{64}$/.test(name)) parts.set(`files/${folder}/${name}`, readFileSync(join(dir, name)));
    }
  }
  return parts;
}

/**
 * Runs `fn` in one consistent, read-only snapshot of the data source's database. On the
 * embedded database the transaction holds the one PGlite session (pglite-gate.ts): the running
 * server's statements wait for it instead of joining it.
 */
export async function inSnapshot<T>(ds: DataSource, fn: (sql: Sql) => Promise<T>): Promise<T> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const out = await fn((text, params) => runner.query(text, params) as Promise<Record<string, unknown>[]>);
      await runner.query('COMMIT');
      return out;
    } catch (err) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  } finally {
    await runner.release();
  }
}

/**
 * A whole backup of a portal: its database (read in one snapshot) and its stored files, as
 * a .tar.gz with a manifest. Files are read after the snapshot: they are content-addressed
 * and never removed, so every file the snapshot's rows name is there.
 */
export async function createBackup(ds: DataSource, options: { embedded: boolean; dataDir: string }): Promise<Buffer> {
  const createdAt = new Date().toISOString();
  const { migrations, parts } = await inSnapshot(ds, dumpDatabase);
  for (const [name, data] of readStoredFiles(options.dataDir)) parts.set(name, data);
  return packBackup(
    { appVersion: appVersion(), migrations, createdAt, source: options.embedded ? 'embedded' : 'postgresql' },
    parts,
  );
}
