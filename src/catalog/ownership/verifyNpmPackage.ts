/**
 * npm: the version document's `mcpName` must equal the server name exactly
 * (`GET {base}/{@scope%2Fname}/{version}`, as upstream). Works against any npm
 * registry API (npmjs, Verdaccio, Artifactory, Nexus) listed in npmRegistryUrls.
 */
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

export function verifyNpmPackage({ outbound, config }: OwnershipDeps): PackageCheck {
  return async (pkg, serverName) => {
    const id = pkg.identifier ?? '';
    const version = pkg.version ?? '';
    if (id === '') return 'package identifier is required for NPM packages';
    // Without a version the registry answers with every version, and there is no one mcpName to check.
    if (version === '') return 'package version is required for NPM packages';
    if ((pkg.fileSha256 ?? '') !== '') return "NPM packages must not have 'fileSha256' field";
    const picked = pickBaseUrl(pkg, 'npm', config.npmRegistryUrls);
    if ('error' in picked) return picked.error;

    const res = await registryFetch(outbound, `${picked.base}/${pathEscape(id)}/${pathEscape(version)}`, {
      headers: { accept: 'application/json' },
      timeoutMs: 10_000,
      maxBytes: 8 * 1024 * 1024,
    });
    if ('error' in res) return `failed to fetch package metadata from NPM: ${res.error}`;
    if (res.status !== 200) {
      return versionFetchFailure(outbound, 'NPM', { identifier: id, version }, res.status, `${picked.base}/${pathEscape(id)}`, 'the registry');
    }
    const parsed = parseJson(res.body);
    if ('error' in parsed) return `failed to parse NPM package metadata: ${parsed.error}`;
    const mcpName = isObject(parsed.value) ? parsed.value.mcpName : undefined;
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
