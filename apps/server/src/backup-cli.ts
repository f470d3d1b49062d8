import 'reflect-metadata';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import {
  AppConfig,
  BackupError,
  ConfigError,
  createBackup,
  dataSourceOptions,
  lockHolder,
  restoreBackup,
} from '@egov-box/platform';
import { MIGRATIONS } from './migrations/index.js';
import { PGLITE_TEMPLATE_DIR } from './pglite-template.js';

/**
 * `npm run backup -- --to FILE` and `npm run restore -- --from FILE`: a backup of the portal
 * the server's settings name (DATABASE_URL, or the embedded database under DATA_DIR; the
 * stored files under DATA_DIR), or a restore into an empty one.
 *
 * Exit codes: 0 done; 2 wrong arguments; 3 refused (in use, not empty, damaged, newer);
 * 78 bad configuration; 1 anything else.
 */
const USAGE = `usage: npm run backup -- --to FILE
       npm run restore -- --from FILE
(settings as the server's: DATABASE_URL, or the embedded database under DATA_DIR)`;

class Refused extends Error {}

export function parseArgs(argv: string[]): { command: 'backup' | 'restore'; file: string } | undefined {
  const [command, ...rest] = argv;
  const flag = command === 'backup' ? '--to' : command === 'restore' ? '--from' : undefined;
  if (!flag) return undefined;
  let file: string | undefined;
  if (rest.length === 2 && rest[0] === flag) file = rest[1];
  else if (rest.length === 1 && rest[0]!.startsWith(`${flag}=`)) file = rest[0]!.slice(flag.length + 1);
  if (!file) return undefined;
  return { command, file: resolve(file) } as { command: 'backup' | 'restore'; file: string };
}

async function backup(config: AppConfig, file: string): Promise<string> {
  if (existsSync(file)) throw new Refused(`${file} already exists; give a new file name`);
  const embedded = !config.databaseUrl;
  if (embedded) {
    const holder = lockHolder(config.dataDir);
    if (holder)
      throw new Refused(
        `the embedded database in ${config.dataDir} is in use by a running server (pid ${holder}): ` +
          'stop it, or take the backup through the running server (POST /api/admin/backup)',
      );
    if (!existsSync(join(config.dataDir, 'pglite', 'PG_VERSION')))
      throw new Refused(`there is no embedded database in ${config.dataDir}`);
  }
  const ds = new DataSource(dataSourceOptions({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, [], []));
  await ds.initialize();
  let data: Buffer;
  try {
    data = await createBackup(ds, { embedded, dataDir: config.dataDir });
  } finally {
    await ds.destroy();
  }
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
  return `backup written: ${file} (${data.length} bytes)`;
}

async function restore(config: AppConfig, file: string): Promise<string> {
  if (!existsSync(file)) throw new Refused(`${file} does not exist`);
  const result = await restoreBackup(
    readFileSync(file),
    { databaseUrl: config.databaseUrl, dataDir: config.dataDir },
    MIGRATIONS,
    { pgliteTemplateDir: PGLITE_TEMPLATE_DIR },
  );
  const where = config.databaseUrl ? 'the PostgreSQL database of DATABASE_URL' : `${config.dataDir}`;
  return (
    `restored into ${where}: ${result.tables} tables, ${result.rows} rows, ${result.files} files` +
    (result.migrated.length ? `; then migrated: ${result.migrated.join(', ')}` : '')
  );
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args) {
    console.error(USAGE);
    return 2;
  }
  let config: AppConfig;
  try {
    config = AppConfig.fromEnv(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 78;
    }
    throw err;
  }
  try {
    console.log(args.command === 'backup' ? await backup(config, args.file) : await restore(config, args.file));
    return 0;
  } catch (err) {
    if (err instanceof Refused || err instanceof BackupError) {
      console.error(`${args.command} refused: ${err.message}`);
      return 3;
    }
    console.error(`${args.command} failed:`, err);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
