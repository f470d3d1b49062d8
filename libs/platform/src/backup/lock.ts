import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The embedded database (PGlite) is one process: while a server has `DATA_DIR/pglite` open,
 * nothing else may open it. The server writes its pid to this file at start and removes it
 * when it exits; the backup command refuses a folder whose lock names a live process.
 */
export const lockFile = (dataDir: string): string => join(dataDir, 'pglite.lock');

export function writeEmbeddedLock(dataDir: string): void {
  writeFileSync(lockFile(dataDir), `${process.pid}\n`);
}

/** Removes the lock if it is this process's own (never another server's). */
export function removeEmbeddedLock(dataDir: string): void {
  if (lockHolder(dataDir) === process.pid) rmSync(lockFile(dataDir), { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of the live process holding the embedded database, or undefined (none, or a stale lock). */
export function lockHolder(dataDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(lockFile(dataDir), 'utf8').trim());
  } catch {
    return undefined;
  }
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
}
