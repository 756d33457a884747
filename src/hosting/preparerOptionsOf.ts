/** The package preparer's options from the configuration (`TOOLSHED_PACKAGE_*`), so every part that prepares uses one cache and one set of limits. */
import { join, resolve } from 'node:path';
import type { Config } from '../config.js';
import type { Outbound } from '../outbound/index.js';
import type { PackagePreparerOptions } from './createPackagePreparer.js';

const MIB = 1024 * 1024;

export function preparerOptionsOf(config: Config, outbound: Outbound, log?: PackagePreparerOptions['log']): PackagePreparerOptions {
  return {
    outbound,
    cacheDir: config.packageCacheDir ?? join(config.dataDir, 'packages'),
    npmRegistryUrls: config.npmRegistryUrls,
    limits: {
      packageMaxBytes: config.packageMaxMb * MIB,
      unpackedMaxBytes: config.packageUnpackedMaxMb * MIB,
      maxEntries: 100_000,
      timeoutMs: config.packagePrepareTimeoutSeconds * 1000,
    },
    containerRuntime: config.packageContainerRuntime,
    ...(config.caFile ? { caFile: resolve(config.caFile) } : {}),
    ...(log ? { log } : {}),
  };
}
