/**
 * The package ownership check run at publish and edit: every package of a type
 * listed in `verifyPackages`, in order, stopping at the first failure, with the
 * official message `registry validation failed for package <i> (<identifier>): <reason>`.
 * Types not listed (and types with no check, such as cargo) are not verified.
 */
import type { Outbound } from '../../outbound/index.js';
import type { OwnershipVerifier } from '../createCatalog.js';
import type { OwnershipConfig, PackageCheck } from './registryFetch.js';
import { verifyMcpbPackage } from './verifyMcpbPackage.js';
import { verifyNpmPackage } from './verifyNpmPackage.js';
import { verifyNugetPackage } from './verifyNugetPackage.js';
import { verifyOciPackage } from './verifyOciPackage.js';
import { verifyPypiPackage } from './verifyPypiPackage.js';

export type VerifiedRegistryType = 'npm' | 'pypi' | 'nuget' | 'oci' | 'mcpb';

/** What the verifier checks and where, built from the configuration by the composition. */
export type OwnershipVerifierSettings = OwnershipConfig & { verifyPackages: VerifiedRegistryType[] };

export function createOwnershipVerifier(config: OwnershipVerifierSettings, outbound: Outbound): OwnershipVerifier {
  const deps = { outbound, config };
  const factories: Record<VerifiedRegistryType, () => PackageCheck> = {
    npm: () => verifyNpmPackage(deps),
    pypi: () => verifyPypiPackage(deps),
    nuget: () => verifyNugetPackage(deps),
    oci: () => verifyOciPackage(deps),
    mcpb: () => verifyMcpbPackage(deps),
  };
  const checks = new Map<string, PackageCheck>(config.verifyPackages.map((type) => [type, factories[type]()]));

  return async (doc) => {
    const packages = doc.packages ?? [];
    for (let i = 0; i < packages.length; i++) {
      const pkg = packages[i]!;
      const check = checks.get(pkg.registryType);
      if (!check) continue;
      const reason = await check(pkg, doc.name);
      if (reason !== undefined) return `registry validation failed for package ${i} (${pkg.identifier ?? ''}): ${reason}`;
    }
    return undefined;
  };
}
