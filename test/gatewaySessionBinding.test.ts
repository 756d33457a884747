/**
 * An upstream's Mcp-Session-Id is bound to the gateway connection that opened it,
 * with a real stateful SDK upstream: the client is handed a sealed id; the same
 * connection (by bearer token or by capability URL) keeps using it, while another
 * person's connection, another connection of the same person, the upstream's bare
 * id or an altered seal get 404 as an unknown session and the upstream never sees
 * the request; each such attempt is in the audit log, under the hash of the
 * session it named. A legacy SSE message URL works only on the connection that
 * opened its stream. Across two replicas sharing PostgreSQL the binding holds on
 * the replica that did not open the session.
 */
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Toolshed } from '../src/createToolshed.js';
import { sha256Hex } from '../src/sha256Hex.js';
import { startLegacySseServer, startStatefulServer, type TestUpstream } from './support/mcpUpstreams.js';
import { personWithToken } from './support/people.js';
import { startReplicaPair, type ReplicaPair } from './support/replicaPair.js';
import { remoteDoc, serverDoc } from './support/serverDocs.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'session-binding', version: '1.0.0' } },
});
const INITIALIZED = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' });
const CALL = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { text: 'bound' } } });
const SEALED = /^[0-9a-f-]{36}\.[\w-]{22}$/;

type Person = Awaited<ReturnType<typeof personWithToken>>;

/** A connection of `person` to `server`, with its bearer and capability URLs. */
async function connection(t: Toolshed, base: string, person: Person, server: string) {
  const caller = (await t.directory.callerForUser(person.user.id, 'session'))!;
  const { connection, secret } = await t.connections.create(caller, { server, label: 'session binding', capabilityUrl: true });
  return { url: `${base}/mcp/${connection.id}`, capabilityUrl: `${base}/mcp/${connection.id}/${secret}`, headers: person.headers };
}

