/**
 * The hosting journey of issue #22 with nothing faked: an MCP server package built
 * with the SDK is published to a real Verdaccio (the SDK's dependency tree
 * published from node_modules), a server.json naming that npm package and no
 * remote is published to Toolshed, whose composed package preparer fetches it from
 * TOOLSHED_NPM_REGISTRY_URLS (no preparer override). People connect through the
 * gateway with real SDK clients of both eras and call a tool; each person's
 * instance runs with that person's secret, declared in the package's
 * environmentVariables, and not another person's; the audit names the instance.
 * With review on and TOOLSHED_PACKAGE_PREPARE_AT_REVIEW, the version is prepared,
 * probed through an instance running with the shared values only (person null)
 * and scanned before anyone connects: its snapshot lists the package's tools.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as ClientV2, StreamableHTTPClientTransport as StreamableHTTPClientTransportV2 } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personWithToken } from './support/people.js';
import { publishFromNodeModules } from './support/publishFromNodeModules.js';
import { startVerdaccio, type Verdaccio } from './support/startVerdaccio.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { NO_SANDBOX } from './support/sandboxHere.js';

const SERVER = 'io.example/journey';
const PACKAGE = '@journey/secret-mcp';

/** A server built from the SDK whose tool answers the SHA-256 of JOURNEY_TOKEN as it sees it (or `unset`). */
const SERVER_SOURCE = `#!/usr/bin/env node
import { createHash } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
const server = new McpServer({ name: 'journey', version: '1.0.0' });
server.registerTool('token_hash', { description: 'The hash of the token this instance runs with', inputSchema: { salt: z.string() } }, async ({ salt }) => {
  const token = process.env.JOURNEY_TOKEN;
  return { content: [{ type: 'text', text: token ? createHash('sha256').update(salt + token).digest('hex') : 'unset' }] };
});
await server.connect(new StdioServerTransport());
`;

const hashOf = (salt: string, token: string) =>
  createHash('sha256')
    .update(salt + token)
    .digest('hex');
const text = (result: unknown) => ((result as { content: Array<{ text: string }> }).content ?? [])[0]?.text;
const versionOf = (name: string) => (JSON.parse(readFileSync(join(process.cwd(), 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

function serverDoc() {
  return {
    $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
    name: SERVER,
    description: 'A hosted server fetched from the registry',
    version: '1.0.0',
    packages: [
      {
        registryType: 'npm',
        identifier: PACKAGE,
        version: '1.0.0',
        transport: { type: 'stdio' },
        environmentVariables: [{ name: 'JOURNEY_TOKEN', description: 'Your token', isSecret: true }],
      },
    ],
  };
}

let dir: string;
let verdaccio: Verdaccio;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'toolshed-journey-'));
  mkdirSync(join(dir, 'verdaccio'));
  verdaccio = await startVerdaccio(join(dir, 'verdaccio'));
  await publishFromNodeModules(verdaccio, ['@modelcontextprotocol/sdk', 'zod']);
  const pkg = join(dir, 'package');
  mkdirSync(join(pkg, 'bin'), { recursive: true });
  writeFileSync(join(pkg, 'bin/server.mjs'), SERVER_SOURCE, { mode: 0o755 });
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({
      name: PACKAGE,
      version: '1.0.0',
      type: 'module',
      bin: { 'secret-mcp': 'bin/server.mjs' },
      dependencies: { '@modelcontextprotocol/sdk': versionOf('@modelcontextprotocol/sdk'), zod: versionOf('zod') },
    }),
  );
  await verdaccio.publish(pkg);
}, 180_000);

