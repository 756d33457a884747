/**
 * PyPI: the release's description (its README) must carry `mcp-name: <server name>`
 * (`GET {base}/pypi/{id}/{version}/json`, the PyPI JSON API, which devpi, Nexus and
 * Artifactory PyPI repositories also serve).
 */
import { fetchVersionMetadata } from './fetchVersionMetadata.js';
import { containsMcpNameToken, readmeTokenFailure } from './mcpNameToken.js';
import { isObject, type OwnershipDeps, type PackageCheck } from './registryFetch.js';

export function verifyPypiPackage({ outbound, config }: OwnershipDeps): PackageCheck {
  return async (pkg, serverName) => {
    const metadata = await fetchVersionMetadata(outbound, pkg, {
      registryType: 'pypi',
      label: 'PyPI',
      where: 'PyPI',
      allowed: config.pypiRegistryUrls,
      messages: {
        identifierRequired: 'package identifier is required for PyPI packages',
        versionRequired: 'package version is required for PyPI packages',
        noFileSha256: "PyPI packages must not have 'fileSha256' field - this is only for MCPB packages",
      },
      versionPath: (id, version) => `/pypi/${id}/${version}/json`,
      packagePath: (id) => `/pypi/${id}/json`,
      maxBytes: 16 * 1024 * 1024,
    });
    if ('error' in metadata) return metadata.error;
    const { id, value } = metadata;
    const info = isObject(value) ? value.info : undefined;
    const description = isObject(info) && typeof info.description === 'string' ? info.description : '';
    if (containsMcpNameToken(description, serverName)) return undefined;
    return readmeTokenFailure(
      'PyPI',
      id,
      serverName,
      description,
      `PyPI package '${id}' ownership validation failed. The server name '${serverName}' must appear as 'mcp-name: ${serverName}' in the package README`,
    );
  };
}
