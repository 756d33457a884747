/**
 * Publishes packages exactly as they are installed in this project's node_modules, with
 * every package their production dependencies (and required peers) resolve to, into a
 * Verdaccio: each folder is packed with the system tar and PUT through the registry
 * API as `npm publish` does (npm pack would run each package's scripts). The versions
 * come from node_modules/.package-lock.json, so the set satisfies its own ranges.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Verdaccio } from './startVerdaccio.js';

interface LockEntry {
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** The lockfile keys (`node_modules/a/node_modules/b`) of `roots` and everything they need. */
export function closureOf(roots: string[], lockfile = join(process.cwd(), 'node_modules/.package-lock.json')): Map<string, LockEntry> {
  const lock = (JSON.parse(readFileSync(lockfile, 'utf8')) as { packages: Record<string, LockEntry> }).packages;
  const resolve = (name: string, from: string): string | undefined => {
    for (let base = from; ;) {
      const key = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (lock[key]) return key;
      if (!base) return undefined;
      const i = base.lastIndexOf('/node_modules/');
      base = i === -1 ? '' : base.slice(0, i);
    }
  };
  const seen = new Map<string, LockEntry>();
  const walk = (key: string) => {
    if (seen.has(key)) return;
    const entry = lock[key]!;
    seen.set(key, entry);
    const peers = Object.keys(entry.peerDependencies ?? {}).filter((n) => !entry.peerDependenciesMeta?.[n]?.optional);
    for (const name of [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {}), ...peers]) {
      const found = resolve(name, key);
      if (found) walk(found);
    }
  };
  for (const root of roots) walk(`node_modules/${root}`);
  return seen;
}

async function publishOne(verdaccio: Verdaccio, folder: string): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Record<string, unknown> & { name: string; version: string };
  const tarball = execFileSync('tar', ['-cz', '--exclude=./node_modules', '--owner=0', '--group=0', '--transform', 's,^\\.,package,', '-C', folder, '.'], { maxBuffer: 256 * 1024 * 1024 });
  const file = `${manifest.name.replace(/^@[^/]+\//, '')}-${manifest.version}.tgz`;
  const path = manifest.name.replace('/', '%2f');
  const version = {
    ...manifest,
    _id: `${manifest.name}@${manifest.version}`,
    dist: {
      integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
      shasum: createHash('sha1').update(tarball).digest('hex'),
      tarball: `${verdaccio.url}/${manifest.name}/-/${file}`,
    },
  };
  const body = JSON.stringify({
    _id: manifest.name,
    name: manifest.name,
    'dist-tags': { latest: manifest.version },
    versions: { [manifest.version]: version },
    _attachments: { [file]: { content_type: 'application/octet-stream', data: tarball.toString('base64'), length: tarball.length } },
  });
  const res = await putWithRetry(`${verdaccio.url}/${path}`, verdaccio.token, body);
  // Already there (published by another fixture, or by an attempt whose answer was lost): the same bytes a registry would hold.
  if (res.status === 409) return;
  if (!res.ok) throw new Error(`publishing ${manifest.name}@${manifest.version} failed: ${res.status} ${await res.text()}`);
}

/** A PUT that tries again when the connection drops before an answer (a busy machine: a reused keep-alive socket closed by Verdaccio). */
async function putWithRetry(url: string, token: string, body: string): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

/** Publishes the closure of `roots`; versions of one name one after another (each PUT merges into the package). */
export async function publishFromNodeModules(verdaccio: Verdaccio, roots: string[]): Promise<number> {
  const byName = new Map<string, string[]>();
  for (const key of closureOf(roots).keys()) {
    const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    byName.set(name, [...(byName.get(name) ?? []), key]);
  }
  const seenVersions = new Set<string>();
  // A few names at a time: a hundred simultaneous uploads make Verdaccio drop connections on a busy machine.
  const queue = [...byName.values()];
  const worker = async () => {
    for (let keys = queue.shift(); keys; keys = queue.shift()) await publishName(keys);
  };
  const publishName = async (keys: string[]) => {
    for (const key of keys) {
      const folder = join(process.cwd(), key);
      const { name, version } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name: string; version: string };
      if (seenVersions.has(`${name}@${version}`)) continue;
      seenVersions.add(`${name}@${version}`);
      await publishOne(verdaccio, folder);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return seenVersions.size;
}
