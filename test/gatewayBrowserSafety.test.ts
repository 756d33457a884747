/**
 * What of the gateway a browser can be made to see or do, with real SDK upstreams
 * and a hostile one: every gateway answer (relayed, refused, accepted, streamed)
 * carries `X-Content-Type-Options: nosniff` and a sandboxing Content-Security-Policy;
 * an upstream answer that is not JSON or an event stream (HTML with a script, no
 * type at all) becomes a 502 problem naming its type, also on a capability URL
 * that needs no credentials; and a request naming an Origin that is neither
 * Toolshed's own nor on TOOLSHED_GATEWAY_ALLOWED_ORIGINS is refused with 403
 * before anything reaches the upstream, while requests without Origin (native
 * clients) and from allowed origins work. With TOOLSHED_GATEWAY_URL, connection URLs
 * are handed out on the gateway's own origin.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLegacySseServer, startStatefulServer, type TestUpstream } from './support/mcpUpstreams.js';
import { personWithToken } from './support/people.js';
import { serverDoc } from './support/serverDocs.js';
import { stubUpstream, type StubUpstream } from './support/stubUpstream.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { testToolshed, type TestToolshed } from './support/testToolshed.js';

const PUBLIC_URL = 'https://toolshed.example.com';
const INSPECTOR = 'https://inspector.example.com';
const GATEWAY_URL = 'https://mcp.example.com';
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'browser-safety', version: '1.0.0' } },
});
const CALL = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' } } });
const SCRIPT = '<html><script>fetch("/api/me").then((r) => r.text()).then(alert)</script></html>';

/** A hostile upstream: what it answers depends on the path the catalog gives it. */
function hostile(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  req.resume();
  if (path === '/html') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(SCRIPT);
  if (path === '/html-404') return void res.writeHead(404, { 'content-type': 'text/html' }).end(SCRIPT);
  if (path === '/untyped') return void res.writeHead(200).end(SCRIPT);
  if (path === '/svg') return void res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(`<svg xmlns="http://www.w3.org/2000/svg">${SCRIPT}</svg>`);
  if (path === '/accepted-html') return void res.writeHead(202, { 'content-type': 'text/html' }).end(SCRIPT);
  res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
}

function expectSafeHeaders(res: Response, what: string): void {
  expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(res.headers.get('content-security-policy'), what).toBe("default-src 'none'; sandbox");
}

