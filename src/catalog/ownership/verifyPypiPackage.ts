/**
 * PyPI: the release's description (its README) must carry `mcp-name: <server name>`
 * (`GET {base}/pypi/{id}/{version}/json`, the PyPI JSON API, which devpi, Nexus and
 * Artifactory PyPI repositories also serve).
 */
import { containsMcpNameToken, readmeTokenFailure } from './mcpNameToken.js';
import {
  isObject,
  parseJson,
  pathEscape,
  pickBaseUrl,
  registryFetch,
  versionFetchFailure,
  type OwnershipDeps,
  type PackageCheck,
} from './registryFetch.js';

export function verifyPypiPackage({ outbound, config }: OwnershipDeps): PackageCheck {
  return async (pkg, serverName) => {
    const id = pkg.identifier ?? '';
    const version = pkg.version ?? '';
    if (id === '') return 'package identifier is required for PyPI packages';
    if (version === '') return 'package version is required for PyPI packages';
    if ((pkg.fileSha256 ?? '') !== '') return "PyPI packages must not have 'fileSha256' field - this is only for MCPB packages";
    const picked = pickBaseUrl(pkg, 'pypi', config.pypiRegistryUrls);
    if ('error' in picked) return picked.error;

    const res = await registryFetch(outbound, `${picked.base}/pypi/${pathEscape(id)}/${pathEscape(version)}/json`, {
      headers: { accept: 'application/json' },
      timeoutMs: 10_000,
      maxBytes: 16 * 1024 * 1024,
    });
    if ('error' in res) return `failed to fetch package metadata from PyPI: ${res.error}`;
    if (res.status !== 200) {
      return versionFetchFailure(outbound, 'PyPI', { identifier: id, version }, res.status, `${picked.base}/pypi/${pathEscape(id)}/json`, 'PyPI');
    }
    const parsed = parseJson(res.body);
    if ('error' in parsed) return `failed to parse PyPI package metadata: ${parsed.error}`;
    const info = isObject(parsed.value) ? parsed.value.info : undefined;
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
