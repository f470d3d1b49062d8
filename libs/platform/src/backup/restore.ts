import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, MigrationExecutor, type QueryRunner } from 'typeorm';
import { dataSourceOptions, type DatabaseTarget } from '../database/data-source.js';
import { BackupError, openBackup, type OpenedBackup } from './archive.js';
import { MIGRATION_TABLE, STORED_FOLDERS, publicSequences, publicTables } from './backup.js';
import { lockHolder } from './lock.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type MigrationClass = Function;

interface ExecutorMigration {
  name: string;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const BATCH = 500;

function nonEmptyDir(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).length > 0;
}

/**
 * Refuses a target that is not empty: an embedded data folder with a database (or in use), or
 * stored files under DATA_DIR; with `runner`, after connecting, a database with any table in
 * schema public.
 */
async function checkEmptyTarget(target: DatabaseTarget, runner?: QueryRunner): Promise<void> {
  if (runner) {
    const tables = await publicTables((sql, params) => runner.query(sql, params));
    if (tables.length)
      throw new BackupError(
        `the database already has tables (${tables.slice(0, 3).join(', ')}${tables.length > 3 ? ', …' : ''}); restore needs an empty database`,
      );
    return;
  }
  if (!target.databaseUrl) {
    const holder = lockHolder(target.dataDir);
    if (holder)
      throw new BackupError(
        `the embedded database in ${target.dataDir} is in use by a running server (pid ${holder}); stop it first`,
      );
    if (nonEmptyDir(join(target.dataDir, 'pglite')))
      throw new BackupError(`the data folder ${target.dataDir} already holds a database; restore needs an empty one`);
  }
  for (const folder of STORED_FOLDERS) {
    if (nonEmptyDir(join(target.dataDir, folder)))
      throw new BackupError(`${join(target.dataDir, folder)} already holds files; restore needs an empty data folder`);
  }
}

