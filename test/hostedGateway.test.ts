/**
 * Hosted package servers through the gateway, end to end: a catalog server with
 * no remote but an npm package (the fixture, prepared from disk), real SDK
 * clients of both eras on the person's connection URL, each person's instance
 * running with their own secret, a shared instance with only the shared values,
 * the hosting settings API, and the refusals the gateway answers for an instance
 * that cannot serve.
 */
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as ClientV2, StreamableHTTPClientTransport as StreamableHTTPClientTransportV2 } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHostedFixture, fixturePackage, type HostedFixture } from './support/hostedFixture.js';
import { personWithToken } from './support/people.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { NO_SANDBOX } from './support/sandboxHere.js';

function packageDoc(name: string, args: string[] = []) {
  return {
    $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
    name,
    description: 'A hosted test server',
    version: '1.0.0',
    packages: [fixturePackage(args)],
  };
}

const text = (result: unknown) => ((result as { content: Array<{ text: string }> }).content ?? [])[0]?.text;
type Person = Awaited<ReturnType<typeof personWithToken>>;

describe.each(DATABASES)('hosted servers through the gateway on %s', (kind) => {
  describe.skipIf(unavailable(kind) || NO_SANDBOX !== undefined)('', () => {
    let t: TestToolshed;
    let base: string;
    let fixture: HostedFixture;
    let alice: Person;
    let bob: Person;

    const api = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
      fetch(`${base}${path}`, {
        method,
        headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });

    async function connect(who: Person, server: string): Promise<string> {
      const res = await api('POST', '/api/me/connections', who.headers, { server, label: 'hosted test' });
      const body = await res.text();
      expect(res.status, body).toBe(201);
      return (JSON.parse(body) as { connection: { url: string } }).connection.url;
    }

    async function client(url: string, who: Person): Promise<Client> {
      const c = new Client({ name: 'hosted-test', version: '1.0.0' });
      await c.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: who.headers } }));
      return c;
    }

    beforeAll(async () => {
      fixture = await buildHostedFixture();
      t = await testToolshed(kind, { accessDefaultEffect: 'allow', hostingStartTimeoutSeconds: 3, hostingMaxPerServer: 3 }, { hostingPreparer: fixture.preparer });
      for (const name of ['io.example/hosted', 'io.example/hosted-shared', 'io.example/never-initializes']) {
        await t.catalog.importDocument(packageDoc(name, name.endsWith('never-initializes') ? ['silent'] : []) as never);
      }
      alice = await personWithToken(t, 'alice', ['gateway']);
      bob = await personWithToken(t, 'bob', ['gateway']);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    }, 60_000);

    afterAll(async () => {
      await t?.destroy();
      fixture?.remove();
    });

    it("relays a call to each person's own instance, which runs with that person's secret and not another's", async () => {
      const enc = encodeURIComponent('io.example/hosted');
      expect((await api('PUT', `/api/me/servers/${enc}/secrets/FIXTURE_TOKEN`, alice.headers, { kind: 'variable', value: 'alice-hosted-secret' })).status).toBe(201);
      expect((await api('PUT', `/api/me/servers/${enc}/secrets/FIXTURE_TOKEN`, bob.headers, { kind: 'variable', value: 'bob-hosted-secret' })).status).toBe(201);
      const a = await client(await connect(alice, 'io.example/hosted'), alice);
      const b = await client(await connect(bob, 'io.example/hosted'), bob);
      expect((await a.listTools()).tools.map((tool) => tool.name)).toContain('env');
      expect(text(await a.callTool({ name: 'env', arguments: { name: 'FIXTURE_TOKEN' } }))).toBe('alice-hosted-secret');
      expect(text(await b.callTool({ name: 'env', arguments: { name: 'FIXTURE_TOKEN' } }))).toBe('bob-hosted-secret');
      const mine = t.hosting.instances.list().filter((i) => i.server === 'io.example/hosted');
      expect(mine.map((i) => i.person).sort()).toEqual([alice.user.id, bob.user.id].sort());
      // The audit records the call like any other.
      const auditedCalls = async () =>
        ((await (await api('GET', `/api/admin/gateway/calls?server=${enc}&method=tools%2Fcall`, AUTH)).json()) as { calls: Array<{ principal: { id: string }; instance: string | null }> }).calls;
      await expect.poll(async () => (await auditedCalls()).length, { timeout: 10_000, interval: 200 }).toBe(2);
      // Operators see the instances, their redacted stderr, and the metrics.
      const listed = (await (await api('GET', '/api/admin/hosting/instances', AUTH)).json()) as { instances: Array<{ instanceId: string; person: string }> };
      const alices = listed.instances.find((i) => i.person === alice.user.id)!;
      const stderr = (await (await api('GET', `/api/admin/hosting/instances/${alices.instanceId}/stderr`, AUTH)).json()) as { lines: string[] };
      expect(stderr.lines).toContain('fixture starting; token is [redacted]');
      // The audit records which instance served each call.
      const alicesCall = (await auditedCalls()).find((c) => c.principal.id === alice.user.id)!;
      expect(alicesCall.instance).toBe(alices.instanceId);
      expect((await api('GET', `/api/admin/hosting/instances/${alices.instanceId}/stderr`, alice.headers)).status).toBe(403);
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain('toolshed_hosted_instance_starts_total{server="io.example/hosted"} 2');
      expect(metrics).toMatch(/toolshed_hosted_instances \d+/);
      expect(metrics).toContain('toolshed_hosted_instance_start_seconds_count');
      await a.close();
      await b.close();
    });

    it('speaks both eras to clients: a v2 client in auto mode reaches a hosted server', async () => {
      const url = await connect(alice, 'io.example/hosted');
      const c = new ClientV2({ name: 'hosted-test', version: '2.0.0' }, { versionNegotiation: { mode: 'auto' } });
      await c.connect(new StreamableHTTPClientTransportV2(new URL(url), { requestInit: { headers: alice.headers } }));
      expect(text(await c.callTool({ name: 'env', arguments: { name: 'HOME' } }))).toBe('/home/mcp');
      await c.close();
    });

    it('keeps hosting settings per server: shared runs one instance with shared values only, and is refused with per-person secrets', async () => {
      const enc = encodeURIComponent('io.example/hosted-shared');
      expect(await (await api('GET', `/api/admin/servers/${enc}/hosting`, AUTH)).json()).toMatchObject({ mode: 'per-person', network: false, configured: false });
      const refused = await api('PUT', `/api/admin/servers/${enc}/hosting`, AUTH, { mode: 'shared', network: false });
      expect(refused.status).toBe(409);
      expect(((await refused.json()) as { detail: string }).detail).toContain('FIXTURE_TOKEN');
      expect((await api('PUT', `/api/admin/servers/${enc}/secrets/FIXTURE_TOKEN`, AUTH, { kind: 'variable', value: 'shared-hosted-value' })).status).toBe(201);
      const set = await api('PUT', `/api/admin/servers/${enc}/hosting`, AUTH, { mode: 'shared', network: false });
      expect(set.status).toBe(200);
      expect(await set.json()).toMatchObject({ mode: 'shared', network: false, configured: true });
      // Alice's own value does not reach the shared instance.
      expect((await api('PUT', `/api/me/servers/${enc}/secrets/FIXTURE_TOKEN`, alice.headers, { kind: 'variable', value: 'alice-private-value' })).status).toBe(201);
      const a = await client(await connect(alice, 'io.example/hosted-shared'), alice);
      const b = await client(await connect(bob, 'io.example/hosted-shared'), bob);
      expect(text(await a.callTool({ name: 'env', arguments: { name: 'FIXTURE_TOKEN' } }))).toBe('shared-hosted-value');
      expect(text(await b.callTool({ name: 'pid', arguments: {} }))).toBe(text(await a.callTool({ name: 'pid', arguments: {} })));
      expect(t.hosting.instances.list().filter((i) => i.server === 'io.example/hosted-shared')).toMatchObject([{ person: null }]);
      await a.close();
      await b.close();
    });

    it('refuses bad hosting settings and callers without the permission', async () => {
      const enc = encodeURIComponent('io.example/hosted');
      const bad = await api('PUT', `/api/admin/servers/${enc}/hosting`, AUTH, { mode: 'everyone', network: 'yes' });
      expect(bad.status).toBe(422);
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
      const missing = await api('PUT', `/api/admin/servers/${encodeURIComponent('io.example/nope')}/hosting`, AUTH, { mode: 'per-person', network: false });
      expect(missing.status).toBe(404);
      const forbidden = await api('PUT', `/api/admin/servers/${enc}/hosting`, alice.headers, { mode: 'per-person', network: true });
      expect(forbidden.status).toBe(403);
      expect(((await forbidden.json()) as { detail: string }).detail).toMatch(/^This needs the permission "access.manage"/);
    });

    it('answers a client with the named failure when the instance never initializes', async () => {
      const url = await connect(alice, 'io.example/never-initializes');
      const res = await fetch(url, {
        method: 'POST',
        headers: { ...alice.headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
      });
      expect(res.status).toBe(503);
      expect(JSON.stringify(await res.json())).toContain('start-timeout');
      expect(t.hosting.instances.list().filter((i) => i.server === 'io.example/never-initializes')).toEqual([]);
    });

    it('starts a crashed instance again for the next client after its backoff', async () => {
      const url = await connect(bob, 'io.example/hosted');
      const first = await client(url, bob);
      await first.callTool({ name: 'crash', arguments: {} });
      await expect.poll(() => t.hosting.instances.list().find((i) => i.person === bob.user.id)?.state).toBe('crashed');
      // Within the backoff the gateway refuses (503, naming the crash); after it, a client connects again.
      await expect
        .poll(
          async () => {
            try {
              return await client(url, bob);
            } catch {
              return undefined;
            }
          },
          { timeout: 15_000, interval: 250 },
        )
        .toBeDefined();
      const second = await client(url, bob);
      expect(text(await second.callTool({ name: 'env', arguments: { name: 'FIXTURE_TOKEN' } }))).toBe('bob-hosted-secret');
      expect(t.hosting.instances.list().find((i) => i.person === bob.user.id)).toMatchObject({ state: 'running', restarts: 1 });
      await second.close();
    });
  });
});
