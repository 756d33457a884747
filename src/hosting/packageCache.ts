/**
 * The content-addressed package cache: `<cacheDir>/<type>/<digest hex>/` holds one
 * prepared package (the sandbox mounts it read-only at `/pkg`) and, beside it,
 * `<digest hex>.json` records what was prepared. A preparation builds in
 * `<cacheDir>/.tmp/<random>/` and is renamed into place only when complete, and the
 * record is written last, so a failed or interrupted preparation leaves nothing a
 * later one would reuse. Scratch folders left by a crash are removed when a cache
 * opens, once a day old: another preparer (or replica) sharing the folder may be
 * using a younger one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PreparedPackage } from './hostingTypes.js';
import { PrepareError } from './prepareFailure.js';

const nameKey = (name: string) => createHash('sha256').update(name).digest('hex');

const STALE_SCRATCH_MS = 24 * 3600 * 1000;

export interface PackageCache {
  readonly dir: string;
  /** The prepared package recorded for `type`/`hex`, or undefined when not (completely) cached. */
  lookup(type: string, hex: string): Promise<PreparedPackage | undefined>;
  /** A fresh scratch folder, removed by `discard` or moved by `commit`. */
  scratch(): Promise<string>;
  /** Moves `built` into place as `type`/`hex` and records `prepared` (its `root` is filled in here). */
  commit(type: string, hex: string, built: string, prepared: Omit<PreparedPackage, 'root'>): Promise<PreparedPackage>;
  discard(scratch: string): Promise<void>;
  /** The digest recorded for a name (e.g. registry, package and pinned version), so a cached package is found without asking the registry. */
  digestOf(type: string, name: string): Promise<string | undefined>;
  rememberDigest(type: string, name: string, hex: string): Promise<void>;
}

export async function openPackageCache(dir: string): Promise<PackageCache> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, '.tmp');
  await mkdir(tmp, { recursive: true, mode: 0o700 });
  for (const entry of await readdir(tmp)) {
    const path = join(tmp, entry);
    const age = Date.now() - (await stat(path).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
    if (age > STALE_SCRATCH_MS) await rm(path, { recursive: true, force: true });
  }
  const recordOf = (type: string, hex: string) => join(dir, type, `${hex}.json`);
  const rootOf = (type: string, hex: string) => join(dir, type, hex);

  async function lookup(type: string, hex: string): Promise<PreparedPackage | undefined> {
    try {
      const record = JSON.parse(await readFile(recordOf(type, hex), 'utf8')) as Omit<PreparedPackage, 'root'>;
      const root = rootOf(type, hex);
      if (!existsSync(root)) return undefined;
      return { ...record, root };
    } catch {
      return undefined;
    }
  }

  return {
    dir,
    lookup,
    async scratch() {
      const path = join(tmp, randomBytes(8).toString('hex'));
      await mkdir(path, { mode: 0o700 });
      return path;
    },
    async commit(type, hex, built, prepared) {
      const root = rootOf(type, hex);
      await mkdir(join(dir, type), { recursive: true, mode: 0o700 });
      try {
        await rename(built, root);
      } catch (err) {
        // Another process committed the same digest first: the same bytes, so keep theirs.
        if ((err as NodeJS.ErrnoException).code !== 'ENOTEMPTY' && (err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      await writeFile(recordOf(type, hex), JSON.stringify(prepared));
      return { ...prepared, root };
    },
    async discard(scratch) {
      await rm(scratch, { recursive: true, force: true });
    },
    async digestOf(type, name) {
      try {
        const hex = (JSON.parse(await readFile(join(dir, type, 'names', `${nameKey(name)}.json`), 'utf8')) as { hex?: unknown }).hex;
        return typeof hex === 'string' && /^[0-9a-f]+$/.test(hex) ? hex : undefined;
      } catch {
        return undefined;
      }
    },
    async rememberDigest(type, name, hex) {
      await mkdir(join(dir, type, 'names'), { recursive: true, mode: 0o700 });
      const file = join(dir, type, 'names', `${nameKey(name)}.json`);
      const temp = `${file}.${randomBytes(4).toString('hex')}`;
      await writeFile(temp, JSON.stringify({ name, hex }));
      await rename(temp, file);
    },
  };
}

/** Total size of the regular files under `dir`, failing as `too-large` once past `maxBytes`. */
export async function sizeOfTree(dir: string, maxBytes: number): Promise<number> {
  let total = 0;
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) stack.push(path);
      else if (entry.isFile()) {
        total += (await lstat(path)).size;
        if (total > maxBytes) throw new PrepareError('too-large', `the prepared package is more than ${maxBytes} bytes with its dependencies (TOOLSHED_PACKAGE_UNPACKED_MAX_MB)`);
      }
    }
  }
  return total;
}
