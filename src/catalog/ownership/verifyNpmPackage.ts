/**
 * npm: the version document's `mcpName` must equal the server name exactly
 * (`GET {base}/{@scope%2Fname}/{version}`, as upstream). Works against any npm
 * registry API (npmjs, Verdaccio, Artifactory, Nexus) listed in npmRegistryUrls.
 */
import { fetchVersionMetadata } from './fetchVersionMetadata.js';
import { isObject, type OwnershipDeps, type PackageCheck } from './registryFetch.js';

export function verifyNpmPackage({ outbound, config }: OwnershipDeps): PackageCheck {
  return async (pkg, serverName) => {
    const metadata = await fetchVersionMetadata(outbound, pkg, {
      registryType: 'npm',
      label: 'NPM',
      where: 'the registry',
      allowed: config.npmRegistryUrls,
      messages: {
        identifierRequired: 'package identifier is required for NPM packages',
        // Without a version the registry answers with every version, and there is no one mcpName to check.
        versionRequired: 'package version is required for NPM packages',
        noFileSha256: "NPM packages must not have 'fileSha256' field",
      },
      versionPath: (id, version) => `/${id}/${version}`,
      packagePath: (id) => `/${id}`,
      maxBytes: 8 * 1024 * 1024,
    });
    if ('error' in metadata) return metadata.error;
    const { id, value } = metadata;
    const mcpName = isObject(value) ? value.mcpName : undefined;
    if (mcpName !== undefined && mcpName !== null && typeof mcpName !== 'string') {
      return 'failed to parse NPM package metadata: mcpName is not a string';
    }
    if (!mcpName) {
      return `NPM package '${id}' is missing required 'mcpName' field. Add this to your package.json: "mcpName": "${serverName}"`;
    }
    if (mcpName !== serverName) {
      return `NPM package ownership validation failed. Expected mcpName '${serverName}', got '${mcpName}'`;
    }
    return undefined;
  };
}
