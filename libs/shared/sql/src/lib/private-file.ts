import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';

/**
 * Makes a database file readable and writable by its owner only (0600), creating it empty if it is
 * missing: the stores hold personal data. SQLite gives the -wal and -shm files it creates beside it
 * the same mode; those already there (from an earlier release) are narrowed too.
 */
export function ensurePrivateFile(filename: string): void {
  closeSync(openSync(filename, 'a', 0o600));
  for (const file of [filename, `${filename}-wal`, `${filename}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}
