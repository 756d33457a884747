/**
 * Creates the data directory readable by its owner only (0700): it holds the
 * database, the secret key and the admin token. A directory that already exists
 * keeps the mode its operator gave it.
 */
import { mkdirSync } from 'node:fs';

export function makeDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}