/** Loads the backup's rows into the (migrated to the backup's level) tables, triggers off. */
async function loadRows(runner: QueryRunner, backup: OpenedBackup): Promise<void> {
  const sql = (text: string, params?: unknown[]) => runner.query(text, params) as Promise<Record<string, unknown>[]>;
  const tables = (await publicTables(sql)).filter((t) => t !== MIGRATION_TABLE);
  const dumped = [...backup.parts.keys()]
    .filter((n) => n.startsWith('db/') && n.endsWith('.jsonl'))
    .map((n) => n.slice(3, -6));
  const unknown = dumped.filter((t) => !tables.includes(t));
  if (unknown.length) throw new BackupError(`the backup holds tables this schema does not have: ${unknown.join(', ')}`);
  await runner.query('SET LOCAL session_replication_role = replica');
  // Rows a migration wrote (defaults) give way to the backup's.
  if (tables.length) await runner.query(`TRUNCATE ${tables.map(q).join(', ')}`);
  for (const t of dumped) {
    const cols = (
      await sql(
        `SELECT column_name FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
        [t],
      )
    ).map((r) => q(String(r.column_name)));
    const list = cols.join(', ');
    const lines = backup.parts
      .get(`db/${t}.jsonl`)!
      .toString('utf8')
      .split('\n')
      .filter((l) => l.length > 0);
    for (let i = 0; i < lines.length; i += BATCH) {
      await runner.query(
        `INSERT INTO ${q(t)} (${list}) OVERRIDING SYSTEM VALUE
         SELECT ${list} FROM jsonb_populate_recordset(NULL::${q(t)}, $1::jsonb)`,
        [`[${lines.slice(i, i + BATCH).join(',')}]`],
      );
    }
  }
  const sequences = JSON.parse(backup.parts.get('db/sequences.json')?.toString('utf8') ?? '{}') as Record<
    string,
    { lastValue: string; isCalled: boolean }
  >;
  const present = await publicSequences(sql);
  for (const [name, { lastValue, isCalled }] of Object.entries(sequences)) {
    if (!present.includes(name)) throw new BackupError(`the backup's sequence ${name} is not in this schema`);
    await runner.query('SELECT setval($1::regclass, $2::bigint, $3)', [q(name), lastValue, isCalled]);
  }
  await runner.query('SET LOCAL session_replication_role = origin');
}

/** Writes the stored files into a folder beside each target folder, then renames it into place. */
function writeFiles(dataDir: string, backup: OpenedBackup): string[] {
  const made: string[] = [];
  for (const folder of STORED_FOLDERS) {
    const prefix = `files/${folder}/`;
    const files = [...backup.parts].filter(([n]) => n.startsWith(prefix));
    if (!files.length) continue;
    const dest = join(dataDir, folder);
    const tmp = join(dataDir, `.${folder}.restore-${process.pid}`);
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    made.push(tmp);
    for (const [name, data] of files) writeFileSync(join(tmp, name.slice(prefix.length)), data);
    rmSync(dest, { recursive: true, force: true }); // empty (checked before)
    renameSync(tmp, dest);
    made.push(dest);
  }
  return made;
}

export interface RestoreResult {
  tables: number;
  rows: number;
  files: number;
  /** Migrations this build ran after the backup's rows were loaded. */
  migrated: string[];
}

/**
 * Restores a backup file into an empty target (the database of `target.databaseUrl`, or the
 * embedded one under `target.dataDir`; the stored files under `target.dataDir`).
 *
 * Everything is checked before anything is written (every part's SHA-256, the migration level
 * against `migrations`, the target empty). Then, in one transaction: this build's migrations
 * up to the backup's level, the rows (triggers off), the sequences, the remaining migrations.
 * Any failure rolls it back and removes what the restore made (the embedded data folder it
 * created, the files it wrote).
 */
export async function restoreBackup(
  file: Buffer,
  target: DatabaseTarget,
  migrations: MigrationClass[],
  options: { pgliteTemplateDir?: string } = {},
): Promise<RestoreResult> {
  const backup = await openBackup(
    file,
    migrations.map((m) => m.name),
  );
  await checkEmptyTarget(target);
  const pgliteDir = join(target.dataDir, 'pglite');
  const madeDataDir = !existsSync(target.dataDir);
  const madePglite = !target.databaseUrl && !nonEmptyDir(pgliteDir);
  const made: string[] = [];
  let ds: DataSource | undefined;
  try {
    // A backup at this build's level starts from the build's migrated template of an embedded
    // database (when there is one) instead of initdb + every migration.
    const template = madePglite && backup.level === migrations.length ? options.pgliteTemplateDir : undefined;
    ds = new DataSource(
      dataSourceOptions(
        { databaseUrl: target.databaseUrl, dataDir: target.dataDir, pgliteTemplateDir: template },
        [],
        migrations,
      ),
    );
    await ds.initialize();
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      // An embedded folder that was empty holds only what this restore made (maybe the template).
      if (!madePglite) await checkEmptyTarget(target, runner);
      const executor = new MigrationExecutor(ds, runner);
      executor.transaction = 'none';
      const all = (executor as unknown as { getMigrations(): ExecutorMigration[] }).getMigrations();
      const done = new Set((await executor.getExecutedMigrations()).map((m) => m.name));
      const run = async (list: ExecutorMigration[]) => {
        for (const m of list) if (!done.has(m.name)) await executor.executeMigration(m as never);
      };
      await runner.query('BEGIN');
      try {
        await run(all.slice(0, backup.level));
        await loadRows(runner, backup);
        const later = all.slice(backup.level);
        await run(later);
        made.push(...writeFiles(target.dataDir, backup));
        await runner.query('COMMIT');
        const rowCount = [...backup.parts]
          .filter(([n]) => n.endsWith('.jsonl'))
          .reduce((sum, [, d]) => sum + d.toString('utf8').split('\n').filter(Boolean).length, 0);
        return {
          tables: [...backup.parts.keys()].filter((n) => n.endsWith('.jsonl')).length,
          rows: rowCount,
          files: [...backup.parts.keys()].filter((n) => n.startsWith('files/')).length,
          migrated: later.map((m) => m.name),
        };
      } catch (err) {
        await runner.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    } finally {
      await runner.release();
    }
  } catch (err) {
    for (const path of made) rmSync(path, { recursive: true, force: true });
    if (ds?.isInitialized) await ds.destroy().catch(() => undefined);
    ds = undefined;
    if (madePglite) rmSync(pgliteDir, { recursive: true, force: true });
    if (madeDataDir) rmSync(target.dataDir, { recursive: true, force: true });
    throw err;
  } finally {
    if (ds?.isInitialized) await ds.destroy();
  }
}
