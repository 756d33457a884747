/**
 * The publishing journey end to end, as a publisher lives it, once per way of
 * proving a namespace (none, dns, github → github-at, github-oidc, company oidc),
 * on every database: a project whose package.json carries `mcpName` is published
 * with the real `npm publish` to a real npm registry (Verdaccio on loopback);
 * `toolshed init` drafts server.json from it; `toolshed login <method>` obtains
 * the proof against loopback doubles (DNS server, GitHub, an OpenID provider);
 * `toolshed publish` exits 0 with the npm package verified against Verdaccio;
 * the server is then the latest version served, and the audit trail records the
 * publish with the method as the actor's. Then the refusal: a package whose
 * mcpName names another server makes `toolshed publish` exit 1 with the official
 * npm ownership message, and nothing is stored.
 *
 * `http` is not in this journey: its server always fetches
 * https://<domain>/.well-known/mcp-registry-auth, which a test cannot point at
 * 127.0.0.1 without changing the machine. test/domainProofs.test.ts covers it at
 * the API level (exchange → token → publish) with an app fetching from a loopback site.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ed25519Key } from '../src/access/publisherAuth/proofTestKit.js';
import { startFakeGitHub, type FakeGitHub } from './support/fakeGitHub.js';
import { freePort } from './support/freePort.js';
import { runToolshed } from './support/runToolshed.js';
import { CURRENT_SCHEMA } from './support/serverDocs.js';
import { CLIENT_ID, startIdP, type IdP } from './support/startIdP.js';
import { startLoopbackDns, type LoopbackDns } from './support/startLoopbackDns.js';
import { startVerdaccio, type Verdaccio } from './support/startVerdaccio.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const OFFICIAL = 'io.modelcontextprotocol.registry/official';
const DOMAIN = 'journey.example.com';
const GITHUB_TOKEN = 'gho_journey0123456789';
const ACTIONS_REPOSITORY = 'octo-ci/journey';

/** What a login needs from the world the file sets up. */
interface World {
  registry: string;
  dnsKeyHex: string;
  idp: IdP;
  github: FakeGitHub;
}

interface Journey {
  /** The `toolshed login` method. */
  method: string;
  /** `auth_method` in the registry token, hence `actor.method` in the audit trail. */
  actorMethod: string;
  subject: string;
  mcpName: string;
  login(w: World): Promise<{ args: string[]; env?: Record<string, string> }>;
}

const JOURNEYS: Journey[] = [
  {
    method: 'none',
    actorMethod: 'none',
    subject: 'anonymous',
    mcpName: 'io.modelcontextprotocol.anonymous/journey-none',
    login: async (w) => ({ args: ['login', 'none', '--registry', w.registry] }),
  },
  {
    method: 'dns',
    actorMethod: 'dns',
    subject: DOMAIN,
    mcpName: 'com.example.journey/dns-server',
    login: async (w) => ({ args: ['login', 'dns', '--registry', w.registry, '--domain', DOMAIN, '--private-key', w.dnsKeyHex] }),
  },
  {
    method: 'github',
    actorMethod: 'github-at',
    subject: 'octo-journey',
    mcpName: 'io.github.octo-journey/github-server',
    login: async (w) => ({ args: ['login', 'github', '--registry', w.registry, '--token', GITHUB_TOKEN] }),
  },
  {
    method: 'github-oidc',
    actorMethod: 'github-oidc',
    subject: `repo:${ACTIONS_REPOSITORY}:ref:refs/heads/main`,
    mcpName: 'io.github.octo-ci/github-oidc-server',
    login: async (w) => {
      const job = w.github.actionsRequest(ACTIONS_REPOSITORY);
      return { args: ['login', 'github-oidc', '--registry', w.registry], env: { ACTIONS_ID_TOKEN_REQUEST_URL: job.url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: job.token } };
    },
  },
  {
    method: 'oidc',
    actorMethod: 'oidc',
    subject: 'payments-bot',
    mcpName: 'com.acme.payments/oidc-server',
    login: async (w) => ({ args: ['login', 'oidc', '--registry', w.registry, '--token', await w.idp.token('payments-bot')] }),
  },
];

const packageName = (method: string) => `@journey/${method}-server`;
/** Its package.json names the `none` journey's server; its publisher claims the package for a server of their own. */
const IMPOSTOR = { package: packageName('impostor'), claimed: 'io.modelcontextprotocol.anonymous/impostor', mcpName: JOURNEYS[0]!.mcpName };

let scratch: string;
let verdaccio: Verdaccio | undefined;
let dns: LoopbackDns | undefined;
let github: FakeGitHub | undefined;
let idp: IdP | undefined;
const dnsKey = ed25519Key();
/** The published project of each package: the checkout a publisher runs `toolshed init` in. */
const projects = new Map<string, string>();

// Published once for the file, as a release is: a registry version cannot be published twice.
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'toolshed-journey-'));
  mkdirSync(join(scratch, 'verdaccio'));
  [verdaccio, dns, github, idp] = await Promise.all([startVerdaccio(join(scratch, 'verdaccio')), startLoopbackDns(new Map([[DOMAIN, [dnsKey.record]]])), startFakeGitHub(), startIdP()]);
  github.addToken(GITHUB_TOKEN, { login: 'octo-journey' });
  const packages: Array<[string, string]> = [...JOURNEYS.map((j): [string, string] => [packageName(j.method), j.mcpName]), [IMPOSTOR.package, IMPOSTOR.mcpName]];
  await Promise.all(
    packages.map(async ([name, mcpName]) => {
      const dir = join(scratch, 'projects', name.replace('/', '__'));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', description: `The ${name} MCP server`, mcpName }, null, 2));
      await verdaccio!.publish(dir);
      projects.set(name, dir);
    }),
  );
}, 120_000);

