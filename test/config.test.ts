/**
 * Configuration: the defaults (127.0.0.1:8080, ./data), environment overrides, an
 * optional JSON or YAML file named by TOOLSHED_CONFIG (the environment wins), and a
 * clear message naming the variable (or file key) for every bad value; `toolshed
 * serve` with a bad value exits 2 with that message and no stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, ENV_NAMES, isListSetting, loadConfig } from '../src/config.js';
import { configFailure } from './support/configFailure.js';

const dir = mkdtempSync(join(tmpdir(), 'toolshed-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const failure = configFailure;

describe('loadConfig', () => {
  it('defaults to 127.0.0.1:8080 with the embedded database in ./data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8080, dataDir: './data', logLevel: 'info' });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.adminToken).toBeUndefined();
  });

  it('takes every setting from its environment variable, ignoring empty ones', () => {
    const config = loadConfig({
      TOOLSHED_HOST: '0.0.0.0',
      TOOLSHED_PORT: '9090',
      TOOLSHED_DATA_DIR: '/var/lib/toolshed',
      DATABASE_URL: 'postgresql://db.internal/toolshed',
      TOOLSHED_DATABASE_POOL_SIZE: '25',
      TOOLSHED_ADMIN_TOKEN: 'a'.repeat(16),
      TOOLSHED_CACHE_MAX_AGE: '60',
      TOOLSHED_RESPONSE_CACHE_MB: '0',
      TOOLSHED_LOG_LEVEL: 'warn',
      TOOLSHED_REVIEW_DEFAULT: 'approve',
      TOOLSHED_PUBLIC_URL: 'https://registry.example.com',
      TOOLSHED_CONFIG: '',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 9090,
      dataDir: '/var/lib/toolshed',
      databaseUrl: 'postgresql://db.internal/toolshed',
      databasePoolSize: 25,
      adminToken: 'a'.repeat(16),
      cacheMaxAge: 60,
      responseCacheMb: 0,
      logLevel: 'warn',
      publicUrl: 'https://registry.example.com',
    });
    expect(loadConfig({ TOOLSHED_PORT: '' }).port).toBe(8080);
  });

  it('reads an empty or `none` list variable from the environment as the empty list, or refuses it saying why', () => {
    // The documented way (docs/configuration.md) to turn package checks off.
    expect(loadConfig({ TOOLSHED_VERIFY_PACKAGES: '' }).verifyPackages).toEqual([]);
    expect(loadConfig({ TOOLSHED_VERIFY_PACKAGES: 'none' }).verifyPackages).toEqual([]);
    expect(loadConfig({ TOOLSHED_OCI_REGISTRIES: ' NONE ' }).ociRegistries).toEqual([]);
    const lists = Object.entries(ENV_NAMES).filter(([key]) => isListSetting(key));
    expect(lists.map(([key]) => key)).toEqual(expect.arrayContaining(['verifyPackages', 'blockedNamespaces', 'outboundAllow', 'mcpbHosts', 'adminUsers']));
    // Lists the server cannot run with empty are refused with the reason, never silently left at the default.
    const mustHaveEntries = ['npmRegistryUrls', 'pypiRegistryUrls', 'nugetRegistryUrls', 'oidcScopes'];
    for (const [key, name] of lists) {
      for (const value of ['', 'none']) {
        if (mustHaveEntries.includes(key)) {
          expect(failure({ [name]: value }), `${name}=${value}`).toMatch(new RegExp(`${name} \\(${key}\\): (cannot be empty|must include openid)`));
        } else {
          expect(loadConfig({ [name]: value })[key as keyof ReturnType<typeof loadConfig>], `${name}=${value}`).toEqual([]);
        }
      }
    }
    // `none` is only the whole value; as an entry it is an entry like any other.
    expect(failure({ TOOLSHED_VERIFY_PACKAGES: 'npm,none' })).toMatch(/TOOLSHED_VERIFY_PACKAGES/);
    expect(() => loadConfig({ TOOLSHED_OIDC_SCOPES: 'openid' })).not.toThrow(ConfigError);
  });

  it('reads a JSON file named by TOOLSHED_CONFIG, under the environment', () => {
    const path = file('toolshed.json', JSON.stringify({ port: 7000, host: '10.0.0.1', cacheMaxAge: 30 }));
    expect(loadConfig({ TOOLSHED_CONFIG: path })).toMatchObject({ port: 7000, host: '10.0.0.1', cacheMaxAge: 30 });
    expect(loadConfig({ TOOLSHED_CONFIG: path, TOOLSHED_PORT: '7001' })).toMatchObject({ port: 7001, host: '10.0.0.1' });
  });

  it('reads a YAML file (.yaml and .yml)', () => {
    const text = 'port: 7100\ndataDir: /srv/toolshed\nlogLevel: debug\n';
    for (const name of ['toolshed.yaml', 'toolshed.yml']) {
      expect(loadConfig({ TOOLSHED_CONFIG: file(name, text) })).toMatchObject({
        port: 7100,
        dataDir: '/srv/toolshed',
        logLevel: 'debug',
      });
    }
  });

  it('names the variable and what to fix for each bad value', () => {
    expect(failure({ TOOLSHED_PORT: 'eighty' })).toMatch(/TOOLSHED_PORT.*must be a whole number from 0 to 65535/);
    expect(failure({ TOOLSHED_PORT: '65536' })).toMatch(/TOOLSHED_PORT.*must be a whole number from 0 to 65535/);
    expect(failure({ TOOLSHED_PORT: '80.5' })).toMatch(/TOOLSHED_PORT/);
    expect(failure({ DATABASE_URL: 'mysql://db/toolshed' })).toMatch(/DATABASE_URL.*postgres:\/\//);
    expect(failure({ TOOLSHED_ADMIN_TOKEN: 'short' })).toMatch(/TOOLSHED_ADMIN_TOKEN.*at least 16 characters/);
    expect(failure({ TOOLSHED_LOG_LEVEL: 'loud' })).toMatch(/TOOLSHED_LOG_LEVEL/);
    expect(failure({ TOOLSHED_PUBLIC_URL: 'not a url' })).toMatch(/TOOLSHED_PUBLIC_URL/);
    // A rate above the ceiling says so (not "must be a number").
    const tooFast = failure({ TOOLSHED_GATEWAY_RATE_LIMITS: JSON.stringify([{ scope: 'user', ratePerMinute: 2_000_000, burst: 0 }]) });
    expect(tooFast).toMatch(/TOOLSHED_GATEWAY_RATE_LIMITS.*ratePerMinute\]: must be at most 1000000/);
    expect(tooFast).toMatch(/burst\]: must be at least 1/);
    expect(tooFast).not.toMatch(/must be a number/);
  });

  it('reports every bad value at once, and never echoes the admin token', () => {
    const message = failure({ TOOLSHED_PORT: '-1', TOOLSHED_ADMIN_TOKEN: 'secret-value' });
    expect(message).toMatch(/TOOLSHED_PORT/);
    expect(message).toMatch(/TOOLSHED_ADMIN_TOKEN/);
    expect(message).not.toContain('secret-value');
  });

  it('names the file and the key for a bad value or an unknown key in the file', () => {
    const bad = file('bad-port.json', JSON.stringify({ port: 'x' }));
    expect(failure({ TOOLSHED_CONFIG: bad })).toMatch(new RegExp(`TOOLSHED_CONFIG ${bad}: port.*whole number`));
    const unknown = file('unknown.yaml', 'port: 8081\ndatabase_url: postgres://x\n');
    expect(failure({ TOOLSHED_CONFIG: unknown })).toMatch(/TOOLSHED_CONFIG .*unknown\.yaml: unknown setting\(s\) database_url/);
  });

  it('reports an unreadable, unparsable or non-object file under TOOLSHED_CONFIG', () => {
    expect(failure({ TOOLSHED_CONFIG: join(dir, 'missing.json') })).toMatch(/TOOLSHED_CONFIG: cannot read .*missing\.json \(ENOENT\)/);
    expect(failure({ TOOLSHED_CONFIG: dir })).toMatch(/TOOLSHED_CONFIG: cannot read/);
    expect(failure({ TOOLSHED_CONFIG: file('broken.json', '{"port": ') })).toMatch(/TOOLSHED_CONFIG: .*broken\.json is not valid JSON/);
    expect(failure({ TOOLSHED_CONFIG: file('broken.yaml', 'port: [1,\n') })).toMatch(/TOOLSHED_CONFIG: .*broken\.yaml is not valid YAML/);
    expect(failure({ TOOLSHED_CONFIG: file('list.json', '[1, 2]') })).toMatch(/TOOLSHED_CONFIG: .*must hold an object of settings/);
  });
});

describe('toolshed serve with a bad configuration', () => {
  const serve = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['bin/toolshed.js', 'serve'], {
      cwd: join(import.meta.dirname, '..'),
      env: { PATH: process.env.PATH ?? '', TOOLSHED_DATA_DIR: join(dir, 'data'), ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });

  it.each([
    [{ TOOLSHED_PORT: 'http' }, /TOOLSHED_PORT \(port\): must be a whole number/],
    [{ DATABASE_URL: 'mysql://db/toolshed' }, /DATABASE_URL \(databaseUrl\): must be a postgres/],
    [{ TOOLSHED_ADMIN_TOKEN: 'short' }, /TOOLSHED_ADMIN_TOKEN \(adminToken\): must be at least 16 characters/],
    [{ TOOLSHED_CONFIG: '/nonexistent/toolshed.yaml' }, /TOOLSHED_CONFIG: cannot read/],
  ])('%o exits 2 with the message and no stack trace', (env, message) => {
    const run = serve(env);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).not.toContain('toolshed is serving');
  });
});