afterAll(() => {
  verdaccio?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Person = Awaited<ReturnType<typeof personWithToken>>;

describe.each(DATABASES)('a package server from a registry, hosted through the gateway, on %s', (kind) => {
  describe.skipIf(unavailable(kind) || NO_SANDBOX !== undefined)('', () => {
    let t: TestToolshed;
    let base: string;
    let alice: Person;
    let bob: Person;

    const api = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
      fetch(`${base}${path}`, {
        method,
        headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });

    /** Waits (polling, without a time limit of its own) until the version's checks are done; returns its review. */
    async function reviewed(name: string): Promise<{ state: string; checks: Array<{ name: string; outcome: string; detail?: string }> }> {
      for (;;) {
        const res = await api('GET', `/api/reviews/${encodeURIComponent(name)}/1.0.0`, AUTH);
        expect(res.status).toBe(200);
        const { review } = (await res.json()) as { review: Awaited<ReturnType<typeof reviewed>> };
        if (review.state !== 'checking' && review.state !== 'submitted') return review;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    async function connect(who: Person): Promise<string> {
      const res = await api('POST', '/api/me/connections', who.headers, { server: SERVER, label: 'journey' });
      const body = await res.text();
      expect(res.status, body).toBe(201);
      return (JSON.parse(body) as { connection: { url: string } }).connection.url;
    }

    beforeAll(async () => {
      t = await testToolshed(
        kind,
        {
          accessDefaultEffect: 'allow',
          npmRegistryUrls: [verdaccio.url],
          outboundAllow: ['127.0.0.0/8'],
          outboundAllowHttp: true,
          hostingStartTimeoutSeconds: 30,
          reviewDefault: 'review',
          packagePrepareAtReview: true,
        },
        { probeNewVersions: true },
      );
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      // A version whose checks pass is approved by this rule, so the journey's people can connect after review.
      const policy = (await (await api('GET', '/api/admin/review-policy/local', AUTH)).json()) as { etag: string; policy: Record<string, unknown> };
      const rule = await fetch(`${base}/api/admin/review-policy/local`, {
        method: 'PUT',
        headers: { ...AUTH, 'content-type': 'application/json', 'if-match': policy.etag },
        body: JSON.stringify({ ...policy.policy, allowSelfApproval: true, rules: [{ namespace: 'io.example/*', when: 'checks-pass' }] }),
      });
      expect(rule.status, await rule.clone().text()).toBe(200);
      const published = await api('POST', '/v0.1/publish', AUTH, serverDoc());
      expect(published.status, await published.clone().text()).toBe(200);
      alice = await personWithToken(t, 'alice', ['gateway']);
      bob = await personWithToken(t, 'bob', ['gateway']);
    }, 120_000);

    afterAll(async () => {
      await t?.destroy();
    });

    it('prepares, probes and scans the version at review, through an instance with the shared values only', async () => {
      const review = await reviewed(SERVER);
      const outcome = (name: string) => review.checks.find((c) => c.name === name)?.outcome;
      expect(outcome('package'), JSON.stringify(review.checks)).toBe('pass');
      expect(outcome('probe'), JSON.stringify(review.checks)).toBe('pass');
      expect(outcome('scan'), JSON.stringify(review.checks)).toBe('pass');
      expect(review.state).toBe('approved');
      const view = await t.inventory.capabilities(SERVER, '1.0.0');
      expect(view).toMatchObject({ status: 'ok', hasRemote: false });
      expect(view.snapshot!.snapshot.items.tools.map((i) => i.key)).toEqual(['token_hash']);
      // The probe's instance is nobody's: it runs with the shared values only.
      expect(
        t.hosting.instances
          .list()
          .filter((i) => i.server === SERVER)
          .map((i) => i.person),
      ).toEqual([null]);
    });

    it('fails the probe at review as unavailable when the instance cannot start, and nothing is approved', async () => {
      const name = 'io.example/journey-absent';
      const doc = { ...serverDoc(), name, packages: [{ ...serverDoc().packages[0]!, identifier: '@journey/absent-mcp' }] };
      const published = await api('POST', '/v0.1/publish', AUTH, doc);
      expect(published.status, await published.clone().text()).toBe(200);
      const review = await reviewed(name);
      const check = (n: string) => review.checks.find((c) => c.name === n);
      expect(check('package')?.outcome).toBe('fail');
      expect(check('probe')).toMatchObject({ outcome: 'fail', detail: expect.stringMatching(/^unavailable: .*cannot serve \(prepare\).*@journey\/absent-mcp@1\.0\.0 was not found/) });
      expect(check('scan')?.outcome).toBe('skipped');
      expect(review.state).toBe('in_review');
      expect(await t.inventory.capabilities(name, '1.0.0')).toMatchObject({ status: 'failed', failure: { kind: 'unavailable' }, snapshot: null });
    });

    it("fetches the package from the registry, runs each person's instance with that person's secret, and the audit names the instance", async () => {
      const enc = encodeURIComponent(SERVER);
      expect((await api('PUT', `/api/me/servers/${enc}/secrets/JOURNEY_TOKEN`, alice.headers, { kind: 'variable', value: 'alice-journey-secret' })).status).toBe(201);
      expect((await api('PUT', `/api/me/servers/${enc}/secrets/JOURNEY_TOKEN`, bob.headers, { kind: 'variable', value: 'bob-journey-secret' })).status).toBe(201);

      const a = new Client({ name: 'journey', version: '1.0.0' });
      await a.connect(new StreamableHTTPClientTransport(new URL(await connect(alice)), { requestInit: { headers: alice.headers } }));
      expect((await a.listTools()).tools.map((tool) => tool.name)).toEqual(['token_hash']);
      expect(text(await a.callTool({ name: 'token_hash', arguments: { salt: 'a1' } }))).toBe(hashOf('a1', 'alice-journey-secret'));

      // Bob on the v2 client in auto mode: his own instance, his own secret.
      const b = new ClientV2({ name: 'journey', version: '2.0.0' }, { versionNegotiation: { mode: 'auto' } });
      await b.connect(new StreamableHTTPClientTransportV2(new URL(await connect(bob)), { requestInit: { headers: bob.headers } }));
      const bobs = text(await b.callTool({ name: 'token_hash', arguments: { salt: 'b1' } }));
      expect(bobs).toBe(hashOf('b1', 'bob-journey-secret'));
      expect(bobs).not.toBe(hashOf('b1', 'alice-journey-secret'));

      // The instances ran what the registry served, prepared by the composed preparer.
      const instances = t.hosting.instances.list().filter((i) => i.server === SERVER && i.person !== null);
      expect(instances.map((i) => i.person).sort()).toEqual([alice.user.id, bob.user.id].sort());
      const prepared = await t.packagePreparer.prepare(serverDoc().packages[0] as never);
      expect(prepared).toMatchObject({ ok: true, prepared: { identifier: PACKAGE, version: '1.0.0', integrity: expect.stringMatching(/^sha512-/) } });

      // The audit names the instance that served each person's call.
      type Call = { principal: { id: string }; instance: string | null };
      const calls = async () => ((await (await api('GET', `/api/admin/gateway/calls?server=${enc}&method=tools%2Fcall`, AUTH)).json()) as { calls: Call[] }).calls;
      await expect.poll(async () => (await calls()).length, { timeout: 10_000, interval: 200 }).toBe(2);
      const audited = await calls();
      for (const who of [alice, bob]) {
        const instance = instances.find((i) => i.person === who.user.id)!;
        expect(audited.find((c) => c.principal.id === who.user.id)?.instance).toBe(instance.instanceId);
      }
      await a.close();
      await b.close();
    });
  });
});