/** POST, GET and DELETE naming `session`: each status, and the error message of the POST. */
async function useSession(url: string, headers: Record<string, string>, session: string) {
  const named = { ...headers, 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' };
  const post = await fetch(url, { method: 'POST', headers: { ...JSON_HEADERS, ...named }, body: CALL });
  const message = post.status === 404 ? ((await post.json()) as { error: { message: string } }).error.message : await post.text();
  const get = await fetch(url, { headers: { ...named, accept: 'text/event-stream' } });
  await get.body?.cancel();
  const del = await fetch(url, { method: 'DELETE', headers: named });
  await del.text();
  return { statuses: [post.status, get.status, del.status], message };
}

describe.each(DATABASES)('upstream sessions bound to their connection, on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let upstream: TestUpstream;
    let legacy: TestUpstream;
    let base: string;
    let alice: Person;
    let bob: Person;

    beforeAll(async () => {
      [upstream, legacy] = await Promise.all([startStatefulServer(), startLegacySseServer()]);
      t = await testToolshed(kind, { outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true, accessDefaultEffect: 'allow' });
      await t.catalog.importDocument(remoteDoc('io.example/stateful', '1.0.0', upstream.url) as never);
      await t.catalog.importDocument(serverDoc('io.example/legacy', '1.0.0', { remotes: [{ type: 'sse', url: legacy.url }] }) as never);
      alice = await personWithToken(t, 'alice', ['gateway']);
      bob = await personWithToken(t, 'bob', ['gateway']);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await t?.destroy();
      await upstream?.close();
      await legacy?.close();
    });

    it('lets only the connection that opened a session use it; any other presenting it gets 404 and the upstream never sees it', async () => {
      const own = await connection(t, base, alice, 'io.example/stateful');
      const aliceOther = await connection(t, base, alice, 'io.example/stateful');
      const bobs = await connection(t, base, bob, 'io.example/stateful');
      // Opened by hand, so that no request of the owner's client (its listen stream) runs alongside the others'.
      const initialized = await fetch(own.url, { method: 'POST', headers: { ...JSON_HEADERS, ...own.headers }, body: INITIALIZE });
      expect(initialized.status).toBe(200);
      await initialized.text();
      const sealed = initialized.headers.get('mcp-session-id')!;
      const upstreamId = sealed.split('.')[0]!;
      const seen = () => upstream.requests.filter((r) => r.headers['mcp-session-id'] === upstreamId).length;
      const before = seen();

      const altered = `${sealed.slice(0, -1)}${sealed.endsWith('A') ? 'B' : 'A'}`;
      for (const [who, url, headers, session] of [
        ["bob's connection, alice's session", bobs.url, bobs.headers, sealed],
        ["bob's capability URL, alice's session", bobs.capabilityUrl, {}, sealed],
        ["alice's other connection", aliceOther.url, aliceOther.headers, sealed],
        ["bob's connection, the upstream's bare id", bobs.url, bobs.headers, upstreamId],
        ["alice's connection, the upstream's bare id", own.url, own.headers, upstreamId],
        ["alice's connection, an altered seal", own.url, own.headers, altered],
      ] as const) {
        const { statuses, message } = await useSession(url, headers, session);
        expect(statuses, who).toEqual([404, 404, 404]);
        expect(message, who).toMatch(/^Session not found/);
      }
      expect(seen()).toBe(before);
      expect(sealed).toMatch(SEALED);

      // Each attempt (POST, GET and DELETE of the six) is audited under the hash of the session it named.
      await t.gatewayAudit!.writer.flush();
      const audited = await t.app.inject({ method: 'GET', url: '/api/admin/gateway/calls?method=session%2Frefused&limit=100', headers: AUTH });
      const rows = (audited.json() as { calls: Array<{ outcome: string; sessionHash: string; principal: { id: string } }> }).calls;
      expect(rows).toHaveLength(18);
      expect(new Set(rows.map((r) => `${r.outcome} ${r.sessionHash}`))).toEqual(new Set([`denied ${sha256Hex(upstreamId).slice(0, 32)}`]));
      expect(rows.filter((r) => r.principal.id === bob.user.id)).toHaveLength(9);

      // The connection that opened it keeps it, by its token and by its capability URL, to its end.
      const named = { 'mcp-session-id': sealed, 'mcp-protocol-version': '2025-06-18' };
      expect((await fetch(own.url, { method: 'POST', headers: { ...JSON_HEADERS, ...own.headers, ...named }, body: INITIALIZED })).status).toBe(202);
      const byCapability = await fetch(own.capabilityUrl, { method: 'POST', headers: { ...JSON_HEADERS, ...named }, body: CALL });
      expect(byCapability.status).toBe(200);
      expect(byCapability.headers.get('mcp-session-id')).toBe(sealed);
      expect(await byCapability.text()).toContain('echo: bound');
      expect((await fetch(own.url, { method: 'DELETE', headers: { ...own.headers, ...named } })).status).toBe(200);
      expect(upstream.closedSessions).toContain(upstreamId);

      // A real SDK client keeps its session throughout.
      const client = new Client({ name: 'session-binding', version: '1.0.0' });
      const transport = new StreamableHTTPClientTransport(new URL(own.url), { requestInit: { headers: own.headers } });
      await client.connect(transport);
      expect(transport.sessionId).toMatch(SEALED);
      expect((await client.callTool({ name: 'echo', arguments: { text: 'sdk' } })).content).toEqual([{ type: 'text', text: 'echo: sdk' }]);
      await client.close();
    });

    it('refuses a legacy SSE message URL on any connection but the one whose stream announced it, with 404, and audits the attempt', async () => {
      const own = await connection(t, base, alice, 'io.example/legacy');
      const other = await connection(t, base, alice, 'io.example/legacy');
      const stream = await fetch(`${own.url}/sse`, { headers: { ...own.headers, accept: 'text/event-stream' } });
      expect(stream.status).toBe(200);
      const reader = stream.body!.getReader();
      let seen = '';
      while (!/event: endpoint\ndata: [^\n]+\n/.exec(seen)) seen += new TextDecoder().decode((await reader.read()).value);
      const messagePath = /event: endpoint\ndata: ([^\n]+)\n/.exec(seen)![1]!;
      const query = messagePath.slice(messagePath.indexOf('?'));
      try {
        const posts = () => legacy.requests.filter((r) => r.method === 'POST').length;
        const before = posts();
        const stolen = await fetch(`${other.url}/messages${query}`, { method: 'POST', headers: { ...JSON_HEADERS, ...other.headers }, body: INITIALIZE });
        expect(stolen.status).toBe(404);
        expect(((await stolen.json()) as { error: { message: string } }).error.message).toMatch(/^Session not found/);
        expect(posts()).toBe(before);
        const mine = await fetch(`${base}${messagePath}`, { method: 'POST', headers: { ...JSON_HEADERS, ...own.headers }, body: INITIALIZE });
        expect(mine.status).toBe(202);
        await mine.text();
        await t.gatewayAudit!.writer.flush();
        const audited = await t.app.inject({ method: 'GET', url: '/api/admin/gateway/calls?method=session%2Frefused&server=io.example%2Flegacy', headers: AUTH });
        expect((audited.json() as { calls: Array<{ outcome: string }> }).calls.map((r) => r.outcome)).toEqual(['denied']);
      } finally {
        await reader.cancel();
      }
    });
  });
});

