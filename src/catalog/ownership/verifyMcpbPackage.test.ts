/**
 * MCPB bundles against a loopback release host: a release asset answering 200,
 * or a 3xx with a Location (not followed), passes; a missing asset, a redirect
 * without a Location, another host, a non-release path, plain http, a URL
 * without `mcp` and missing or extra fields are refused with their messages.
 */
import { describe, expect, it } from 'vitest';
import type { Package } from '../validation/index.js';
import { loopbackRegistry } from './loopbackRegistry.js';
import { verifyMcpbPackage } from './verifyMcpbPackage.js';

const SHA = 'b'.repeat(64);

describe('MCPB package checks', () => {
  const requests: string[] = [];
  const registry = loopbackRegistry((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers['user-agent']}`);
    if (req.url === '/acme/weather-mcp/releases/download/v1.0.0/weather-mcp.mcpb') {
      return res.writeHead(302, { location: `${registry.base}/objects/release-assets/12345?sig=x` }).end();
    }
    if (req.url === '/acme/weather-mcp/releases/download/v1.0.0/direct-mcp.mcpb') return res.writeHead(200).end();
    if (req.url === '/group/sub/weather-mcp/-/releases/v1/downloads/weather.mcpb') return res.writeHead(200).end();
    if (req.url === '/acme/weather-mcp/releases/download/v1.0.0/broken-mcp.mcpb') return res.writeHead(302).end();
    res.writeHead(404).end();
  });

  const check = (pkg: Partial<Package>, hosts = [registry.base, 'github.com', 'gitlab.com']) =>
    verifyMcpbPackage({ outbound: registry.outbound, config: { mcpbHosts: hosts } as never })(
      { registryType: 'mcpb', transport: { type: 'stdio' }, fileSha256: SHA, ...pkg } as Package,
      'io.github.acme/weather',
    );
  const asset = (file: string) => `${registry.base}/acme/weather-mcp/releases/download/v1.0.0/${file}`;

  it('passes a release asset that redirects to storage, with one HEAD and no redirect followed', async () => {
    requests.length = 0;
    expect(await check({ identifier: asset('weather-mcp.mcpb') })).toBeUndefined();
    expect(requests).toEqual(['HEAD /acme/weather-mcp/releases/download/v1.0.0/weather-mcp.mcpb MCP-Registry-Validator/1.0']);
  });

  it('passes an asset answering 200, a GitLab release path on a configured host, and an optional version', async () => {
    expect(await check({ identifier: asset('direct-mcp.mcpb'), version: '1.0.0' })).toBeUndefined();
    expect(await check({ identifier: `${registry.base}/group/sub/weather-mcp/-/releases/v1/downloads/weather.mcpb` })).toBeUndefined();
  });

  it('refuses a missing asset and a redirect without a Location', async () => {
    expect(await check({ identifier: asset('gone-mcp.mcpb') })).toBe(`MCPB package '${asset('gone-mcp.mcpb')}' is not publicly accessible (status: 404)`);
    expect(await check({ identifier: asset('broken-mcp.mcpb') })).toBe(`MCPB package '${asset('broken-mcp.mcpb')}' is not publicly accessible (status: 302)`);
  });

  it('refuses a host not in mcpbHosts, naming the allowed ones', async () => {
    expect(await check({ identifier: 'https://downloads.example.com/acme/weather-mcp/releases/download/v1/w-mcp.mcpb' }, ['github.com', 'gitlab.com'])).toBe(
      "MCPB packages must be hosted on allowlisted providers (github.com, gitlab.com). Host 'downloads.example.com' is not allowed",
    );
  });

  it('refuses paths that are not release assets', async () => {
    expect(await check({ identifier: 'https://github.com/acme/weather-mcp/archive/refs/tags/v1.mcpb' })).toBe(
      "GitHub MCPB packages must be release assets following the pattern '/owner/repo/releases/download/tag/filename'",
    );
    expect(await check({ identifier: 'https://gitlab.com/acme/weather-mcp/-/raw/main/w.mcpb' })).toMatch(/^GitLab MCPB packages must be release assets/);
    expect(await check({ identifier: `${registry.base}/acme/weather-mcp/blob/main/w.mcpb` })).toMatch(/^MCPB packages must be release assets following the GitHub pattern/);
  });

  it('refuses plain http on a public host and a URL without mcp', async () => {
    const http = 'http://github.com/acme/weather-mcp/releases/download/v1/w.mcpb';
    expect(await check({ identifier: http })).toBe(`invalid MCPB package URL, must use HTTPS: ${http}`);
    const plain = 'https://github.com/acme/weather/releases/download/v1/weather.zip';
    expect(await check({ identifier: plain })).toBe(`MCPB package URL must contain 'mcp': ${plain}`);
  });

  it('refuses a missing hash, a missing identifier and a registryBaseUrl', async () => {
    expect(await check({ identifier: asset('direct-mcp.mcpb'), fileSha256: '' })).toBe('must include a fileSha256 hash for integrity verification');
    expect(await check({ identifier: '' })).toBe('package identifier is required for MCPB packages');
    expect(await check({ identifier: asset('direct-mcp.mcpb'), registryBaseUrl: 'https://github.com' })).toBe(
      "MCPB packages must not have 'registryBaseUrl' field - use the full download URL in 'identifier' instead",
    );
  });
});
