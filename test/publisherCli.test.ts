/**
 * The `toolshed` publisher commands as a publisher runs them (a child process per
 * command, HOME and XDG_CONFIG_HOME in a scratch directory) against a real
 * Toolshed listening on 127.0.0.1, on every database: `init` from a package.json
 * and from a pyproject.toml (the draft passes validation, locally and through
 * `validate`), `login none` → `publish` → `status` (one version, then every
 * version, which needs --yes without a terminal), the token file's modes and
 * `logout`, expired and garbage tokens, an invalid document's issues, `login dns`
 * with Ed25519 and P-384 keys against a loopback DNS server, and the exit codes
 * (0 ok, 1 refused by the registry, 2 usage or local errors).
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ed25519Key, p384Key } from '../src/access/publisherAuth/proofTestKit.js';
import { validateServerJson } from '../src/catalog/index.js';
import { runToolshed } from './support/runToolshed.js';
import { startLoopbackDns, type LoopbackDns } from './support/startLoopbackDns.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { serverDoc } from './support/serverDocs.js';
import { testToolshed, type TestToolshed } from './support/testToolshed.js';

const ANON = 'io.modelcontextprotocol.anonymous';
const OFFICIAL = 'io.modelcontextprotocol.registry/official';

const mode = (path: string) => statSync(path).mode & 0o777;
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'ignore', env: { PATH: process.env.PATH ?? '', HOME: cwd } });

const CLIENT_ID = 'Iv1.toolshed-cli-test';
const OIDC_AUDIENCE = 'toolshed-cli-test';

/**
 * GitHub's side of `login github` (the device flow, then the API the registry
 * asks who the token belongs to) and of `login github-oidc` (the Actions token
 * endpoint and the issuer's JWKS), on loopback: GitHub itself cannot run here.
 */
