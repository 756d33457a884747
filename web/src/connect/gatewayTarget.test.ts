/** What a person must supply to connect, and the snippet target of a gateway connection (web/src/connect/gatewayTarget.ts). */
import { describe, expect, it } from 'vitest';
import type { ServerJson } from '../api/catalogTypes.js';
import { clientSnippets } from './clientSnippets.js';
import { gatewayTarget, upstreamValuesOf } from './gatewayTarget.js';

const server = (remotes: ServerJson['remotes']): ServerJson => ({ name: 'io.github.acme/weather', description: 'd', version: '1.0.0', remotes });

describe('upstreamValuesOf', () => {
  it('lists required headers, and variables declared the person’s, without a fixed value, once each', () => {
    const values = upstreamValuesOf(
      server([
        {
          type: 'streamable-http',
          url: 'https://{tenant}.acme.example/mcp',
          headers: [
            { name: 'X-Api-Key', isRequired: true, isSecret: true, description: 'Your key' },
            { name: 'X-Fixed', isRequired: true, value: 'yes' },
            { name: 'X-Template', isRequired: true, value: 'Bearer {token}' },
            { name: 'X-Optional', isSecret: true },
          ],
          variables: {
            tenant: { isRequired: true, description: 'Set by an administrator' },
            region: { isRequired: true, default: 'eu' },
            key: { isRequired: true, isSecret: true, description: 'Your key in the path' },
            plan: { isRequired: true, choices: ['free', 'team'] },
          },
        },
        { type: 'sse', url: 'https://acme.example/sse', headers: [{ name: 'X-Api-Key', isRequired: true, isSecret: true }] },
        { type: 'stdio' as string, url: 'x', headers: [{ name: 'Ignored', isRequired: true }] },
      ]),
    );
    expect(values).toEqual([
      { name: 'X-Api-Key', kind: 'header', secret: true, description: 'Your key' },
      { name: 'X-Template', kind: 'header', secret: false },
      { name: 'key', kind: 'variable', secret: true, description: 'Your key in the path' },
      { name: 'plan', kind: 'variable', secret: false },
    ]);
  });

  it('is empty for a server with nothing to supply', () => {
    expect(upstreamValuesOf(server(undefined))).toEqual([]);
  });

  it("lists the hosted package's required or secret environment variables without a fixed value, only when Toolshed hosts it", () => {
    const doc = {
      ...server(undefined),
      packages: [
        { registryType: 'nuget', identifier: 'Acme.Weather', version: '1.0.0', transport: { type: 'stdio' }, environmentVariables: [{ name: 'NOT_HOSTED', isRequired: true }] },
        {
          registryType: 'npm',
          identifier: '@acme/weather',
          version: '1.0.0',
          transport: { type: 'stdio' },
          environmentVariables: [
            { name: 'ACME_KEY', isSecret: true, description: 'Your key' },
            { name: 'ACME_REGION', isRequired: true },
            { name: 'ACME_MODE', isRequired: true, default: 'fast' },
            { name: 'ACME_DEBUG' },
          ],
        },
      ],
    } as ServerJson;
    expect(upstreamValuesOf(doc, true)).toEqual([
      { name: 'ACME_KEY', kind: 'variable', secret: true, environment: true, description: 'Your key' },
      { name: 'ACME_REGION', kind: 'variable', secret: false, environment: true },
    ]);
    expect(upstreamValuesOf(doc)).toEqual([]);
  });
});

describe('gatewayTarget', () => {
  const connection = { url: 'https://toolshed.example/mcp/con_abc' };

  it('puts the token header as a placeholder in every snippet of a token-based connection', () => {
    const target = gatewayTarget('io.github.acme/weather', connection);
    const snippets = clientSnippets(target);
    expect(snippets.map((s) => s.client)).toEqual(['claude-desktop', 'claude-code', 'vscode', 'cursor', 'generic']);
    for (const s of snippets) {
      expect(s.text).toContain('https://toolshed.example/mcp/con_abc');
      expect(s.placeholders).toEqual([s.client === 'vscode' ? 'weather-authorization' : 'AUTHORIZATION']);
    }
  });

  it('uses the capability URL alone, with no header', () => {
    const target = gatewayTarget('io.github.acme/weather', connection, { url: 'https://toolshed.example/mcp/con_abc/cap_x' });
    expect(target).toEqual({ serverName: 'io.github.acme/weather', url: 'https://toolshed.example/mcp/con_abc/cap_x', transport: 'streamable-http', headers: [] });
    expect(clientSnippets(target).every((s) => s.placeholders.length === 0)).toBe(true);
  });
});
