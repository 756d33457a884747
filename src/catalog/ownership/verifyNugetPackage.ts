/**
 * NuGet: the package's embedded README must carry `mcp-name: <server name>`. The
 * configured base URL is a NuGet v3 service index (nuget.org, Azure Artifacts,
 * GitHub Packages, BaGet, Nexus, Artifactory); its `ReadmeUriTemplate/6.13.0`
 * resource gives the README, and `PackageBaseAddress/3.0.0` tells, when there is
 * no README, whether the id or the version is missing.
 */
import { containsMcpNameToken, readmeTokenFailure } from './mcpNameToken.js';
import { checkPackageFields, isObject, parseJson, pathEscape, registryFetch, type OwnershipDeps, type PackageCheck } from './registryFetch.js';

type Resources = Array<{ id: string; type: string }>;

const INDEX_TTL_MS = 60 * 60 * 1000;

export function verifyNugetPackage({ outbound, config }: OwnershipDeps): PackageCheck {
  // Service indexes change rarely; upstream keeps them an hour too.
  const indexes = new Map<string, { resources: Resources; expires: number }>();

  async function serviceIndex(base: string): Promise<Resources | { error: string }> {
    const hit = indexes.get(base);
    if (hit && hit.expires > Date.now()) return hit.resources;
    const res = await registryFetch(outbound, base, { timeoutMs: 10_000, maxBytes: 1024 * 1024 });
    if ('error' in res) return { error: `failed to fetch NuGet service index: ${res.error}` };
    if (res.status !== 200) return { error: `NuGet service index returned status ${res.status}` };
    const parsed = parseJson(res.body);
    if ('error' in parsed) return { error: `failed to parse NuGet service index: ${parsed.error}` };
    const list = isObject(parsed.value) && Array.isArray(parsed.value.resources) ? parsed.value.resources : [];
    const resources = list.filter(isObject).map((r) => ({ id: String(r['@id'] ?? ''), type: String(r['@type'] ?? '') }));
    indexes.set(base, { resources, expires: Date.now() + INDEX_TTL_MS });
    return resources;
  }

  const resource = (resources: Resources, type: string) => resources.find((r) => r.type === type)?.id;

  return async (pkg, serverName) => {
    const fields = checkPackageFields(pkg, 'nuget', config.nugetRegistryUrls, {
      identifierRequired: 'package identifier is required for NuGet packages',
      noFileSha256: "NuGet packages must not have 'fileSha256' field - this is only for MCPB packages",
    });
    if ('error' in fields) return fields.error;
    const { id, version, base } = fields;
    // NuGet has always checked the version after the base URL; kept so the same message wins.
    if (version === '') return 'package version is required for NuGet packages';

    const resources = await serviceIndex(base);
    if ('error' in resources) return resources.error;
    const lowerId = id.toLowerCase();
    // NuGet ignores SemVer 2.0.0 build metadata in its URLs.
    const lowerVersion = version.toLowerCase().split('+')[0]!;

    const template = resource(resources, 'ReadmeUriTemplate/6.13.0');
    if (!template) return 'failed to get README URL template: ReadmeUriTemplate/6.13.0 not found in service index';
    // Escaped so an identifier cannot smuggle `/` or `..` into another package's README.
    const readmeUrl = template.replaceAll('{lower_id}', pathEscape(lowerId)).replaceAll('{lower_version}', pathEscape(lowerVersion));
    const readme = await registryFetch(outbound, readmeUrl, { timeoutMs: 10_000, maxBytes: 5 * 1024 * 1024 });
    if ('error' in readme) return `failed to fetch NuGet README: ${readme.error}`;
    if (readme.status === 200) {
      if (containsMcpNameToken(readme.body, serverName)) return undefined;
      return readmeTokenFailure(
        'NuGet',
        id,
        serverName,
        readme.body,
        `NuGet package '${id}' ownership validation for version ${version} failed. The server name '${serverName}' must appear as 'mcp-name: ${serverName}' in the package README. Add it to your README and publish a new package version`,
      );
    }
    if (readme.status !== 404) return `NuGet README request returned status ${readme.status}`;

    const contentBase = resource(resources, 'PackageBaseAddress/3.0.0');
    if (!contentBase) return 'failed to get Package Base URL: PackageBaseAddress/3.0.0 not found in service index';
    const versions = await registryFetch(outbound, `${contentBase.replace(/\/+$/, '')}/${pathEscape(lowerId)}/index.json`, {
      timeoutMs: 10_000,
      maxBytes: 4 * 1024 * 1024,
    });
    if ('error' in versions) return `failed to fetch NuGet package index: ${versions.error}`;
    if (versions.status === 404) {
      return `NuGet package '${id}' does not exist in the registry. If you recently published the package for the first time, wait for validation to complete`;
    }
    if (versions.status !== 200) return `NuGet package index returned status ${versions.status}`;
    const parsed = parseJson(versions.body);
    if ('error' in parsed) return `failed to parse NuGet package index: ${parsed.error}`;
    const listed = isObject(parsed.value) && Array.isArray(parsed.value.versions) ? parsed.value.versions : [];
    if (!listed.some((v) => typeof v === 'string' && v.toLowerCase() === lowerVersion)) {
      return `NuGet package '${id}' exists but version ${version} does not exist in the registry. If you recently published the version, wait for validation to complete`;
    }
    return `NuGet package '${id}' ownership validation for version ${version} failed because it does not have an embedded README. Add one to your package and publish a new version`;
  };
}
