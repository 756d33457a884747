/**
 * NuGet ownership against a loopback NuGet v3 feed (service index,
 * ReadmeUriTemplate/6.13.0, PackageBaseAddress/3.0.0): the README token passes
 * (ids and versions lowercased, build metadata stripped, the index fetched once),
 * and each refusal (no token, no README, missing version or package, no README
 * resource, a base URL outside the allow-list, missing fields) has its message.
 */
import { describe, expect, it } from 'vitest';
import type { Package } from '../validation/index.js';
import { loopbackRegistry } from './loopbackRegistry.js';
import { verifyNugetPackage } from './verifyNugetPackage.js';

const NAME = 'io.github.acme/weather';
/** lower id → version → README (null: the package has no embedded README). */
const FEED: Record<string, Record<string, string | null>> = {
  'acme.weather.mcp': { '1.0.0': `# Acme Weather\n\n<!-- mcp-name: ${NAME} -->\n`, '1.1.0-beta.1': `mcp-name: ${NAME}` },
  'acme.notoken': { '1.0.0': '# No token' },
  'acme.noreadme': { '1.0.0': null },
};

describe('NuGet package ownership', () => {
  const requests: string[] = [];
  const registry = loopbackRegistry((req, res) => {
    requests.push(`${req.headers['user-agent']} ${req.url}`);
    const json = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const flat = `${registry.base}/v3-flatcontainer/`;
    if (req.url === '/v3/index.json') {
      return json({
        version: '3.0.0',
        resources: [
          { '@id': `${registry.base}/query`, '@type': 'SearchQueryService/3.5.0' },
          { '@id': flat, '@type': 'PackageBaseAddress/3.0.0', comment: 'Base URL of where NuGet packages are stored' },
          { '@id': `${flat}{lower_id}/{lower_version}/readme`, '@type': 'ReadmeUriTemplate/6.13.0', comment: 'URI template used by NuGet Client to construct a URL for downloading a package README.' },
        ],
      });
    }
    if (req.url === '/bare/index.json') return json({ version: '3.0.0', resources: [{ '@id': flat, '@type': 'PackageBaseAddress/3.0.0' }] });
    const readme = /^\/v3-flatcontainer\/([^/]+)\/([^/]+)\/readme$/.exec(req.url!);
    if (readme) {
      const text = FEED[readme[1]!]?.[readme[2]!];
      if (typeof text === 'string') return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(text);
    }
    const index = /^\/v3-flatcontainer\/([^/]+)\/index\.json$/.exec(req.url!);
    if (index && FEED[index[1]!]) return json({ versions: Object.keys(FEED[index[1]!]!) });
    res.writeHead(404).end('<Error><Code>BlobNotFound</Code></Error>');
  });

  const verifier = (allowed: string[]) => verifyNugetPackage({ outbound: registry.outbound, config: { nugetRegistryUrls: allowed } as never });
  const check = (pkg: Partial<Package>, v = verifier([`${registry.base}/v3/index.json`])) =>
    v({ registryType: 'nuget', transport: { type: 'stdio' }, identifier: 'Acme.Weather.Mcp', version: '1.0.0', ...pkg } as Package, NAME);

  it('passes a README carrying the token, lowercasing the id and stripping build metadata, with one index fetch', async () => {
    const v = verifier([`${registry.base}/v3/index.json`]);
    requests.length = 0;
    expect(await check({}, v)).toBeUndefined();
    expect(await check({ version: '1.1.0-BETA.1+sha.5114f85' }, v)).toBeUndefined();
    expect(requests).toEqual([
      `MCP-Registry-Validator/1.0 /v3/index.json`,
      `MCP-Registry-Validator/1.0 /v3-flatcontainer/acme.weather.mcp/1.0.0/readme`,
      `MCP-Registry-Validator/1.0 /v3-flatcontainer/acme.weather.mcp/1.1.0-beta.1/readme`,
    ]);
  });

  it('refuses a README without the token', async () => {
    expect(await check({ identifier: 'Acme.NoToken' })).toBe(
      `NuGet package 'Acme.NoToken' ownership validation for version 1.0.0 failed. The server name '${NAME}' must appear as 'mcp-name: ${NAME}' in the package README. Add it to your README and publish a new package version`,
    );
  });

  it('tells no README, a missing version and a missing package apart', async () => {
    expect(await check({ identifier: 'Acme.NoReadme' })).toBe(
      "NuGet package 'Acme.NoReadme' ownership validation for version 1.0.0 failed because it does not have an embedded README. Add one to your package and publish a new version",
    );
    expect(await check({ version: '2.0.0' })).toBe(
      "NuGet package 'Acme.Weather.Mcp' exists but version 2.0.0 does not exist in the registry. If you recently published the version, wait for validation to complete",
    );
    expect(await check({ identifier: 'Acme.Missing' })).toBe(
      "NuGet package 'Acme.Missing' does not exist in the registry. If you recently published the package for the first time, wait for validation to complete",
    );
  });

  it('cannot smuggle a path into the README template', async () => {
    expect(await check({ identifier: '../acme.weather.mcp/1.0.0/readme#' })).toMatch(/does not exist in the registry/);
  });

  it('refuses a feed without a README resource', async () => {
    expect(await check({}, verifier([`${registry.base}/bare/index.json`]))).toBe('failed to get README URL template: ReadmeUriTemplate/6.13.0 not found in service index');
  });

  it('refuses a base URL outside the allow-list, and missing fields', async () => {
    expect(await check({ registryBaseUrl: 'https://api.nuget.org/v3/index.json' })).toBe(
      `registry type and base URL do not match: 'https://api.nuget.org/v3/index.json' is not valid for registry type 'nuget'. Expected: ${registry.base}/v3/index.json`,
    );
    expect(await check({ identifier: '' })).toBe('package identifier is required for NuGet packages');
    expect(await check({ version: '' })).toBe('package version is required for NuGet packages');
    expect(await check({ fileSha256: 'a'.repeat(64) })).toBe("NuGet packages must not have 'fileSha256' field - this is only for MCPB packages");
  });
});
