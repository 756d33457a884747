/**
 * npm: the pinned version's document from the package's registry (one of
 * `npmRegistryUrls`, through the outbound guard), its tarball checked against
 * `dist.integrity` (sha512 only), unpacked with no package code run, production
 * dependencies installed by `installNpmDependencies`, and the whole kept under
 * `npm/<sha512 hex>/` of the cache. A cached digest skips the download, and a version
 * prepared before skips the registry altogether (`resolveNpmPackage`).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import semver from 'semver';
import type { Package } from '../catalog/index.js';
import { OutboundError } from '../outbound/index.js';
import { downloadToFile } from './downloadToFile.js';
import type { PreparedPackage } from './hostingTypes.js';
import { installNpmDependencies, nonRegistryDependency } from './installNpmDependencies.js';
import { npmBinPath, npmCommand, SANDBOX_PACKAGE_ROOT } from './npmBinCommand.js';
import { sizeOfTree } from './packageCache.js';
import { PrepareError } from './prepareFailure.js';
import type { PreparerDeps } from './preparerDeps.js';
import { unpackNpmTarball } from './unpackNpmTarball.js';

/** runtimeHints that mean "run the package's bin with Node". */
const NODE_HINTS = new Set(['npx', 'node']);

const trimSlashes = (url: string) => url.replace(/\/+$/, '');
/** `@scope/name` stays one path segment (`@scope%2Fname`), as the npm registry API expects. */
const escapeName = (name: string) => name.replace('/', '%2F');

export interface NpmTarget {
  base: string;
  name: string;
  version: string;
}

/** The registry, name and pinned version of an npm package entry, or a named failure. */
export function npmTargetOf(pkg: Package, registries: readonly string[]): NpmTarget {
  const name = pkg.identifier ?? '';
  const version = pkg.version ?? '';
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name) || name.length > 214) throw new PrepareError('missing', `'${name.slice(0, 100)}' is not an npm package name`);
  if (!semver.valid(version)) throw new PrepareError('missing', `npm packages are hosted at a pinned version; '${version.slice(0, 100)}' is not one (use an exact version such as 1.2.3)`);
  if (pkg.runtimeHint !== undefined && !NODE_HINTS.has(pkg.runtimeHint)) {
    throw new PrepareError('unsupported', `runtimeHint '${pkg.runtimeHint.slice(0, 50)}' is not hosted; npm packages run with Node (runtimeHint npx or node)`);
  }
  const given = trimSlashes(pkg.registryBaseUrl ?? '');
  const base = given === '' ? registries[0] : registries.find((r) => trimSlashes(r) === given);
  if (base === undefined) {
    throw new PrepareError('fetch-failed', `the registry ${given} is not one of the configured npm registries (TOOLSHED_NPM_REGISTRY_URLS: ${registries.join(', ')})`);
  }
  return { base: trimSlashes(base), name, version };
}

interface VersionDist {
  integrity: string;
  hex: string;
  tarball: string;
}

async function fetchDist(d: PreparerDeps, t: NpmTarget): Promise<VersionDist> {
  let res;
  try {
    res = await d.outbound.fetch(`${t.base}/${escapeName(t.name)}/${t.version}`, { headers: { accept: 'application/json' }, maxBytes: 8 * 1024 * 1024, timeoutMs: 30_000 });
  } catch (err) {
    if (err instanceof OutboundError) throw new PrepareError('fetch-failed', `the npm registry ${t.base} could not be read: ${err.message}`);
    throw err;
  }
  if (res.status === 404) throw new PrepareError('missing', `npm package ${t.name}@${t.version} was not found on ${t.base}`);
  if (res.status !== 200) throw new PrepareError('fetch-failed', `the npm registry ${t.base} answered ${res.status} for ${t.name}@${t.version}`);
  let doc: { version?: unknown; dist?: { integrity?: unknown; tarball?: unknown } };
  try {
    doc = JSON.parse(res.body) as typeof doc;
  } catch {
    throw new PrepareError('fetch-failed', `the npm registry ${t.base} answered with something other than JSON for ${t.name}@${t.version}`);
  }
  if (doc.version !== t.version) throw new PrepareError('missing', `npm package ${t.name}@${t.version} was not found on ${t.base} (it answered version ${String(doc.version).slice(0, 50)})`);
  const integrity = typeof doc.dist?.integrity === 'string' ? doc.dist.integrity.split(/\s+/).find((i) => i.startsWith('sha512-')) : undefined;
  if (!integrity) throw new PrepareError('integrity', `${t.name}@${t.version} has no sha512 dist.integrity in the registry, so its tarball cannot be verified`);
  const digest = Buffer.from(integrity.slice('sha512-'.length), 'base64');
  if (digest.length !== 64) throw new PrepareError('integrity', `${t.name}@${t.version} has a malformed dist.integrity`);
  if (typeof doc.dist?.tarball !== 'string') throw new PrepareError('fetch-failed', `${t.name}@${t.version} has no dist.tarball in the registry`);
  return { integrity: `sha512-${digest.toString('base64')}`, hex: digest.toString('hex'), tarball: doc.dist.tarball };
}

