/**
 * The preparation half of hosting (hostingTypes.ts): fetch, verify, unpack and cache
 * one `packages[]` entry, never running its code, ending in a `PreparedPackage` or a
 * named failure. Concurrent preparations of the same content (same npm integrity,
 * same MCPB hash) share one download and unpack; the cache is opened (and stale
 * scratch folders removed) on first use.
 */
import type { Package } from '../catalog/index.js';
import type { Outbound } from '../outbound/index.js';
import type { PackagePreparer, PreparedPackage, PrepareResult } from './hostingTypes.js';
import { openPackageCache, type PackageCache } from './packageCache.js';
import { prepareFailure, PrepareError } from './prepareFailure.js';
import type { PreparerLimits } from './preparerDeps.js';
import { resolveMcpbPackage } from './prepareMcpbPackage.js';
import { resolveNpmPackage } from './prepareNpmPackage.js';
import { refuseUnhosted } from './unhostedRuntimes.js';

export interface PackagePreparerOptions {
  outbound: Outbound;
  /** The cache folder (`TOOLSHED_PACKAGE_CACHE_DIR`, by default `<dataDir>/packages`). */
  cacheDir: string;
  npmRegistryUrls: readonly string[];
  limits: PreparerLimits;
  /** The company CA bundle (`TOOLSHED_CA_FILE`), trusted by the npm that installs dependencies too. */
  caFile?: string | undefined;
  /** The container runtime for OCI images (`TOOLSHED_PACKAGE_CONTAINER_RUNTIME`); unset: OCI packages are `runtime-missing`. */
  containerRuntime?: string | undefined;
  log?: { warn(details: object, message: string): void };
}

export function createPackagePreparer(options: PackagePreparerOptions): PackagePreparer {
  let cache: Promise<PackageCache> | undefined;
  const inFlight = new Map<string, Promise<PreparedPackage>>();

  async function resolve(pkg: Package): Promise<{ key: string; run: () => Promise<PreparedPackage> }> {
    const transport = (pkg.transport as { type?: unknown } | undefined)?.type;
    if (transport !== 'stdio') {
      throw new PrepareError('unsupported', `only stdio package servers are hosted; this package's transport is ${String(transport).slice(0, 50)}`);
    }
    cache ??= openPackageCache(options.cacheDir);
    const deps = { outbound: options.outbound, cache: await cache, limits: options.limits, npmRegistryUrls: options.npmRegistryUrls, caFile: options.caFile };
    switch (pkg.registryType) {
      case 'npm':
        return resolveNpmPackage(deps, pkg);
      case 'mcpb':
        return resolveMcpbPackage(deps, pkg);
      default:
        return refuseUnhosted(pkg, options.containerRuntime);
    }
  }

  return {
    async prepare(pkg: Package): Promise<PrepareResult> {
      try {
        const { key, run } = await resolve(pkg);
        let shared = inFlight.get(key);
        if (!shared) {
          shared = run().finally(() => inFlight.delete(key));
          inFlight.set(key, shared);
        }
        const prepared = await shared;
        return { ok: true, prepared: { ...prepared, identifier: pkg.identifier, version: pkg.version ?? prepared.version } };
      } catch (err) {
        if (err instanceof PrepareError) return prepareFailure(err.problem, err.message);
        options.log?.warn({ err, identifier: pkg.identifier }, 'preparing a package failed unexpectedly');
        return prepareFailure('fetch-failed', `preparing the package failed: ${(err as Error).message ?? String(err)}`);
      }
    },
  };
}
