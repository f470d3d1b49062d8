import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Migration = Function;

function pgliteVersion(): string {
  try {
    let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    for (let i = 0; i < 5; i++, dir = dirname(dir)) {
      const file = join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite') return pkg.version ?? 'unknown';
    }
  } catch {
    // fall through
  }
  return 'unknown';
}

/**
 * What a template must match to stand in for "initdb + these migrations" when a server copies
 * it (`key`): the PGlite version, the template's form and the migrations' names, in order.
 * Not their code: the server that copies may be the bundle (dist/server.js), whose classes
 * print differently from tsc's output that the build ran.
 */
export function pgliteTemplateKey(migrations: Migration[]): string {
  return templateHash(migrations, false);
}

/**
 * What the build checks before it makes the template again (`build-key`): the same and the
 * migrations' code, so that a migration changed under the same name makes a new template.
 */
export function pgliteTemplateBuildKey(migrations: Migration[]): string {
  return templateHash(migrations, true);
}

function templateHash(migrations: Migration[], withCode: boolean): string {
  // `postgres-only`: the template's form (bumped when what the build leaves in it changes).
  const hash = createHash('sha256').update(`pglite ${pgliteVersion()}\0postgres-only\0`);
  for (const m of migrations) hash.update(withCode ? `${m.name}\0${m.toString()}\0` : `${m.name}\0`);
  return hash.digest('hex').slice(0, 24);
}

/**
 * A first start of the embedded database spends most of its time in PGlite's initdb
 * (WebAssembly, several seconds) and in the migrations. The build makes both once, into
 * `templateDir` (`pglite/`, a data folder, and `key`, what it was made for;
 * `buildPgliteTemplate`); a first start on an empty
 * data folder copies it instead. Returns whether it did. Anything amiss (no template, an
 * older key, a data folder already there) leaves the normal path: initdb and migrate.
 */
export function copyPgliteTemplate(templateDir: string | undefined, dataDir: string, migrations: Migration[]): boolean {
  if (!templateDir || existsSync(join(dataDir, 'PG_VERSION'))) return false;
  const keyFile = join(templateDir, 'key');
  const data = join(templateDir, 'pglite');
  if (!existsSync(keyFile) || !existsSync(join(data, 'PG_VERSION'))) return false;
  if (readFileSync(keyFile, 'utf8').trim() !== pgliteTemplateKey(migrations)) return false;
  cpSync(data, dataDir, { recursive: true });
  return true;
}