/**
 * Resolves the digest first (cheap), so the caller can share one preparation per digest.
 * A version prepared before is found by registry, name and version without asking the
 * registry again: an instance (re)starts from the cache even while the registry is down,
 * and runs the bytes verified then (a registry that later serves other bytes for the
 * same pinned version does not change what runs).
 */
export async function resolveNpmPackage(d: PreparerDeps, pkg: Package): Promise<{ key: string; run: () => Promise<PreparedPackage> }> {
  const target = npmTargetOf(pkg, d.npmRegistryUrls);
  const versionName = `${target.base}\0${target.name}\0${target.version}`;
  const known = await d.cache.digestOf('npm', versionName);
  const cached = known === undefined ? undefined : await d.cache.lookup('npm', known);
  if (cached) return { key: `npm/${known}`, run: async () => ({ ...cached, identifier: target.name, version: target.version }) };
  const dist = await fetchDist(d, target);
  return {
    key: `npm/${dist.hex}`,
    run: async () => {
      const prepared = await prepareNpm(d, target, dist);
      await d.cache.rememberDigest('npm', versionName, dist.hex);
      return prepared;
    },
  };
}

async function prepareNpm(d: PreparerDeps, t: NpmTarget, dist: VersionDist): Promise<PreparedPackage> {
  const cached = await d.cache.lookup('npm', dist.hex);
  if (cached) return { ...cached, identifier: t.name, version: t.version };
  const scratch = await d.cache.scratch();
  try {
    const tarball = join(scratch, 'package.tgz');
    const got = await downloadToFile(d.outbound, dist.tarball, tarball, { maxBytes: d.limits.packageMaxBytes, timeoutMs: d.limits.timeoutMs });
    if (`sha512-${got.sha512}` !== dist.integrity) {
      throw new PrepareError('integrity', `the tarball of ${t.name}@${t.version} does not match its dist.integrity (expected ${dist.integrity.slice(0, 27)}…, got sha512-${got.sha512.slice(0, 20)}…)`);
    }
    const root = join(scratch, 'root');
    await unpackNpmTarball(tarball, root, { maxBytes: d.limits.unpackedMaxBytes, maxEntries: d.limits.maxEntries });
    let manifest: Record<string, unknown>;
    try {
      manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    } catch {
      throw new PrepareError('integrity', `the tarball of ${t.name}@${t.version} has no readable package.json`);
    }
    if (manifest.name !== t.name || manifest.version !== t.version) {
      throw new PrepareError('integrity', `the tarball's package.json says ${String(manifest.name).slice(0, 100)}@${String(manifest.version).slice(0, 50)}, not ${t.name}@${t.version}`);
    }
    const bin = npmBinPath(manifest);
    const odd = nonRegistryDependency(manifest);
    if (odd) throw new PrepareError('unsupported', `the dependency ${odd} is not a registry package; only dependencies from ${t.base} are installed`);
    const deps = { ...(manifest.dependencies as object | undefined), ...(manifest.optionalDependencies as object | undefined) };
    if (Object.keys(deps).length > 0) {
      const home = join(scratch, 'home');
      await mkdir(home);
      await installNpmDependencies({ dir: root, registry: t.base, npmCache: join(d.cache.dir, '.npm-cache'), scratch: home, timeoutMs: d.limits.timeoutMs, caFile: d.caFile });
    }
    await sizeOfTree(root, d.limits.unpackedMaxBytes);
    return await d.cache.commit('npm', dist.hex, root, {
      registryType: 'npm',
      identifier: t.name,
      version: t.version,
      integrity: dist.integrity,
      command: npmCommand(bin),
      cwd: SANDBOX_PACKAGE_ROOT,
    });
  } finally {
    await d.cache.discard(scratch);
  }
}