describe.each(DATABASES)('gateway answers a browser may see, on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let real: TestUpstream;
    let legacy: TestUpstream;
    let evil: StubUpstream;
    let base: string;
    let auth: { authorization: string };
    /** Capability URLs (no credentials needed) by server. */
    const capability = new Map<string, string>();
    /** Bearer connection URLs by server. */
    const bearer = new Map<string, string>();

    beforeAll(async () => {
      [real, legacy, evil] = await Promise.all([startStatefulServer(), startLegacySseServer(), stubUpstream(hostile)]);
      t = await testToolshed(kind, {
        outboundAllow: ['127.0.0.0/8'],
        outboundAllowHttp: true,
        accessDefaultEffect: 'allow',
        publicUrl: PUBLIC_URL,
        gatewayUrl: GATEWAY_URL,
        gatewayAllowedOrigins: [INSPECTOR],
      });
      const servers: Array<[string, Array<Record<string, unknown>>]> = [
        ['io.example/real', [{ type: 'streamable-http', url: real.url }]],
        ['io.example/legacy', [{ type: 'sse', url: legacy.url }]],
        ...['html', 'html-404', 'untyped', 'svg', 'accepted-html'].map((p): [string, Array<Record<string, unknown>>] => [
          `io.example/evil-${p}`,
          [
            { type: 'streamable-http', url: `${evil.url}/${p}` },
            { type: 'sse', url: `${evil.url}/${p}` },
          ],
        ]),
      ];
      for (const [name, remotes] of servers) await t.catalog.importDocument(serverDoc(name, '1.0.0', { remotes }) as never);
      const alice = await personWithToken(t, 'alice', ['gateway']);
      auth = alice.headers;
      const caller = (await t.directory.callerForUser(alice.user.id, 'session'))!;
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      for (const [name] of servers) {
        const { connection, secret } = await t.connections.create(caller, { server: name, label: 'browser safety', capabilityUrl: true });
        capability.set(name, `${base}/mcp/${connection.id}/${secret}`);
        bearer.set(name, `${base}/mcp/${connection.id}`);
      }
    });

    afterAll(async () => {
      await t?.destroy();
      await Promise.all([real, legacy, evil].map((u) => u?.close()));
    });

    it('marks every answer nosniff and sandboxed: relayed JSON and streams, accepted notifications, refusals', async () => {
      const url = bearer.get('io.example/real')!;
      const initialized = await fetch(url, { method: 'POST', headers: { ...JSON_HEADERS, ...auth }, body: INITIALIZE });
      expect(initialized.status).toBe(200);
      expectSafeHeaders(initialized, 'initialize');
      await initialized.text();
      const session = { 'mcp-session-id': initialized.headers.get('mcp-session-id')!, 'mcp-protocol-version': '2025-06-18' };
      const notified = await fetch(url, { method: 'POST', headers: { ...JSON_HEADERS, ...auth, ...session }, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) });
      expect(notified.status).toBe(202);
      expectSafeHeaders(notified, 'accepted notification');
      const abort = new AbortController();
      const listen = await fetch(url, { headers: { ...auth, ...session, accept: 'text/event-stream' }, signal: abort.signal });
      expect(listen.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expectSafeHeaders(listen, 'listen stream');
      abort.abort();
      const ended = await fetch(url, { method: 'DELETE', headers: { ...auth, ...session } });
      expect(ended.status).toBe(200);
      expectSafeHeaders(ended, 'DELETE');

      const refusals: Array<[string, Promise<Response>, number]> = [
        ['no credentials', fetch(url, { method: 'POST', headers: JSON_HEADERS, body: INITIALIZE }), 401],
        ['unknown connection', fetch(`${base}/mcp/con_${'x'.repeat(24)}`, { method: 'POST', headers: { ...JSON_HEADERS, ...auth }, body: INITIALIZE }), 404],
        ['wrong method', fetch(url, { method: 'PUT', headers: { ...JSON_HEADERS, ...auth }, body: '{}' }), 405],
        ['not JSON', fetch(url, { method: 'POST', headers: { ...JSON_HEADERS, ...auth }, body: '<html>' }), 400],
        ['preflight', fetch(url, { method: 'OPTIONS', headers: { origin: INSPECTOR, 'access-control-request-method': 'POST' } }), 204],
      ];
      for (const [what, pending, status] of refusals) {
        const res = await pending;
        expect(res.status, what).toBe(status);
        expectSafeHeaders(res, what);
        await res.text();
      }

      const client = new Client({ name: 'browser-safety', version: '1.0.0' });
      await client.connect(new SSEClientTransport(new URL(`${bearer.get('io.example/legacy')}/sse`), { requestInit: { headers: auth } }));
      expect((await client.callTool({ name: 'echo', arguments: { text: 'legacy' } })).content).toEqual([{ type: 'text', text: 'echo: legacy' }]);
      await client.close();
      const unknown = await fetch(`${bearer.get('io.example/legacy')}/messages?session=x.y`, { method: 'POST', headers: { ...JSON_HEADERS, ...auth }, body: CALL });
      expect(unknown.status).toBe(404);
      expectSafeHeaders(unknown, 'legacy message with an unknown session');
    });

    it('refuses to relay an HTML, SVG or untyped answer, on a capability URL too: a 502 problem naming the type', async () => {
      const cases: Array<[string, RequestInit, string]> = [
        ['io.example/evil-html', { method: 'POST', headers: JSON_HEADERS, body: CALL }, 'content type text/html'],
        ['io.example/evil-html', { method: 'GET', headers: { accept: 'text/event-stream' } }, 'content type text/html'],
        ['io.example/evil-html', { method: 'DELETE' }, 'content type text/html'],
        ['io.example/evil-html-404', { method: 'POST', headers: JSON_HEADERS, body: CALL }, 'content type text/html'],
        ['io.example/evil-untyped', { method: 'POST', headers: JSON_HEADERS, body: CALL }, 'no content type'],
        ['io.example/evil-svg', { method: 'POST', headers: JSON_HEADERS, body: CALL }, 'content type image/svg+xml'],
      ];
      for (const [server, init, named] of cases) {
        const what = `${init.method} ${server}`;
        const res = await fetch(capability.get(server)!, init);
        expect(res.status, what).toBe(502);
        expect(res.headers.get('content-type'), what).toBe('application/problem+json');
        expectSafeHeaders(res, what);
        const text = await res.text();
        expect(text, what).not.toContain('<script');
        expect(JSON.parse(text), what).toMatchObject({ status: 502, detail: expect.stringContaining(`answered with ${named}; the gateway relays only application/json and text/event-stream`) });
      }
      // The legacy transport's stream request, answered with a page instead of a stream.
      const stream = await fetch(`${capability.get('io.example/evil-html')}/sse`, { headers: { accept: 'text/event-stream' } });
      expect(stream.status).toBe(502);
      expect(await stream.text()).not.toContain('<script');
      // An accepted message's body is never relayed.
      const accepted = await fetch(capability.get('io.example/evil-accepted-html')!, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
      });
      expect(accepted.status).toBe(202);
      expectSafeHeaders(accepted, 'accepted');
      expect(await accepted.text()).toBe('');
    });

    it("hands out connection URLs on the gateway's own origin when one is configured", async () => {
      const created = await fetch(`${base}/api/me/connections`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ server: 'io.example/legacy', label: 'own origin' }),
      });
      expect(created.status).toBe(201);
      const { connection } = (await created.json()) as { connection: { id: string; url: string; sseUrl: string } };
      expect(connection).toMatchObject({ url: `${GATEWAY_URL}/mcp/${connection.id}`, sseUrl: `${GATEWAY_URL}/mcp/${connection.id}/sse` });
      const listed = (await (await fetch(`${base}/api/me/servers`, { headers: auth })).json()) as { servers: Array<{ server: { remotes: Array<{ url: string }> } }> };
      expect(listed.servers.flatMap((s) => s.server.remotes.map((r) => r.url)).every((u) => u.startsWith(`${GATEWAY_URL}/mcp/`))).toBe(true);
    });

    it('refuses a request from an Origin not on the allow-list with 403 before anything reaches the upstream', async () => {
      const url = bearer.get('io.example/real')!;
      const before = real.requests.length;
      for (const origin of ['https://evil.example', 'http://toolshed.example.com', 'https://toolshed.example.com.evil.example', 'null', `http://127.0.0.1:${new URL(base).port}`]) {
        for (const [what, init] of [
          ['POST', { method: 'POST', headers: { ...JSON_HEADERS, ...auth, origin }, body: INITIALIZE }],
          ['GET', { headers: { ...auth, origin, accept: 'text/event-stream' } }],
          ['preflight', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } }],
        ] as const) {
          const res = await fetch(url, init);
          expect(res.status, `${what} from ${origin}`).toBe(403);
          expect(res.headers.get('content-type')).toBe('application/problem+json');
          expectSafeHeaders(res, `${what} from ${origin}`);
          expect(((await res.json()) as { detail: string }).detail).toMatch(/may not call this gateway: .*TOOLSHED_GATEWAY_ALLOWED_ORIGINS/);
        }
      }
      // A capability URL (no credentials) and the legacy message endpoint are guarded alike.
      const viaCapability = await fetch(capability.get('io.example/real')!, { method: 'POST', headers: { ...JSON_HEADERS, origin: 'https://evil.example' }, body: INITIALIZE });
      expect(viaCapability.status).toBe(403);
      const viaMessages = await fetch(`${capability.get('io.example/legacy')}/messages?session=x.y`, { method: 'POST', headers: { ...JSON_HEADERS, origin: 'https://evil.example' }, body: CALL });
      expect(viaMessages.status).toBe(403);
      expect(real.requests.length).toBe(before);

      // Toolshed's own origin, an allowed browser client, and native clients (no Origin) are served.
      for (const headers of [{ origin: PUBLIC_URL }, { origin: INSPECTOR }, {}] as Array<Record<string, string>>) {
        const res = await fetch(url, { method: 'POST', headers: { ...JSON_HEADERS, ...auth, ...headers }, body: INITIALIZE });
        expect(res.status, JSON.stringify(headers)).toBe(200);
        await res.text();
      }
      const client = new Client({ name: 'native', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: auth } }));
      expect((await client.callTool({ name: 'echo', arguments: { text: 'native' } })).content).toEqual([{ type: 'text', text: 'echo: native' }]);
      await client.close();
    });
  });
});