describe.skipIf(unavailable('postgres'))('upstream sessions bound to their connection across replicas', () => {
  let pair: ReplicaPair;
  let upstream: TestUpstream;
  let origins: string[];

  beforeAll(async () => {
    upstream = await startStatefulServer();
    pair = await startReplicaPair({ outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true, accessDefaultEffect: 'allow', secretKey: 'b2'.repeat(32), verifyPackages: [] });
    await pair.a.catalog.importDocument(remoteDoc('io.example/stateful', '1.0.0', upstream.url) as never);
    for (const r of [pair.a, pair.b]) await r.app.listen({ port: 0, host: '127.0.0.1' });
    origins = [pair.a, pair.b].map((r) => `http://127.0.0.1:${(r.app.server.address() as AddressInfo).port}`);
  });

  afterAll(async () => {
    await pair?.close();
    await upstream?.close();
  });

  it("serves the owner's session on the replica that did not open it, and refuses it to another connection there", async () => {
    const alice = await personWithToken(pair.a, 'alice', ['gateway']);
    const bob = await personWithToken(pair.a, 'bob', ['gateway']);
    const own = await connection(pair.a, origins[0]!, alice, 'io.example/stateful');
    const bobs = await connection(pair.a, origins[1]!, bob, 'io.example/stateful');
    const initialized = await fetch(own.url, { method: 'POST', headers: { ...JSON_HEADERS, ...own.headers }, body: INITIALIZE });
    expect(initialized.status).toBe(200);
    await initialized.text();
    const sealed = initialized.headers.get('mcp-session-id')!;
    const onOther = `${origins[1]}${new URL(own.url).pathname}`;
    const named = { ...own.headers, 'mcp-session-id': sealed, 'mcp-protocol-version': '2025-06-18' };
    expect((await fetch(onOther, { method: 'POST', headers: { ...JSON_HEADERS, ...named }, body: INITIALIZED })).status).toBe(202);
    const call = await fetch(onOther, { method: 'POST', headers: { ...JSON_HEADERS, ...named }, body: CALL });
    expect(call.status).toBe(200);
    expect(await call.text()).toContain('echo: bound');

    const { statuses, message } = await useSession(bobs.url, bobs.headers, sealed);
    expect(statuses).toEqual([404, 404, 404]);
    expect(message).toMatch(/^Session not found/);
    expect(sealed).toMatch(SEALED);
  });
});
