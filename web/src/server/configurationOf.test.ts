/** The configuration a person must supply, read from server.json (web/src/server/configurationOf.ts). */
import { describe, expect, it } from 'vitest';
import { configurationOf } from './configurationOf.js';

describe('configurationOf', () => {
  it('gathers environment variables, arguments and headers with required and secret flags', () => {
    const groups = configurationOf({
      name: 'io.github.acme/db',
      description: 'd',
      version: '1.0.0',
      packages: [
        {
          registryType: 'npm',
          identifier: '@acme/db',
          version: '1.0.0',
          environmentVariables: [
            { name: 'DB_PASSWORD', description: 'Database password', isRequired: true, isSecret: true },
            { name: 'DB_HOST', default: 'localhost' },
          ],
          runtimeArguments: [{ type: 'named', name: '--yes', value: '--yes' }],
          packageArguments: [
            { type: 'positional', valueHint: 'database_url', isRequired: true },
            { type: 'named', name: '--mode', choices: ['ro', 'rw'], default: 'ro' },
          ],
        },
      ],
      remotes: [
        {
          type: 'streamable-http',
          url: 'https://{tenant}.db.example/mcp',
          headers: [{ name: 'Authorization', description: 'Bearer token', isRequired: true, isSecret: true }],
          variables: { tenant: { description: 'Your tenant', isRequired: true } },
        },
      ],
    });
    expect(groups.map((g) => g.label)).toEqual(['npm @acme/db@1.0.0', 'streamable-http https://{tenant}.db.example/mcp']);
    expect(groups[0]!.settings).toEqual([
      { kind: 'environment variable', name: 'DB_PASSWORD', description: 'Database password', required: true, secret: true },
      { kind: 'environment variable', name: 'DB_HOST', required: false, secret: false, value: 'localhost' },
      { kind: 'argument', name: 'database_url', required: true, secret: false },
      { kind: 'argument', name: '--mode', required: false, secret: false, value: 'ro', choices: ['ro', 'rw'] },
    ]);
    expect(groups[1]!.settings).toEqual([
      { kind: 'header', name: 'Authorization', description: 'Bearer token', required: true, secret: true },
      { kind: 'URL variable', name: 'tenant', description: 'Your tenant', required: true, secret: false },
    ]);
  });

  it('gives an empty list for a server that needs nothing', () => {
    expect(configurationOf({ name: 'a/b', description: 'd', version: '1' })).toEqual([]);
    expect(configurationOf({ name: 'a/b', description: 'd', version: '1', remotes: [{ type: 'sse', url: 'https://x/sse' }] })[0]!.settings).toEqual([]);
  });
});