afterAll(async () => {
  verdaccio?.close();
  await Promise.all([dns?.close(), github?.close(), idp?.close()]);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe.each(DATABASES)('the publishing journey on %s', (kind) => {
  // Each command is a fresh Node process loading TypeScript; a busy machine needs more than the default.
  describe.skipIf(unavailable(kind))('', { timeout: 120_000 }, () => {
    let t: TestToolshed;
    let world: World;

    beforeAll(async () => {
      // The registry's URL is the github-oidc audience the CLI asks GitHub for, so it is fixed before the app starts.
      const port = await freePort();
      const registry = `http://127.0.0.1:${port}`;
      t = await testToolshed(kind, {
        anonymousAuth: true,
        dnsServers: [dns!.server],
        githubApiUrl: github!.url,
        githubOidcIssuer: github!.url,
        githubOidcAudience: registry,
        oidcIssuer: idp!.issuer,
        oidcClientId: CLIENT_ID,
        oidcClaimRules: [{ claim: 'groups', equals: 'payments-team', grant: [{ action: 'publish', resource: 'com.acme.payments/*' }] }],
        // No registryBaseUrl in the drafted server.json: the first allowed npm registry, Verdaccio, is the one asked.
        verifyPackages: ['npm'],
        npmRegistryUrls: [verdaccio!.url],
        outboundAllow: ['127.0.0.0/8'],
        outboundAllowHttp: true,
      });
      await t.app.listen({ host: '127.0.0.1', port });
      world = { registry, dnsKeyHex: dnsKey.hex, idp: idp!, github: github! };
    });
    afterAll(async () => {
      await t?.destroy();
    });

    /** A fresh checkout of the published project, and a publisher's HOME of its own. */
    function checkout(pkg: string): { dir: string; home: string } {
      const root = mkdtempSync(join(scratch, `${kind}-`));
      const dir = join(root, 'project');
      cpSync(projects.get(pkg)!, dir, { recursive: true });
      mkdirSync(join(root, 'home'));
      return { dir, home: join(root, 'home') };
    }
    const latest = (name: string) => t.app.inject({ url: `/v0.1/servers/${encodeURIComponent(name)}/versions/latest` });

    it.concurrent.for(JOURNEYS)('$method: init → login → publish → served as latest, verified, audited', async (j, { expect }) => {
      const pkg = packageName(j.method);
      const { dir, home } = checkout(pkg);
      const cli = (args: string[], env?: Record<string, string>) => runToolshed(args, { cwd: dir, home, ...(env ? { env } : {}) });

      const init = await cli(['init']);
      expect(init.status, init.stderr).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, 'server.json'), 'utf8'))).toEqual({
        $schema: CURRENT_SCHEMA,
        name: j.mcpName,
        description: `The ${pkg} MCP server`,
        version: '1.0.0',
        packages: [{ registryType: 'npm', identifier: pkg, version: '1.0.0', runtimeHint: 'npx', transport: { type: 'stdio' } }],
      });

      const { args, env } = await j.login(world);
      const login = await cli(args, env);
      expect(login.status, login.stderr).toBe(0);
      expect(login.stdout).toContain('✓ Successfully logged in');

      const publish = await cli(['publish']);
      expect(publish.status, publish.stderr).toBe(0);
      expect(publish.stdout).toContain(`✓ Server ${j.mcpName} version 1.0.0`);

      const served = await latest(j.mcpName);
      expect(served.statusCode, served.body).toBe(200);
      expect(served.json().server).toMatchObject({ name: j.mcpName, version: '1.0.0', packages: [{ registryType: 'npm', identifier: pkg }] });
      expect(served.json()._meta[OFFICIAL]).toMatchObject({ status: 'active', isLatest: true });

      const audit = await t.app.inject({ url: `/api/admin/registry-events?name=${encodeURIComponent(j.mcpName)}`, headers: AUTH });
      expect(audit.statusCode, audit.body).toBe(200);
      expect(audit.json().events).toEqual([expect.objectContaining({ action: 'publish', name: j.mcpName, version: '1.0.0', actor: { subject: j.subject, method: j.actorMethod } })]);
    });

    it('refuses a package whose mcpName names another server: exit 1, the official npm message, nothing stored', async () => {
      const { dir, home } = checkout(IMPOSTOR.package);
      const cli = (args: string[]) => runToolshed(args, { cwd: dir, home });
      expect((await cli(['init'])).status).toBe(0);
      const file = join(dir, 'server.json');
      writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), name: IMPOSTOR.claimed }));
      expect((await cli(['login', 'none', '--registry', world.registry])).status).toBe(0);

      const publish = await cli(['publish']);
      expect(publish.status).toBe(1);
      expect(publish.stderr).toContain('Failed to publish server (HTTP 400');
      expect(publish.stderr).toContain(
        `registry validation failed for package 0 (${IMPOSTOR.package}): NPM package ownership validation failed. Expected mcpName '${IMPOSTOR.claimed}', got '${IMPOSTOR.mcpName}'`,
      );
      expect((await latest(IMPOSTOR.claimed)).statusCode).toBe(404);
    });
  });
});