async function fakeGitHub() {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const seen = { polls: 0, audience: '' };
  let base = '';
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', base);
        const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
        if (url.pathname === '/login/device/code' && body.client_id === CLIENT_ID) {
          return send(res, 200, { device_code: 'device-1', user_code: 'ABCD-1234', verification_uri: `${base}/login/device`, expires_in: 60, interval: 1 });
        }
        if (url.pathname === '/login/oauth/access_token' && body.device_code === 'device-1') {
          seen.polls++;
          return send(res, 200, seen.polls === 1 ? { error: 'authorization_pending' } : { access_token: 'gho_cli', token_type: 'bearer' });
        }
        if (url.pathname === '/user' && req.headers.authorization === 'Bearer gho_cli') return send(res, 200, { login: 'octo-cli' });
        if (url.pathname === '/user/memberships/orgs' && req.headers.authorization === 'Bearer gho_cli') return send(res, 200, []);
        if (url.pathname === '/.well-known/jwks') return send(res, 200, { keys: [jwk] });
        if (url.pathname === '/actions-token' && req.headers.authorization === 'Bearer actions-request-token') {
          seen.audience = url.searchParams.get('audience') ?? '';
          const value = await new SignJWT({ repository_owner: 'octo-ci' })
            .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
            .setIssuer(base)
            .setAudience(OIDC_AUDIENCE)
            .setSubject('repo:octo-ci/tool:ref:refs/heads/main')
            .setIssuedAt()
            .setExpirationTime('5m')
            .sign(privateKey);
          return send(res, 200, { count: 1, value });
        }
        return send(res, 404, { message: 'Not Found' });
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each(DATABASES)('the toolshed publisher CLI against a live registry on %s', (kind) => {
  // Each command is a fresh Node process loading TypeScript; a busy machine needs more than the default.
  describe.skipIf(unavailable(kind))('', { timeout: 120_000 }, () => {
    let t: TestToolshed;
    let registry: string;
    let scratch: string;
    let home: string;
    let dns: LoopbackDns;
    let github: Awaited<ReturnType<typeof fakeGitHub>>;
    const txt = new Map<string, string[]>();

    beforeAll(async () => {
      dns = await startLoopbackDns(txt);
      github = await fakeGitHub();
      t = await testToolshed(kind, {
        anonymousAuth: true,
        dnsServers: [dns.server],
        githubApiUrl: github.base,
        githubClientId: CLIENT_ID,
        githubOidcIssuer: github.base,
        githubOidcAudience: OIDC_AUDIENCE,
        outboundAllow: ['127.0.0.0/8'],
        outboundAllowHttp: true,
      });
      registry = await t.app.listen({ host: '127.0.0.1', port: 0 });
      scratch = mkdtempSync(join(tmpdir(), 'toolshed-cli-'));
      home = join(scratch, 'home');
      mkdirSync(home);
    });
    afterAll(async () => {
      await t?.destroy();
      await dns?.close();
      await github?.close();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    const tokenFile = () => join(home, 'xdg', 'toolshed', 'token.json');
    const cli = (args: string[], cwd = scratch, env?: Record<string, string>) => runToolshed(args, { cwd, home, ...(env ? { env } : {}) });
    const project = (name: string) => {
      const dir = join(scratch, name);
      mkdirSync(dir, { recursive: true });
      return dir;
    };
    const statusOf = async (name: string, version: string) => {
      const res = await t.app.inject({ url: `/v0/servers/${encodeURIComponent(name)}/versions/${version}?include_deleted=true` });
      return res.json()._meta[OFFICIAL].status as string;
    };

    it('init drafts server.json from package.json and the GitHub origin; it validates and is never overwritten', async () => {
      const dir = project('npm-project');
      git(dir, 'init', '-q');
      git(dir, 'remote', 'add', 'origin', 'git@github.com:acme/weather-tool.git');
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@acme/weather-tool', description: 'Weather for agents', version: '2.3.4' }));

      const init = await cli(['init'], dir);
      expect(init.status, init.stderr).toBe(0);
      const file = join(dir, 'server.json');
      expect(mode(file)).toBe(0o600);
      const doc = JSON.parse(readFileSync(file, 'utf8'));
      expect(doc).toEqual({
        $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
        name: 'io.github.acme/weather-tool',
        description: 'Weather for agents',
        version: '2.3.4',
        repository: { url: 'https://github.com/acme/weather-tool', source: 'github' },
        packages: [{ registryType: 'npm', identifier: '@acme/weather-tool', version: '2.3.4', runtimeHint: 'npx', transport: { type: 'stdio' } }],
      });
      expect(init.stdout).toContain('"mcpName": "io.github.acme/weather-tool"');
      expect(validateServerJson(doc)).toMatchObject({ valid: true });

      const validate = await cli(['validate', '--registry', registry], dir);
      expect(validate.status, validate.stderr).toBe(0);
      expect(validate.stdout).toContain('✅ server.json is valid');

      const again = await cli(['init'], dir);
      expect(again.status).toBe(2);
      expect(again.stderr).toContain('server.json already exists');
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(doc);
    });

    it('init drafts server.json from pyproject.toml in a GitLab monorepo subfolder', async () => {
      const root = project('monorepo');
      git(root, 'init', '-q');
      git(root, 'remote', 'add', 'origin', 'https://gitlab.com/acme/tools.git');
      const dir = join(root, 'servers', 'forecast');
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'pyproject.toml'),
        [
          '[build-system]',
          'requires = ["hatchling"]',
          '',
          '[project]',
          'name = "forecast-mcp"',
          'dependencies = [',
          '  "mcp[cli]>=1.0",',
          ']',
          "description = 'Forecasts over MCP' # short",
          'version = "0.4.0"',
          '',
          '[project.urls]',
          'name = "not-this-one"',
        ].join('\n'),
      );

      const init = await cli(['init'], dir);
      expect(init.status, init.stderr).toBe(0);
      const doc = JSON.parse(readFileSync(join(dir, 'server.json'), 'utf8'));
      expect(doc).toMatchObject({
        name: 'com.example/forecast',
        description: 'Forecasts over MCP',
        version: '0.4.0',
        repository: { url: 'https://gitlab.com/acme/tools', source: 'gitlab', subfolder: 'servers/forecast' },
        packages: [{ registryType: 'pypi', identifier: 'forecast-mcp', version: '0.4.0', runtimeHint: 'uvx', transport: { type: 'stdio' } }],
      });
      expect(init.stdout).toContain('mcp-name: com.example/forecast');
      expect(validateServerJson(doc)).toMatchObject({ valid: true });
      const validate = await cli(['validate', 'server.json', '--registry', registry], dir);
      expect(validate.status, validate.stderr).toBe(0);
    });

    it('init keeps the mcpName and leaves out a repository on a host the registry does not accept', async () => {
      const dir = project('bitbucket-project');
      git(dir, 'init', '-q');
      git(dir, 'remote', 'add', 'origin', 'git@bitbucket.org:acme/thing.git');
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'thing-mcp', mcpName: 'com.acme/thing', description: 'x'.repeat(150) }));
      const init = await cli(['init'], dir);
      expect(init.status, init.stderr).toBe(0);
      const doc = JSON.parse(readFileSync(join(dir, 'server.json'), 'utf8'));
      expect(doc.name).toBe('com.acme/thing');
      expect(doc.version).toBe('1.0.0');
      expect(doc).not.toHaveProperty('repository');
      expect([...doc.description]).toHaveLength(100);
      expect(validateServerJson(doc)).toMatchObject({ valid: true });
    });

    it('login none → publish → status of one version → status of every version (needs --yes) → logout', async () => {
      const name = `${ANON}/cli-flow`;
      const dir = project('flow');
      writeFileSync(join(dir, 'server.json'), JSON.stringify(serverDoc(name, '1.0.0')));
      writeFileSync(join(dir, 'next.json'), JSON.stringify(serverDoc(name, '1.1.0')));

      const login = await cli(['login', 'none', '--registry', `${registry}/`]);
      expect(login.status, login.stderr).toBe(0);
      expect(login.stdout).toContain('✓ Successfully logged in');
      expect(mode(join(home, 'xdg', 'toolshed'))).toBe(0o700);
      expect(mode(tokenFile())).toBe(0o600);
      const stored = JSON.parse(readFileSync(tokenFile(), 'utf8'));
      expect(stored).toMatchObject({ method: 'none', registry });
      expect(stored.token.split('.')).toHaveLength(3);
      expect(stored.expires_at).toBeGreaterThan(Date.now() / 1000);

      const publish = await cli(['publish'], dir);
      expect(publish.status, publish.stderr).toBe(0);
      expect(publish.stdout).toContain('✓ Successfully published');
      expect(publish.stdout).toContain(`✓ Server ${name} version 1.0.0`);
      expect((await cli(['publish', 'next.json'], dir)).status).toBe(0);
      expect(await statusOf(name, '1.1.0')).toBe('active');

      const deprecate = await cli(['status', name, '1.0.0', '--status', 'deprecated', '--message', 'use 1.1.0']);
      expect(deprecate.status, deprecate.stderr).toBe(0);
      expect(deprecate.stdout).toContain(`${name} 1.0.0: active → deprecated`);
      expect(await statusOf(name, '1.0.0')).toBe('deprecated');
      expect(await statusOf(name, '1.1.0')).toBe('active');

      const unconfirmed = await cli(['status', name, '--all-versions', '--status', 'deleted']);
      expect(unconfirmed.status).toBe(2);
      expect(unconfirmed.stderr).toContain('pass --yes');
      expect(await statusOf(name, '1.1.0')).toBe('active');

      const all = await cli(['status', name, '--all-versions', '--status', 'deleted', '--yes']);
      expect(all.status, all.stderr).toBe(0);
      expect(all.stdout).toContain(`${name} 1.0.0: deprecated → deleted`);
      expect(all.stdout).toContain(`${name} 1.1.0: active → deleted`);
      expect(await statusOf(name, '1.0.0')).toBe('deleted');
      expect(await statusOf(name, '1.1.0')).toBe('deleted');

      const logout = await cli(['logout']);
      expect(logout.status).toBe(0);
      expect(existsSync(tokenFile())).toBe(false);
      const after = await cli(['publish'], dir);
      expect(after.status).toBe(2);
      expect(after.stderr).toContain('not logged in');
    });

    it('refuses to publish with an expired or a garbage token, saying to log in again', async () => {
      const dir = project('tokens');
      writeFileSync(join(dir, 'server.json'), JSON.stringify(serverDoc(`${ANON}/cli-tokens`, '1.0.0')));
      expect((await cli(['login', 'none', '--registry', registry])).status).toBe(0);
      const stored = JSON.parse(readFileSync(tokenFile(), 'utf8'));

      writeFileSync(tokenFile(), JSON.stringify({ ...stored, expires_at: Math.floor(Date.now() / 1000) - 60 }));
      const expired = await cli(['publish'], dir);
      expect(expired.status).toBe(1);
      expect(expired.stderr).toContain('your registry token expired at');
      expect(expired.stderr).toContain(`toolshed login none --registry ${registry}`);

      writeFileSync(tokenFile(), JSON.stringify({ ...stored, token: 'aaa.bbb.ccc' }));
      const garbage = await cli(['publish'], dir);
      expect(garbage.status).toBe(1);
      expect(garbage.stderr).toContain('(HTTP 401 Unauthorized)');
      expect(garbage.stderr).toContain('Log in again: toolshed login none');
      expect((await t.app.inject({ url: `/v0/servers/${encodeURIComponent(`${ANON}/cli-tokens`)}/versions` })).statusCode).toBe(404);
    });

    it('prints the issues of an invalid document, and exits 2 for a file that is not JSON', async () => {
      const dir = project('invalid');
      writeFileSync(join(dir, 'server.json'), JSON.stringify(serverDoc(`${ANON}/cli-invalid`, 'latest')));
      writeFileSync(join(dir, 'broken.json'), '{"name": ');
      expect((await cli(['login', 'none', '--registry', registry])).status).toBe(0);

      const publish = await cli(['publish'], dir);
      expect(publish.status).toBe(1);
      expect(publish.stderr).toContain('Validation issues:');
      expect(publish.stderr).toContain("✗ error version: version string 'latest' is reserved and cannot be used");

      const validate = await cli(['validate'], dir);
      expect(validate.status).toBe(1);
      expect(validate.stderr).toContain("version string 'latest' is reserved");

      const broken = await cli(['publish', 'broken.json'], dir);
      expect(broken.status).toBe(2);
      expect(broken.stderr).toContain('broken.json is not valid JSON');
    });

    it('login dns signs with a key file (Ed25519) or a key (P-384) and prints the TXT record to publish', async () => {
      const ed = ed25519Key();
      const p384 = p384Key();
      txt.set('cli-ed.example.com', ['unrelated=1', ed.record]);
      txt.set('cli-p384.example.com', [p384.record]);
      const keyFile = join(scratch, 'ed25519.key');
      writeFileSync(keyFile, `${ed.hex}\n`, { mode: 0o600 });

      const login = await cli(['login', 'dns', '--registry', registry, '--domain', 'cli-ed.example.com', '--private-key-file', keyFile]);
      expect(login.stdout).toContain(`cli-ed.example.com. IN TXT "${ed.record}"`);
      expect(login.status, login.stderr).toBe(0);
      expect(JSON.parse(readFileSync(tokenFile(), 'utf8')).method).toBe('dns');
      const dir = project('dns');
      writeFileSync(join(dir, 'server.json'), JSON.stringify(serverDoc('com.example.cli-ed/server', '1.0.0')));
      const publish = await cli(['publish'], dir);
      expect(publish.status, publish.stderr).toBe(0);

      const ec = await cli(['login', 'dns', '--registry', registry, '--domain', 'cli-p384.example.com', '--algorithm', 'ecdsap384', '--private-key', p384.hex]);
      expect(ec.stdout).toContain(`cli-p384.example.com. IN TXT "${p384.record}"`);
      expect(ec.status, ec.stderr).toBe(0);

      // A key whose public half is not published: the registry refuses (exit 1).
      const stranger = await cli(['login', 'dns', '--registry', registry, '--domain', 'cli-p384.example.com', '--private-key', ed25519Key().hex]);
      expect(stranger.status).toBe(1);
      expect(stranger.stderr).toContain('DNS authentication failed');
    });

    it('login github runs the device flow with the client id from /v0/health; login github-oidc uses the Actions token', async () => {
      const device = await cli(['login', 'github', '--registry', registry], scratch, { TOOLSHED_GITHUB_URL: github.base });
      expect(device.status, device.stderr).toBe(0);
      expect(device.stdout).toContain(`open ${github.base}/login/device and enter the code: ABCD-1234`);
      expect(github.seen.polls).toBe(2);
      expect(JSON.parse(readFileSync(tokenFile(), 'utf8')).method).toBe('github');
      const dir = project('github');
      writeFileSync(join(dir, 'server.json'), JSON.stringify(serverDoc('io.github.octo-cli/tool', '1.0.0')));
      writeFileSync(join(dir, 'ci.json'), JSON.stringify(serverDoc('io.github.octo-ci/tool', '1.0.0')));
      expect((await cli(['publish'], dir)).status).toBe(0);
      const outside = await cli(['publish', 'ci.json'], dir);
      expect(outside.status).toBe(1);
      expect(outside.stderr).toContain('You do not have permission to publish this server');

      const actions = await cli(['login', 'github-oidc', '--registry', registry], scratch, {
        ACTIONS_ID_TOKEN_REQUEST_URL: `${github.base}/actions-token?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'actions-request-token',
      });
      expect(actions.status, actions.stderr).toBe(0);
      expect(github.seen.audience).toBe(new URL(registry).origin);
      const ci = await cli(['publish', 'ci.json'], dir);
      expect(ci.status, ci.stderr).toBe(0);
      expect(ci.stdout).toContain('✓ Server io.github.octo-ci/tool version 1.0.0');
    });

    it('exits 2 for usage errors and proofs that cannot be obtained here', async () => {
      const noMethod = await cli(['login', 'password']);
      expect(noMethod.status).toBe(2);
      const noDomain = await cli(['login', 'dns', '--registry', registry, '--private-key', ed25519Key().hex]);
      expect(noDomain.status).toBe(2);
      expect(noDomain.stderr).toContain('--domain is required');
      const shortKey = await cli(['login', 'dns', '--registry', registry, '--domain', 'example.com', '--private-key', 'abcd']);
      expect(shortKey.status).toBe(2);
      expect(shortKey.stderr).toContain('64 characters');
      const oidc = await cli(['login', 'github-oidc', '--registry', registry]);
      expect(oidc.status).toBe(2);
      expect(oidc.stderr).toContain('id-token: write');
      const both = await cli(['status', `${ANON}/x`, '1.0.0', '--all-versions', '--status', 'active']);
      expect(both.status).toBe(2);
      const offline = project('unreachable');
      writeFileSync(join(offline, 'server.json'), JSON.stringify(serverDoc(`${ANON}/x`, '1.0.0')));
      const unreachable = await cli(['validate', '--registry', 'http://127.0.0.1:9'], offline);
      expect(unreachable.status).toBe(2);
      expect(unreachable.stderr).toContain('cannot reach http://127.0.0.1:9');
    });
  });
});
