/**
 * Sources from the config file: `federationSources` is read from a YAML or JSON
 * file only (no environment variable), checked with the admin API's rules and a
 * message naming the entry and field, and applied at start-up on every database —
 * added when new, updated when the file changes them, with what the file leaves
 * out and sources it does not name left as the API set them; the auth header is
 * stored but never shown.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type Config } from '../src/config.js';
import { createToolshed } from '../src/createToolshed.js';
import { DATABASES, scratchDatabase, unavailable } from './support/testDatabases.js';
import { ADMIN_TOKEN, AUTH } from './support/testToolshed.js';

const dir = mkdtempSync(join(tmpdir(), 'toolshed-fedconfig-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('federationSources in the config file', () => {
  it('reads the sources from YAML', () => {
    const path = file(
      'sources.yaml',
      [
        'federationSources:',
        '  - name: official',
        '    baseUrl: https://registry.modelcontextprotocol.io',
        '    intervalSeconds: 3600',
        '    precedence: 10',
        '    filter:',
        '      namespaces: [io.github.acme]',
        '      statuses: [active]',
        '  - name: partner',
        '    baseUrl: https://mcp.partner.example',
        '    authHeader: Bearer from-the-file',
        '    enabled: false',
        '',
      ].join('\n'),
    );
    const config = loadConfig({ TOOLSHED_CONFIG: path });
    expect(config.federationSources).toEqual([
      {
        name: 'official',
        baseUrl: 'https://registry.modelcontextprotocol.io',
        intervalSeconds: 3600,
        precedence: 10,
        filter: { namespaces: ['io.github.acme'], statuses: ['active'] },
      },
      { name: 'partner', baseUrl: 'https://mcp.partner.example', authHeader: 'Bearer from-the-file', enabled: false },
    ]);
  });

  it('defaults to none and is not an environment variable', () => {
    expect(loadConfig({}).federationSources).toEqual([]);
    expect(loadConfig({ TOOLSHED_FEDERATION_SOURCES: '[{"name":"x","baseUrl":"https://x.example"}]' }).federationSources).toEqual([]);
  });

  it('refuses a bad entry, naming the entry and the field', () => {
    const path = file(
      'bad.json',
      JSON.stringify({
        federationSources: [
          { name: 'ok', baseUrl: 'https://a.example' },
          { name: 'Bad Name', baseUrl: 'https://b.example', colour: 'red' },
        ],
      }),
    );
    let message = '';
    try {
      loadConfig({ TOOLSHED_CONFIG: path });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toContain('federationSources[1.name]');
    expect(message).toContain('federationSources[1]');
    expect(message).toContain('colour');
    expect(message).not.toContain('unknown setting');
  });
});

describe.each(DATABASES)('configured sources at start-up on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    it('adds them, updates them when the file changes, and leaves the rest as the API set it', async () => {
      const db = await scratchDatabase(kind);
      const start = (federationSources: Config['federationSources']) =>
        createToolshed(
          loadConfig(
            {},
            {
              dataDir: db.dataDir,
              ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : {}),
              adminToken: ADMIN_TOKEN,
              logLevel: 'silent',
              federationSources,
            },
          ),
        );
      try {
        let t = await start([
          { name: 'official', baseUrl: 'https://registry.modelcontextprotocol.io', intervalSeconds: 3600, precedence: 10 },
          { name: 'partner', baseUrl: 'https://mcp.partner.example', authHeader: 'Bearer from-the-file' },
        ]);
        let sources = (await t.app.inject({ url: '/api/admin/sources', headers: AUTH })).json().sources;
        expect(sources.map((s: { name: string }) => s.name).sort()).toEqual(['official', 'partner']);
        expect(sources.find((s: { name: string }) => s.name === 'official')).toMatchObject({ intervalSeconds: 3600, precedence: 10, enabled: true });
        expect(sources.find((s: { name: string }) => s.name === 'partner').hasAuthHeader).toBe(true);
        const res = await t.app.inject({ url: '/api/admin/sources', headers: AUTH });
        expect(res.body).not.toContain('from-the-file');
        // Changed through the API between restarts: a setting the file does not name, and a source it does not know.
        expect((await t.app.inject({ method: 'PATCH', url: '/api/admin/sources/official', headers: AUTH, payload: { enabled: false } })).statusCode).toBe(200);
        expect((await t.app.inject({ method: 'POST', url: '/api/admin/sources', headers: AUTH, payload: { name: 'by-api', baseUrl: 'https://api.example' } })).statusCode).toBe(201);
        await t.close();

        t = await start([{ name: 'official', baseUrl: 'https://registry.modelcontextprotocol.io', intervalSeconds: 600, precedence: 10 }]);
        sources = (await t.app.inject({ url: '/api/admin/sources', headers: AUTH })).json().sources;
        const byName = Object.fromEntries(sources.map((s: { name: string }) => [s.name, s]));
        expect(Object.keys(byName).sort()).toEqual(['by-api', 'official', 'partner']);
        expect(byName.official).toMatchObject({ intervalSeconds: 600, precedence: 10, enabled: false });
        expect(byName.partner.hasAuthHeader).toBe(true);
        await t.close();
      } finally {
        await db.drop();
      }
    });
  });
});
