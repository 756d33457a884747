/**
 * The registry token between `login` and `publish`/`status`, in
 * `${XDG_CONFIG_HOME:-~/.config}/toolshed/token.json` (directory 0700, file 0600),
 * the file upstream's `mcp-publisher` keeps, plus `expires_at`. The registry is
 * stored with the token: one login binds one registry.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { usageError } from './publisherError.js';

export interface StoredToken {
  token: string;
  /** The login method as typed (`github`, `dns`, …), for the "log in again" hint. */
  method: string;
  registry: string;
  /** Unix seconds, from the exchange response. */
  expires_at?: number;
}

export function tokenFilePath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'toolshed', 'token.json');
}

export function readToken(): StoredToken | undefined {
  const file = tokenFilePath();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw usageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  let stored: Partial<StoredToken>;
  try {
    stored = JSON.parse(text) as Partial<StoredToken>;
  } catch {
    throw usageError(`${file} is not valid JSON; run \`toolshed logout\` and log in again`);
  }
  if (typeof stored.token !== 'string' || typeof stored.registry !== 'string') {
    throw usageError(`${file} holds no token; run \`toolshed logout\` and log in again`);
  }
  return { method: 'unknown', ...stored } as StoredToken;
}

export function writeToken(stored: StoredToken): string {
  const file = tokenFilePath();
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // An existing directory keeps its mode through mkdir; the token must not be readable by others.
  chmodSync(dir, 0o700);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
  return file;
}

/** True when there was a token to delete. */
export function deleteToken(): boolean {
  const file = tokenFilePath();
  try {
    rmSync(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw usageError(`cannot delete ${file}: ${(err as Error).message}`);
  }
}
