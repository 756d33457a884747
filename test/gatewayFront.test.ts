/**
 * The gateway's HTTP front on a listening Toolshed: CORS for browser MCP clients
 * (preflight with the MCP headers, exposed session headers on relayed answers),
 * JSON-RPC-shaped refusals of wrong methods, oversized bodies and undecodable
 * paths, and what is left to the application (a trailing slash, a NUL byte, an
 * unknown gateway-like path), which answers as before.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { matchGatewayPath } from '../src/http/gatewayPaths.js';
import { startStatefulServer, type TestUpstream } from './support/mcpUpstreams.js';
import { personWithToken } from './support/people.js';
import { remoteDoc } from './support/serverDocs.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { testToolshed, type TestToolshed } from './support/testToolshed.js';

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const INITIALIZE = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'front-test', version: '1.0.0' } } });

describe('gateway paths', () => {
  it('matches connection, capability, legacy SSE and server paths, and nothing else', () => {
    expect(matchGatewayPath('/mcp/con_a', false)).toEqual({ kind: 'connection', connection: 'con_a', endpoint: 'mcp', base: '/mcp/con_a' });
    expect(matchGatewayPath('/mcp/con_a/cap_b', false)).toEqual({ kind: 'connection', connection: 'con_a', secret: 'cap_b', endpoint: 'mcp', base: '/mcp/con_a/cap_b' });
    expect(matchGatewayPath('/mcp/con_a/sse', false)).toEqual({ kind: 'connection', connection: 'con_a', endpoint: 'sse', base: '/mcp/con_a' });
    expect(matchGatewayPath('/mcp/con_a/cap_b/messages?session=s.t', false)).toEqual({
      kind: 'connection',
      connection: 'con_a',
      secret: 'cap_b',
      endpoint: 'messages',
      base: '/mcp/con_a/cap_b',
      session: 's.t',
    });
    expect(matchGatewayPath('/gateway/io.example%2Fone/mcp', true)).toEqual({ kind: 'server', server: 'io.example/one', endpoint: 'mcp', base: '/gateway/io.example%2Fone' });
    expect(matchGatewayPath('/gateway/io.example%2Fone/mcp', false)).toBeNull();
    for (const path of ['/mcp', '/mcp/', '/mcp/con_a/', '/mcp//x', '/mcp/a/b/c', '/mcp/a/b/c/sse', '/mcp/sse', '/mcpx/a', '/mcp/a%00', '/gateway/x/other', '/v0/servers']) {
      expect(matchGatewayPath(path, true), path).toBeNull();
    }
    expect(matchGatewayPath('/mcp/%E0%A4%A', false)).toBe('bad-encoding');
    expect(matchGatewayPath(`/mcp/${'a'.repeat(1024)}`, false)).toMatchObject({ kind: 'connection', connection: 'a'.repeat(1024) });
    expect(matchGatewayPath(`/mcp/${'a'.repeat(1025)}`, false)).toBe('bad-encoding');
    expect(matchGatewayPath('/mcp/con%5Fa', false)).toEqual({ kind: 'connection', connection: 'con_a', endpoint: 'mcp', base: '/mcp/con%5Fa' });
    expect(matchGatewayPath('/mcp/con_a?x=1', false)).toEqual({ kind: 'connection', connection: 'con_a', endpoint: 'mcp', base: '/mcp/con_a' });
    expect(matchGatewayPath('/mcp/messages', false)).toBeNull();
  });
});

describe.each(DATABASES)('gateway front on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let upstream: TestUpstream;
    let base: string;
    let url: string;
    let auth: { authorization: string };

    beforeAll(async () => {
      upstream = await startStatefulServer();
      t = await testToolshed(kind, {
        outboundAllow: ['127.0.0.0/8'],
        outboundAllowHttp: true,
        accessDefaultEffect: 'allow',
        gatewayKeepAliveSeconds: 1,
        gatewayAllowedOrigins: ['https://inspector.example'],
      });
      await t.catalog.importDocument(remoteDoc('io.example/front', '1.0.0', upstream.url) as never);
      const alice = await personWithToken(t, 'alice', ['gateway']);
      auth = alice.headers;
      const caller = await t.directory.callerForUser(alice.user.id, 'session');
      const { connection } = await t.connections.create(caller!, { server: 'io.example/front', label: 'front test' });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      url = `${base}/mcp/${connection.id}`;
    });

    afterAll(async () => {
      await t?.destroy();
      await upstream?.close();
    });

    it('answers a CORS preflight naming the MCP headers, and exposes the session headers on relayed answers', async () => {
      const preflight = await fetch(url, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://inspector.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type, mcp-session-id, mcp-protocol-version',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
      expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST, DELETE, OPTIONS');
      expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization, content-type, mcp-session-id, mcp-protocol-version');
      expect(preflight.headers.get('access-control-max-age')).toBe('86400');
      expect(upstream.requests).toHaveLength(0);

      const initialized = await fetch(url, { method: 'POST', headers: { ...JSON_HEADERS, ...auth, origin: 'https://inspector.example' }, body: INITIALIZE });
      expect(initialized.status).toBe(200);
      expect(initialized.headers.get('mcp-session-id')).toBeTruthy();
      expect(initialized.headers.get('access-control-allow-origin')).toBe('*');
      expect(initialized.headers.get('access-control-expose-headers')?.split(/,\s*/)).toEqual(['mcp-session-id', 'mcp-protocol-version', 'www-authenticate', 'retry-after']);
      await initialized.text();
      // Refusals carry them too, so a browser client can read the challenge.
      const anonymous = await fetch(url, { method: 'POST', headers: JSON_HEADERS, body: INITIALIZE });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('access-control-allow-origin')).toBe('*');
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer realm="toolshed-gateway"/);
    });

    it('refuses other methods with 405 and Allow, in JSON-RPC form', async () => {
      for (const [path, allow] of [
        ['', 'GET, POST, DELETE, OPTIONS'],
        ['/sse', 'GET, OPTIONS'],
        ['/messages', 'POST, OPTIONS'],
      ] as const) {
        const res = await fetch(`${url}${path}`, { method: 'PUT', headers: { ...JSON_HEADERS, ...auth }, body: '{}' });
        expect(res.status, path).toBe(405);
        expect(res.headers.get('allow')).toBe(allow);
        expect(await res.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } });
      }
    });

    it('refuses a body over the limit with 413 before reading it all, and nothing reaches the upstream', async () => {
      const before = upstream.requests.length;
      const big = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { text: 'x'.repeat(5 * 1024 * 1024) } } });
      const res = await fetch(url, { method: 'POST', headers: { ...JSON_HEADERS, ...auth }, body: big });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/larger than the gateway's limit of 4194304 bytes/);
      expect(upstream.requests.length).toBe(before);
    });

    it('answers an undecodable path with 400, and leaves other paths to the application', async () => {
      const bad = await fetch(`${base}/mcp/%E0%A4%A`, { method: 'POST', headers: { ...JSON_HEADERS, ...auth }, body: '{}' });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/percent-encoding/);
      const slash = await fetch(`${url}/`, { method: 'POST', headers: { ...JSON_HEADERS, ...auth }, body: '{}', redirect: 'manual' });
      expect(slash.status).toBe(308);
      expect(slash.headers.get('location')).toBe(new URL(url).pathname);
      const nul = await fetch(`${url}%00`, { method: 'POST', headers: { ...JSON_HEADERS, ...auth }, body: '{}' });
      expect(nul.status).toBe(400);
      const deep = await fetch(`${base}/mcp/a/b/c`, { method: 'POST', headers: { ...JSON_HEADERS, ...auth }, body: '{}' });
      expect(deep.status).toBe(404);
      expect(deep.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('keeps an idle event stream alive with SSE comments that an SDK client ignores', async () => {
      const initialized = await fetch(url, { method: 'POST', headers: { ...JSON_HEADERS, ...auth }, body: INITIALIZE });
      const session = initialized.headers.get('mcp-session-id')!;
      await initialized.text();
      const listen = await fetch(url, { headers: { ...auth, accept: 'text/event-stream', 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' } });
      expect(listen.status).toBe(200);
      const reader = listen.body!.getReader();
      let seen = '';
      // The upstream sends nothing on this stream: whatever arrives is the gateway's.
      while (!seen.includes('\n\n')) seen += new TextDecoder().decode((await reader.read()).value);
      expect(seen).toBe(': keep-alive\n\n');
      await reader.cancel();

      const client = new Client({ name: 'keep-alive-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: auth } }));
      await new Promise((resolve) => setTimeout(resolve, 2500)); // two or three comments on its listen stream
      const result = (await client.callTool({ name: 'echo', arguments: { text: 'still here' } })) as { content: Array<{ text: string }> };
      expect(result.content[0]!.text).toBe('echo: still here');
      await client.close();
    });
  });
});
