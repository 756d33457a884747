/**
 * PyPI ownership against a loopback server speaking the PyPI JSON API
 * (`/pypi/<name>/<version>/json`, HEAD `/pypi/<name>/json`): the README token
 * passes, and each refusal (no token, a longer name, a glued token, a missing
 * version or package, rate limits and outages, a base URL outside the allow-list,
 * missing fields) comes back with its message.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Package } from '../validation/index.js';
import { loopbackRegistry } from './loopbackRegistry.js';
import { verifyPypiPackage } from './verifyPypiPackage.js';

const NAME = 'io.github.acme/weather';
const README: Record<string, string> = {
  'weather-mcp': `# Weather\n\nmcp-name: ${NAME}\n`,
  'weather-pro': `mcp-name: ${NAME}-pro\n`,
  'weather-glued': `Server name: mcp-name: ${NAME}.`,
  'weather-plain': '# Weather\n\nNo token here.',
};

function releaseJson(name: string, version: string) {
  return {
    info: { name, version, summary: 'A weather MCP server', description: README[name], description_content_type: 'text/markdown', requires_python: '>=3.10' },
    last_serial: 1,
    urls: [{ filename: `${name}-${version}.tar.gz`, packagetype: 'sdist', digests: { sha256: 'a'.repeat(64) } }],
    vulnerabilities: [],
  };
}

describe('PyPI package ownership', () => {
  const seen: IncomingMessage[] = [];
  const registry = loopbackRegistry((req, res) => {
    seen.push(req);
    const url = new URL(req.url!, 'http://x');
    const release = /^\/pypi\/([^/]+)\/([^/]+)\/json$/.exec(url.pathname);
    const project = /^\/pypi\/([^/]+)\/json$/.exec(url.pathname);
    const name = decodeURIComponent(release?.[1] ?? project?.[1] ?? '');
    if (name === 'busy') return res.writeHead(429).end();
    if (name === 'down' || (project && name === 'flaky')) return res.writeHead(503).end();
    const known = name in README || name === 'flaky';
    if (release && known && release[2] === '1.0.0') {
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(releaseJson(name, '1.0.0')));
    }
    if (project && known && req.method === 'HEAD') return res.writeHead(200, { 'content-type': 'application/json' }).end();
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"message": "Not Found"}');
  });

  const check = (pkg: Partial<Package>, allowed = [registry.base]) =>
    verifyPypiPackage({ outbound: registry.outbound, config: { pypiRegistryUrls: allowed } as never })(
      { registryType: 'pypi', transport: { type: 'stdio' }, identifier: 'weather-mcp', version: '1.0.0', ...pkg } as Package,
      NAME,
    );

  it('passes a release whose README carries the token, asking as the official validator', async () => {
    expect(await check({})).toBeUndefined();
    expect(await check({ registryBaseUrl: `${registry.base}/` })).toBeUndefined();
    expect(seen.at(-1)!.headers['user-agent']).toBe('MCP-Registry-Validator/1.0');
    expect(seen.at(-1)!.url).toBe('/pypi/weather-mcp/1.0.0/json');
  });

  it('refuses a README without the token', async () => {
    expect(await check({ identifier: 'weather-plain' })).toBe(
      `PyPI package 'weather-plain' ownership validation failed. The server name '${NAME}' must appear as 'mcp-name: ${NAME}' in the package README`,
    );
  });

  it('refuses a README declaring a longer name that starts with this one', async () => {
    // As upstream, the refusal points at the character that continues the name.
    expect(await check({ identifier: 'weather-pro' })).toMatch(/^PyPI package 'weather-pro' ownership validation failed: .* followed by "-" rather than a boundary/);
  });

  it('explains a token glued to a trailing character', async () => {
    expect(await check({ identifier: 'weather-glued' })).toMatch(/immediately followed by "\." rather than a boundary/);
  });

  it('tells a missing version of an existing package from a missing package', async () => {
    expect(await check({ version: '9.9.9' })).toBe(
      "PyPI package 'weather-mcp' exists, but version '9.9.9' was not found (status: 404). A newly published release can take a moment to appear on PyPI. Wait and retry, or publish version '9.9.9' before registering it",
    );
    expect(seen.at(-1)!.method).toBe('HEAD');
    expect(await check({ identifier: 'nothing-here' })).toBe("PyPI package 'nothing-here' not found (status: 404)");
  });

  it('calls rate limits, outages and an inconclusive probe transient', async () => {
    expect(await check({ identifier: 'busy' })).toBe("PyPI rate-limited the metadata request for package 'busy' (status: 429). Likely transient, retry later");
    expect(await check({ identifier: 'down' })).toBe("PyPI upstream error fetching metadata for package 'down' (status: 503). Likely transient, retry later");
    expect(await check({ identifier: 'flaky', version: '2.0.0' })).toBe(
      "PyPI could not confirm package 'flaky' version '2.0.0' (version status: 404, package check inconclusive). Likely transient, retry later",
    );
  });

  it('refuses a base URL outside the allow-list, naming the allowed ones, without fetching', async () => {
    const before = seen.length;
    expect(await check({ registryBaseUrl: 'https://pypi.evil.example' }, [registry.base, 'https://pypi.org'])).toBe(
      `registry type and base URL do not match: 'https://pypi.evil.example' is not valid for registry type 'pypi'. Expected: ${registry.base}, https://pypi.org`,
    );
    expect(seen.length).toBe(before);
  });

  it('refuses missing fields and a hash', async () => {
    expect(await check({ identifier: '' })).toBe('package identifier is required for PyPI packages');
    expect(await check({ version: '' })).toBe('package version is required for PyPI packages');
    expect(await check({ fileSha256: 'a'.repeat(64) })).toBe("PyPI packages must not have 'fileSha256' field - this is only for MCPB packages");
  });

  it('reports an unreachable registry', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const gone = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((r) => closed.close(r));
    expect(await check({}, [gone])).toMatch(/^failed to fetch package metadata from PyPI: could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/);
  });
});
