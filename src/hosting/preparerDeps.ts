/** What every registry type's preparation runs with, built once by `createPackagePreparer`. */
import type { Outbound } from '../outbound/index.js';
import type { PackageCache } from './packageCache.js';

export interface PreparerLimits {
  /** Largest download (tarball, bundle), in bytes. */
  packageMaxBytes: number;
  /** Largest prepared folder (unpacked, dependencies included), in bytes. */
  unpackedMaxBytes: number;
  /** Largest number of files in a tarball or bundle. */
  maxEntries: number;
  /** Bound on one whole preparation (download, unpack, install), in ms. */
  timeoutMs: number;
}

export interface PreparerDeps {
  outbound: Outbound;
  cache: PackageCache;
  limits: PreparerLimits;
  npmRegistryUrls: readonly string[];
  /** The company CA bundle file, for the npm that installs dependencies. */
  caFile?: string | undefined;
}
