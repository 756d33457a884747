/**
 * The gateway relay end to end, with real MCP servers and clients from the SDKs
 * on loopback: v1 streamable HTTP (sessions: Mcp-Session-Id, GET listen stream,
 * DELETE), v1 stateless, a paginated plain-JSON tools/list, the legacy HTTP+SSE
 * transport (endpoint rewritten to a sealed gateway URL), and v2 in the
 * 2026-07-28 stateless era. Covers policy on the wire (lists filtered, denied
 * calls answered by the gateway and never sent upstream), header hygiene (no
 * client Authorization or Cookie upstream, injected upstream headers), progress
 * relayed event by event (a latch: the upstream only sends step n+1 after the
 * client received step n), an upstream dying mid-stream, header/body mismatch,
 * and the outbound guard.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as ClientV2, StreamableHTTPClientTransport as StreamableHTTPClientTransportV2 } from '@modelcontextprotocol/client';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecider } from '../src/access/createDecider.js';
import { policyFromAccess, type GatewayPolicy } from '../src/gateway/index.js';
import { startLegacySseServer, startPagedServer, startStatefulServer, startStatelessServer, startV2Server, type TestUpstream } from './support/mcpUpstreams.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { ADMIN_TOKEN, testToolshed, type TestToolshed } from './support/testToolshed.js';

const access = createDecider(
  [
    { id: 'no-secret', effect: 'deny', subject: { everyone: true }, actions: ['discover', 'call'], resource: { server: '*', tool: 'secret' } },
    { id: 'closed', effect: 'deny', subject: { everyone: true }, actions: ['connect'], resource: { server: 'io.example/closed' } },
  ],
  undefined,
  { defaultEffect: 'allow' },
);
const fromAccess = policyFromAccess(access);
// Access rules cannot name prompts and resources yet; the hook can.
const policy: GatewayPolicy = (caller, action, target) =>
  target.prompt === 'private' || target.resource === 'note://secret' ? { allowed: false, reason: 'test: private' } : fromAccess(caller, action, target);

const HEADERS = { authorization: `Bearer ${ADMIN_TOKEN}`, cookie: 'toolshed_session=must-not-travel' };

function serverDoc(name: string, type: 'streamable-http' | 'sse', url: string) {
  return {
    $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
    name,
    description: 'A test upstream',
    version: '1.0.0',
    remotes: [{ type, url }],
  };
}

function texts(result: unknown): string[] {
  return ((result as { content: Array<{ text?: string }> }).content ?? []).map((c) => c.text ?? '');
}

describe.each(DATABASES)('gateway relay on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let toolshed: TestToolshed;
    let base: string;
    let stateful: TestUpstream;
    let stateless: TestUpstream;
    let paged: TestUpstream;
    let legacy: TestUpstream;
    let modern: TestUpstream;

    const mcpUrl = (name: string) => new URL(`${base}/gateway/${encodeURIComponent(name)}/mcp`);

    async function v1Client(name: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
      const client = new Client({ name: 'gateway-test', version: '1.0.0' });
      const transport = new StreamableHTTPClientTransport(mcpUrl(name), { requestInit: { headers: HEADERS } });
      await client.connect(transport);
      return { client, transport };
    }

    beforeAll(async () => {
      [stateful, stateless, paged, legacy, modern] = await Promise.all([
        startStatefulServer(),
        startStatelessServer(),
        startPagedServer(['a', 'secret', 'b', 'c', 'd']),
        startLegacySseServer(),
        startV2Server(),
      ]);
      toolshed = await testToolshed(
        kind,
        { outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true, anonymousAuth: true },
        { gateway: { policy, upstreamHeaders: (server) => ({ 'x-upstream-key': `key-for-${server}` }) } },
      );
      for (const [name, type, url] of [
        ['io.example/stateful', 'streamable-http', stateful.url],
        ['io.example/stateless', 'streamable-http', stateless.url],
        ['io.example/paged', 'streamable-http', paged.url],
        ['io.example/legacy', 'sse', legacy.url],
        ['io.example/modern', 'streamable-http', modern.url],
        ['io.example/closed', 'streamable-http', `${stateful.url}?closed=1`],
        ['io.example/metadata', 'streamable-http', 'http://169.254.169.254/mcp'],
      ] as const) {
        await toolshed.catalog.importDocument(serverDoc(name, type, url) as never);
      }
      await toolshed.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(toolshed.app.server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await toolshed?.destroy();
      await Promise.all([stateful, stateless, paged, legacy, modern].map((u) => u?.close()));
    });

    it('relays a v1 session: tools filtered, a call answered, the session id end to end, GET listen stream, DELETE', async () => {
      const { client, transport } = await v1Client('io.example/stateful');
      const tools = (await client.listTools()).tools.map((t) => t.name);
      expect(tools).toEqual(expect.arrayContaining(['echo', 'progress', 'crash']));
      expect(tools).not.toContain('secret');
      expect(texts(await client.callTool({ name: 'echo', arguments: { text: 'hi' } }))).toEqual(['echo: hi']);

      // The client holds the upstream's id sealed to its connection (sessionBinding.ts); the upstream sees its own.
      const sessionId = transport.sessionId!.split('.')[0]!;
      expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}\.[\w-]{22}$/);
      const afterInit = stateful.requests.filter((r) => r.headers['mcp-session-id'] === sessionId);
      expect(afterInit.some((r) => r.method === 'GET')).toBe(true);
      expect(afterInit.some((r) => r.method === 'POST' && r.headers['mcp-protocol-version'] === '2025-11-25')).toBe(true);

      await transport.terminateSession();
      expect(stateful.closedSessions).toContain(sessionId);
      await client.close();
    });

    it('answers a denied tool call itself: -32602 Unknown tool, and nothing reaches the upstream', async () => {
      const { client } = await v1Client('io.example/stateful');
      const before = stateful.requests.length;
      await expect(client.callTool({ name: 'secret', arguments: {} })).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('Unknown tool: secret') });
      expect(stateful.ran).not.toContain('secret');
      const sent = stateful.requests.slice(before).map((r) => JSON.stringify(r.body ?? ''));
      expect(sent.some((b) => b.includes('"secret"'))).toBe(false);
      await client.close();
    });

    it('never forwards the client Authorization or Cookie, and injects the upstream headers', async () => {
      const { client } = await v1Client('io.example/stateful');
      await client.callTool({ name: 'echo', arguments: { text: 'headers' } });
      await client.close();
      expect(stateful.requests.length).toBeGreaterThan(0);
      for (const r of stateful.requests) {
        expect(r.headers.authorization).toBeUndefined();
        expect(r.headers.cookie).toBeUndefined();
        expect(r.headers['x-upstream-key']).toBe('key-for-io.example/stateful');
      }
    });

    it('forwards Mcp-Session-Id and Last-Event-ID unchanged on a GET resume', async () => {
      const { client, transport } = await v1Client('io.example/stateful');
      const abort = new AbortController();
      const res = await fetch(mcpUrl('io.example/stateful'), {
        headers: { ...HEADERS, accept: 'text/event-stream', 'mcp-session-id': transport.sessionId!, 'mcp-protocol-version': '2025-11-25', 'last-event-id': 'stream-1_event-9' },
        signal: abort.signal,
      });
      abort.abort();
      expect(res.status).toBeLessThan(500);
      const resume = stateful.requests.find((r) => r.method === 'GET' && r.headers['last-event-id'] === 'stream-1_event-9');
      expect(resume?.headers['mcp-session-id']).toBe(transport.sessionId!.split('.')[0]);
      await client.close();
    });

    it('relays progress event by event (the upstream sends step n+1 only once the client has step n)', async () => {
      const { client } = await v1Client('io.example/stateless');
      const seen: number[] = [];
      const result = await client.callTool({ name: 'progress', arguments: { steps: 4 } }, undefined, {
        onprogress: (p) => {
          seen.push(p.progress);
          stateless.gate.release(p.progress);
        },
      });
      expect(seen).toEqual([1, 2, 3, 4]);
      expect(texts(result)).toEqual(['done after 4 steps']);
      await client.close();
    });

    it('turns an upstream dying mid-stream into a JSON-RPC error for the call, and keeps serving', async () => {
      const { client } = await v1Client('io.example/stateless');
      let error: unknown;
      try {
        await client.callTool({ name: 'crash', arguments: {} }, undefined, { onprogress: () => stateless.crashGate.release(1) });
      } catch (err) {
        error = err;
      }
      expect(error).toMatchObject({ code: -32603, message: expect.stringContaining('broke off') });
      expect(String((error as Error).message)).not.toMatch(/127\.0\.0\.1|ECONNRESET|at .*\.(ts|js)/);
      await client.close().catch(() => {});
      const again = await v1Client('io.example/stateless');
      expect(texts(await again.client.callTool({ name: 'echo', arguments: { text: 'still here' } }))).toEqual(['echo: still here']);
      await again.client.close();
    });

    it('filters prompts and resources the policy denies, and refuses to get or read them', async () => {
      const { client } = await v1Client('io.example/stateful');
      expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['greeting']);
      expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(['note://public']);
      await expect(client.getPrompt({ name: 'private' })).rejects.toMatchObject({ code: -32602 });
      await expect(client.readResource({ uri: 'note://secret' })).rejects.toMatchObject({ code: -32602 });
      expect((await client.readResource({ uri: 'note://public' })).contents).toEqual([{ uri: 'note://public', text: 'public note' }]);
      expect(stateful.ran).not.toContain('prompt:private');
      expect(stateful.ran).not.toContain('resource:secret');
      await client.close();
    });

    it('filters each page of a paginated JSON tools/list and keeps the upstream cursors', async () => {
      const { client } = await v1Client('io.example/paged');
      const first = await client.listTools();
      expect(first.tools.map((t) => t.name)).toEqual(['a']);
      expect(first.nextCursor).toBe('2');
      const names = [...first.tools.map((t) => t.name)];
      let cursor = first.nextCursor;
      while (cursor) {
        const page = await client.listTools({ cursor });
        names.push(...page.tools.map((t) => t.name));
        cursor = page.nextCursor;
      }
      expect(names).toEqual(['a', 'b', 'c', 'd']);
      await expect(client.callTool({ name: 'secret', arguments: {} })).rejects.toMatchObject({ code: -32602 });
      expect(texts(await client.callTool({ name: 'b', arguments: {} }))).toEqual(['b']);
      expect(paged.ran).toEqual(['b']);
      await client.close();
    });

    it('answers the denied requests of a 2025-03-26 batch itself and relays the rest', async () => {
      const before = paged.ran.length;
      const res = await fetch(mcpUrl('io.example/paged'), {
        method: 'POST',
        headers: { ...HEADERS, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-03-26' },
        body: JSON.stringify([
          { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'secret', arguments: {} } },
          { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'c', arguments: {} } },
        ]),
      });
      expect(res.status).toBe(200);
      const answers = (await res.json()) as Array<{ id: number; error?: { code: number }; result?: unknown }>;
      expect(answers.find((a) => a.id === 1)?.error?.code).toBe(-32602);
      expect(answers.find((a) => a.id === 2)?.result).toMatchObject({ content: [{ text: 'c' }] });
      expect(paged.ran.slice(before)).toEqual(['c']);
    });

    it('ends a call that outlives the configured call timeout with a JSON-RPC error', async () => {
      const slow = await startStatelessServer();
      const short = await testToolshed(kind, { outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true, gatewayCallTimeoutSeconds: 1 }, { gateway: { policy } });
      try {
        await short.catalog.importDocument(serverDoc('io.example/slow', 'streamable-http', slow.url) as never);
        await short.app.listen({ port: 0, host: '127.0.0.1' });
        const url = new URL(`http://127.0.0.1:${(short.app.server.address() as AddressInfo).port}/gateway/${encodeURIComponent('io.example/slow')}/mcp`);
        const client = new Client({ name: 'gateway-test', version: '1.0.0' });
        await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: HEADERS } }));
        // The tool waits for a release that never comes.
        await expect(client.callTool({ name: 'progress', arguments: { steps: 2 } }, undefined, { onprogress: () => {} })).rejects.toMatchObject({
          code: -32603,
          message: expect.stringContaining('call timeout'),
        });
        await client.close();
      } finally {
        await short.destroy();
        await slow.close();
      }
    });

    it('relays the legacy HTTP+SSE transport through a sealed gateway message URL', async () => {
      const client = new Client({ name: 'gateway-test', version: '1.0.0' });
      const transport = new SSEClientTransport(new URL(`${base}/gateway/${encodeURIComponent('io.example/legacy')}/sse`), { requestInit: { headers: HEADERS } });
      await client.connect(transport);
      const tools = (await client.listTools()).tools.map((t) => t.name);
      expect(tools).toContain('echo');
      expect(tools).not.toContain('secret');
      expect(texts(await client.callTool({ name: 'echo', arguments: { text: 'old' } }))).toEqual(['echo: old']);
      await expect(client.callTool({ name: 'secret', arguments: {} })).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('Unknown tool: secret') });
      expect(legacy.ran).toEqual(['echo']);
      // The upstream got its own endpoint and session back, not the gateway's token.
      const posts = legacy.requests.filter((r) => r.method === 'POST');
      expect(posts.length).toBeGreaterThan(0);
      for (const post of posts) {
        expect(post.url).toMatch(/^\/messages\?sessionId=[0-9a-f-]{36}$/);
        expect(post.headers.authorization).toBeUndefined();
        expect(post.headers['x-upstream-key']).toBe('key-for-io.example/legacy');
      }
      await client.close();
    });

    it('refuses a forged or altered legacy session token', async () => {
      const url = `${base}/gateway/${encodeURIComponent('io.example/legacy')}/messages`;
      const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
      for (const session of ['garbage', 'eyJhIjoxfQ.AAAA', '']) {
        const res = await fetch(`${url}?session=${encodeURIComponent(session)}`, { method: 'POST', headers: { ...HEADERS, 'content-type': 'application/json' }, body });
        expect(res.status).toBe(404);
        expect((await res.json()).error.message).toMatch(/Session not found/);
      }
    });

    it('binds a legacy message URL to the caller it was issued to', async () => {
      const abort = new AbortController();
      const stream = await fetch(`${base}/gateway/${encodeURIComponent('io.example/legacy')}/sse`, { headers: { ...HEADERS, accept: 'text/event-stream' }, signal: abort.signal });
      const reader = stream.body!.getReader();
      let text = '';
      while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
      const endpoint = /^event: endpoint\ndata: (.+)$/m.exec(text)![1]!;
      expect(endpoint).toMatch(/^\/gateway\/io\.example%2Flegacy\/messages\?session=[\w-]+\.[\w-]+$/);
      const other = (await (await fetch(`${base}/v0.1/auth/none`, { method: 'POST' })).json()) as { registry_token: string };
      const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
      const asOther = await fetch(`${base}${endpoint}`, { method: 'POST', headers: { authorization: `Bearer ${other.registry_token}`, 'content-type': 'application/json' }, body });
      expect(asOther.status).toBe(404);
      const asOwner = await fetch(`${base}${endpoint}`, { method: 'POST', headers: { ...HEADERS, 'content-type': 'application/json' }, body });
      expect(asOwner.status).toBe(202);
      abort.abort();
    });

    it('lets a v2 client in auto mode fall back to the legacy era through the gateway (v1 upstream)', async () => {
      const client = new ClientV2({ name: 'gateway-test', version: '2.0.0' }, { versionNegotiation: { mode: 'auto' } });
      await client.connect(new StreamableHTTPClientTransportV2(mcpUrl('io.example/stateful'), { requestInit: { headers: HEADERS } }));
      expect(client.getProtocolEra()).toBe('legacy');
      expect((await client.listTools()).tools.map((t) => t.name)).not.toContain('secret');
      expect(texts(await client.callTool({ name: 'echo', arguments: { text: 'both' } }))).toEqual(['echo: both']);
      await client.close();
    });

    it('relays the 2026-07-28 stateless era (v2 client and server) with the same policy', async () => {
      const client = new ClientV2({ name: 'gateway-test', version: '2.0.0' }, { versionNegotiation: { mode: 'auto' } });
      await client.connect(new StreamableHTTPClientTransportV2(mcpUrl('io.example/modern'), { requestInit: { headers: HEADERS } }));
      expect(client.getProtocolEra()).toBe('modern');
      const tools = (await client.listTools()).tools.map((t) => t.name);
      expect(tools).toEqual(['echo']);
      expect(texts(await client.callTool({ name: 'echo', arguments: { text: 'now' } }))).toEqual(['echo: now']);
      await expect(client.callTool({ name: 'secret', arguments: {} })).rejects.toMatchObject({ code: -32602 });
      expect(modern.ran).toEqual(['echo']);
      const call = modern.requests.find((r) => (r.body as { method?: string })?.method === 'tools/call');
      expect(call?.headers['mcp-method']).toBe('tools/call');
      expect(call?.headers['mcp-name']).toBe('echo');
      await client.close();
    });

    it('refuses a 2026-07-28 request whose Mcp-Name header disagrees with its body (400, -32020), without calling upstream', async () => {
      const before = modern.requests.length;
      const res = await fetch(mcpUrl('io.example/modern'), {
        method: 'POST',
        headers: {
          ...HEADERS,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': '2026-07-28',
          'mcp-method': 'tools/call',
          'mcp-name': 'echo',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 7,
          method: 'tools/call',
          params: {
            name: 'secret',
            arguments: {},
            _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} },
          },
        }),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ id: 7, error: { code: -32020 } });
      expect(modern.requests.length).toBe(before);
    });

    it('refuses callers the rules keep out, anonymous callers, and upstreams the outbound guard blocks', async () => {
      const closed = await fetch(mcpUrl('io.example/closed'), {
        method: 'POST',
        headers: { ...HEADERS, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
      });
      expect(closed.status).toBe(403);
      const anonymous = await fetch(mcpUrl('io.example/stateful'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(anonymous.status).toBe(401);
      const blocked = await fetch(mcpUrl('io.example/metadata'), {
        method: 'POST',
        headers: { ...HEADERS, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
      });
      expect(blocked.status).toBe(502);
      expect(await blocked.text()).not.toContain('169.254');
      const missing = await fetch(mcpUrl('io.example/nothing-here'), { method: 'POST', headers: { ...HEADERS, 'content-type': 'application/json' }, body: '{}' });
      expect(missing.status).toBe(404);
    });
  });
});
