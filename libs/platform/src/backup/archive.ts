import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer as readAll } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { createGunzip, gzipSync } from 'node:zlib';
import tar from 'tar-stream';

/**
 * The backup file: a gzip'd tar of `manifest.json` (first) and the parts it lists —
 * `db/<table>.jsonl` (one row a line, as `to_jsonb`), `db/sequences.json` and
 * `files/<folder>/<name>` (stored files under DATA_DIR). Pure: no database, no disk.
 */
export const BACKUP_FORMAT = 1;

export interface BackupManifest {
  format: number;
  /** The application's version (package.json) that wrote the backup. */
  appVersion: string;
  /** Names of the applied migrations, oldest first: the schema the rows belong to. */
  migrations: string[];
  createdAt: string;
  /** `embedded` or `postgresql`: where it was taken (information only). */
  source: string;
  parts: Record<string, { sha256: string; size: number }>;
}

/** A backup that cannot be restored (damaged, too new, wrong target): the message says why. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

const PART_NAME = /^(db\/[a-z_][a-z0-9_]*\.jsonl|db\/sequences\.json|files\/[a-z_]+\/[0-9a-f]{64})$/;

/** Packs the parts with their manifest (written first) into a .tar.gz. */
export async function packBackup(
  meta: Omit<BackupManifest, 'parts' | 'format'>,
  parts: Map<string, Buffer>,
): Promise<Buffer> {
  const manifest: BackupManifest = { format: BACKUP_FORMAT, ...meta, parts: {} };
  for (const [name, data] of parts) {
    if (!PART_NAME.test(name)) throw new Error(`backup: unexpected part name ${name}`);
    manifest.parts[name] = { sha256: sha256(data), size: data.length };
  }
  const pack = tar.pack();
  const done = readAll(pack);
  const mtime = new Date(meta.createdAt);
  pack.entry({ name: 'manifest.json', mtime, mode: 0o600 }, Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
  for (const [name, data] of parts) pack.entry({ name, mtime, mode: 0o600 }, data);
  pack.finalize();
  return gzipSync(await done);
}

/** Reads every entry of a .tar.gz into memory; a file that is not one is refused. */
async function entries(file: Buffer): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const extract = tar.extract();
  const reading = (async () => {
    for await (const entry of extract) {
      const data = await readAll(entry);
      if (entry.header.type !== 'file') continue;
      if (out.has(entry.header.name)) throw new BackupError(`the backup holds ${entry.header.name} twice`);
      out.set(entry.header.name, data);
    }
  })();
  try {
    await Promise.all([pipeline(Readable.from([file]), createGunzip(), extract), reading]);
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`the file is not a readable backup (damaged or not a .tar.gz): ${(err as Error).message}`);
  }
  return out;
}

/**
 * Checks a manifest against this build: a known format, and a migration level this build
 * has (the backup's migrations are the first ones of `known`, in order). Returns how many
 * of `known` the backup's schema has.
 */
export function checkManifest(manifest: unknown, known: string[]): number {
  const m = manifest as Partial<BackupManifest> | null;
  if (!m || typeof m !== 'object' || typeof m.format !== 'number' || !Array.isArray(m.migrations) || !m.parts)
    throw new BackupError('the backup has no valid manifest.json');
  if (m.format > BACKUP_FORMAT)
    throw new BackupError(`the backup's format (${m.format}) is newer than this version reads (${BACKUP_FORMAT})`);
  const level = m.migrations;
  const newer = level.filter((name) => !known.includes(name));
  if (newer.length)
    throw new BackupError(
      `the backup comes from a newer version (${m.appVersion ?? 'unknown'}): this version does not have its migrations ${newer.join(', ')}; restore it with that version or a later one`,
    );
  if (level.some((name, i) => known[i] !== name))
    throw new BackupError("the backup's migrations are not in this version's order; it cannot be restored here");
  return level.length;
}

export interface OpenedBackup {
  manifest: BackupManifest;
  /** How many of this build's migrations the backup's schema has. */
  level: number;
  parts: Map<string, Buffer>;
}

/**
 * Opens a backup file and verifies it completely before anything is written: the manifest,
 * the migration level against `knownMigrations`, and every part's size and SHA-256 (no
 * part missing, none extra).
 */
export async function openBackup(file: Buffer, knownMigrations: string[]): Promise<OpenedBackup> {
  const all = await entries(file);
  const raw = all.get('manifest.json');
  if (!raw) throw new BackupError('the file has no manifest.json: not an eGov Box backup');
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(raw.toString('utf8')) as BackupManifest;
  } catch {
    throw new BackupError('the backup has no valid manifest.json');
  }
  const level = checkManifest(manifest, knownMigrations);
  all.delete('manifest.json');
  for (const [name, { sha256: want, size }] of Object.entries(manifest.parts)) {
    const data = all.get(name);
    if (!data) throw new BackupError(`the backup is damaged: ${name} is missing`);
    if (data.length !== size || sha256(data) !== want)
      throw new BackupError(`the backup is damaged: ${name} does not match its SHA-256 in the manifest`);
    if (!PART_NAME.test(name)) throw new BackupError(`the backup holds an unexpected part ${name}`);
  }
  const extra = [...all.keys()].filter((n) => !(n in manifest.parts));
  if (extra.length) throw new BackupError(`the backup holds parts its manifest does not list: ${extra.join(', ')}`);
  return { manifest, level, parts: all };
}
