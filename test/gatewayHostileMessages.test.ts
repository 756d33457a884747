/**
 * What a hostile client cannot get past the gateway, with real SDK clients and
 * upstreams and raw HTTP for the messages no SDK would send. An upstream that
 * records the raw bytes it receives proves what was (not) forwarded:
 * - every message with a `method` is decided: ids that are not a string or an
 *   integer, and id-less requests that are not notifications, get -32600 and are
 *   never forwarded, on streamable HTTP and the legacy SSE message endpoint,
 *   batches included;
 * - batches are capped, each of their requests is rate limited on its own, and
 *   when the audit queue cannot keep up new calls get 503 + Retry-After instead
 *   of a call going unrecorded (a batch the database refuses is kept, a single
 *   poisoned record is dropped and counted);
 * - a body repeating a key in one object (also in another case, as Go reads
 *   keys) or a request id in a batch is refused, and accepted bodies reach the
 *   upstream byte for byte, declared as UTF-8 JSON whatever charset the client named;
 * - deny rules catch tool names differing only by case or NFKC; allows stay
 *   exact; tool-scoped rate limits count such names as one tool;
 * - a request is authenticated from its headers and refused before its body is read.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { sql } from 'kysely';
import { createServer, request as httpRequest, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecider } from '../src/access/createDecider.js';
import { createAuditWriter } from '../src/gateway/createAuditWriter.js';
import { policyFromAccess, type GatewayCallRecord, type GatewayPolicy } from '../src/gateway/index.js';
import { startLegacySseServer, type TestUpstream } from './support/mcpUpstreams.js';
import { remoteDoc, serverDoc } from './support/serverDocs.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { ADMIN_TOKEN, AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const FULLWIDTH = 'ｓｅｃｒｅｔ＿ａｄｍｉｎ＿ｔｏｏｌ';
const TOOLS = ['echo', 'ECHO', 'secret_admin_tool', 'SECRET_ADMIN_TOOL', FULLWIDTH];

const open = policyFromAccess(
  createDecider([{ id: 'no-admin-tool', effect: 'deny', subject: { everyone: true }, actions: ['discover', 'call'], resource: { server: '*', tool: 'secret_admin_tool' } }], undefined, {
    defaultEffect: 'allow',
  }),
);
const strict = policyFromAccess(
  createDecider([
    { id: 'strict-connect', effect: 'allow', subject: { everyone: true }, actions: ['connect'], resource: { server: 'io.example/strict' } },
    { id: 'strict-echo', effect: 'allow', subject: { everyone: true }, actions: ['discover', 'call'], resource: { server: 'io.example/strict', tool: 'echo' } },
  ]),
);
const policy: GatewayPolicy = (caller, action, target) => (target.server === 'io.example/strict' ? strict : open)(caller, action, target);

const HEADERS = { authorization: `Bearer ${ADMIN_TOKEN}` };
const POST_HEADERS = { ...HEADERS, 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

interface Recording {
  url: string;
  /** Raw bodies of the POSTs received, as text. */
  bodies: string[];
  /** The Content-Type of each POST received. */
  types: Array<string | undefined>;
  ran: string[];
  close(): Promise<void>;
}

/** A stateless v1 upstream (JSON answers) offering TOOLS, recording each POST body byte for byte. */
async function startRecordingUpstream(): Promise<Recording> {
  const bodies: string[] = [];
  const types: Array<string | undefined> = [];
  const ran: string[] = [];
  const http: HttpServer = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks).toString('utf8');
      if (req.method === 'POST') {
        bodies.push(raw);
        types.push(req.headers['content-type']);
      }
      const server = new Server({ name: 'recording', version: '1.0.0' }, { capabilities: { tools: {} } });
      server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: TOOLS.map((name) => ({ name, inputSchema: { type: 'object' as const } })) }));
      server.setRequestHandler(CallToolRequestSchema, async (r) => {
        ran.push(r.params.name);
        return { content: [{ type: 'text', text: `ran ${r.params.name}` }] };
      });
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      res.on('close', () => void server.close());
      await server.connect(transport);
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = undefined;
      }
      await transport.handleRequest(req, res, body);
    })();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`,
    bodies,
    types,
    ran,
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

const call = (id: unknown, name: string, extra: Record<string, unknown> = {}) => ({
  jsonrpc: '2.0',
  ...(id === undefined ? {} : { id }),
  method: 'tools/call',
  params: { name, arguments: {} },
  ...extra,
});

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

async function post(url: string, body: string, headers: Record<string, string> = POST_HEADERS): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

function errorOf(answer: Answer): { code: number; message: string } {
  return (answer.body as { error: { code: number; message: string } }).error;
}

/** A POST whose headers are sent and whose body never is: the answer, if the gateway gives one without it. */
function headersOnly(url: string, headers: Record<string, string>): Promise<IncomingMessage & { text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => {
        resolve(Object.assign(res, { text }));
        req.destroy();
      });
    });
    req.on('error', reject);
    req.flushHeaders();
  });
}

describe.each(DATABASES)('hostile messages through the gateway on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let toolshed: TestToolshed;
    let tight: TestToolshed;
    let base: string;
    let tightBase: string;
    let recording: Recording;
    let legacy: TestUpstream;

    const mcpUrl = (root: string, name: string) => `${root}/gateway/${encodeURIComponent(name)}/mcp`;

    beforeAll(async () => {
      [recording, legacy] = await Promise.all([startRecordingUpstream(), startLegacySseServer()]);
      const common = { outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true };
      toolshed = await testToolshed(
        kind,
        {
          ...common,
          gatewayRateLimits: [
            { scope: 'user+server', server: 'io.example/limited', ratePerMinute: 1, burst: 3 },
            { scope: 'user+tool', server: 'io.example/echo-limited', tool: 'echo', ratePerMinute: 1, burst: 1 },
            { scope: 'tool', server: 'io.example/per-tool', ratePerMinute: 1, burst: 1 },
          ],
        },
        { gateway: { policy } },
      );
      // An audit queue of two records that only a test flushes.
      tight = await testToolshed(kind, { ...common, gatewayAuditQueueSize: 2, gatewayAuditFlushMs: 60_000 }, { gateway: { policy } });
      for (const name of ['io.example/open', 'io.example/strict', 'io.example/limited', 'io.example/echo-limited', 'io.example/per-tool']) {
        await toolshed.catalog.importDocument(remoteDoc(name, '1.0.0', `${recording.url}?server=${name.slice(11)}`) as never);
      }
      await toolshed.catalog.importDocument(serverDoc('io.example/legacy', '1.0.0', { remotes: [{ type: 'sse', url: legacy.url }] }) as never);
      await tight.catalog.importDocument(remoteDoc('io.example/open', '1.0.0', recording.url) as never);
      await toolshed.app.listen({ port: 0, host: '127.0.0.1' });
      await tight.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(toolshed.app.server.address() as AddressInfo).port}`;
      tightBase = `http://127.0.0.1:${(tight.app.server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await toolshed?.destroy();
      await tight?.destroy();
      await recording?.close();
      await legacy?.close();
    });

    const hostile = [
      ['id null', call(null, 'secret_admin_tool')],
      ['id true', call(true, 'secret_admin_tool')],
      ['id {}', call({}, 'secret_admin_tool')],
      ['id []', call([], 'secret_admin_tool')],
      ['id 1.5', call(1.5, 'secret_admin_tool')],
      ['no id', call(undefined, 'secret_admin_tool')],
      ['method not a string', { jsonrpc: '2.0', id: 1, method: ['tools/call'], params: { name: 'secret_admin_tool' } }],
      ['neither request nor response', { jsonrpc: '2.0', id: 1, params: { name: 'secret_admin_tool' } }],
      ['in a batch', [call(1, 'echo'), call(null, 'secret_admin_tool')]],
    ] as const;
    // JSON.stringify cannot write 1e400 (it parses to Infinity); the raw text can.
    const hostileBodies: Array<[string, string]> = [
      ...hostile.map(([label, m]) => [label, JSON.stringify(m)] as [string, string]),
      ['id 1e400', '{"jsonrpc":"2.0","id":1e400,"method":"tools/call","params":{"name":"secret_admin_tool","arguments":{}}}'],
    ];

    it('refuses messages whose id is not a string or an integer, and id-less requests, with -32600 on streamable HTTP, forwarding none of them', async () => {
      const before = recording.bodies.length;
      for (const [label, body] of hostileBodies) {
        const answer = await post(mcpUrl(base, 'io.example/open'), body);
        expect(answer.status, label).toBe(400);
        expect(answer.body, label).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } });
      }
      expect(errorOf(await post(mcpUrl(base, 'io.example/open'), JSON.stringify(call(null, 'echo')))).message).toMatch(/id must be a string or an integer/);
      expect(recording.bodies.slice(before)).toEqual([]);
      expect(recording.ran).not.toContain('secret_admin_tool');

      // A notification needs no id, and still passes.
      const note = await post(mcpUrl(base, 'io.example/open'), JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
      expect(note.status).toBe(202);
      expect(recording.bodies.slice(before)).toEqual(['{"jsonrpc":"2.0","method":"notifications/initialized"}']);
    });

    it('refuses the same messages on the legacy SSE message endpoint, forwarding none of them', async () => {
      const stream = await fetch(`${base}/gateway/${encodeURIComponent('io.example/legacy')}/sse`, { headers: { ...HEADERS, accept: 'text/event-stream' } });
      expect(stream.status).toBe(200);
      const reader = stream.body!.getReader();
      let seen = '';
      while (!/event: endpoint\ndata: [^\n]+\n/.test(seen)) seen += new TextDecoder().decode((await reader.read()).value);
      const messageUrl = `${base}${/event: endpoint\ndata: ([^\n]+)\n/.exec(seen)![1]}`;
      try {
        for (const [label, body] of hostileBodies) {
          const answer = await post(messageUrl, body);
          expect(answer.status, label).toBe(400);
          expect(answer.body, label).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } });
        }
        expect(legacy.requests.filter((r) => r.method === 'POST')).toEqual([]);
        expect(legacy.ran).toEqual([]);
      } finally {
        await reader.cancel();
      }
    });

    it('refuses a batch over the limit (100 by default) with -32600, forwarding none of it; a batch within it is relayed', async () => {
      const before = recording.bodies.length;
      const big = Array.from({ length: 101 }, (_, i) => call(i + 1, 'echo'));
      const refused = await post(mcpUrl(base, 'io.example/open'), JSON.stringify(big));
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ id: null, error: { code: -32600 } });
      expect(errorOf(refused).message).toMatch(/101 messages.*limit of 100/);
      expect(recording.bodies.length).toBe(before);

      const small = await post(mcpUrl(base, 'io.example/open'), JSON.stringify(big.slice(0, 100)));
      expect(small.status).toBe(200);
      expect((small.body as unknown[]).length).toBe(100);
    });

    it('counts each request of a batch against the rate limits', async () => {
      const before = recording.ran.length;
      const answer = await post(mcpUrl(base, 'io.example/limited'), JSON.stringify(Array.from({ length: 5 }, (_, i) => call(i + 1, 'echo'))));
      expect(answer.status).toBe(200);
      const byId = new Map((answer.body as Array<{ id: number; result?: unknown; error?: { code: number } }>).map((m) => [m.id, m]));
      expect([1, 2, 3, 4, 5].map((id) => (byId.get(id)?.error ? byId.get(id)!.error!.code : 'ok'))).toEqual(['ok', 'ok', 'ok', -32000, -32000]);
      expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(recording.ran.length - before).toBe(3);
    });

    it('refuses a body that repeats a key in one object, forwarding nothing; other bodies reach the upstream byte for byte', async () => {
      const before = recording.bodies.length;
      for (const body of [
        '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"secret_admin_tool","name":"echo","arguments":{}}}',
        '{"jsonrpc":"2.0","id":1,"method":"tools/call","method":"ping","params":{"name":"secret_admin_tool"}}',
        '[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"a":1,"a":2}}}]',
      ]) {
        const answer = await post(mcpUrl(base, 'io.example/open'), body);
        expect(answer.status, body).toBe(400);
        expect(answer.body, body).toMatchObject({ id: null, error: { code: -32600 } });
        expect(errorOf(answer).message).toMatch(/repeats a key/);
      }
      expect(recording.bodies.length).toBe(before);

      // The same key in different objects, and key-like text inside strings, are fine; the bytes travel as sent.
      const fine = '{ "jsonrpc":"2.0", "id":7, "method":"tools/call", "params":{"name":"echo", "arguments":{"name":"\\"name\\": x", "nested":{"name":1.0, "big":12345678901234567890}}}}';
      const answer = await post(mcpUrl(base, 'io.example/open'), fine);
      expect(answer.status).toBe(200);
      expect(recording.bodies.slice(before)).toEqual([fine]);
    });

    it('refuses a batch that repeats a request id (0 and -0 alike), forwarding none of it; ids 1 and "1" are two ids', async () => {
      const before = recording.bodies.length;
      const list = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
      for (const body of [
        // The second request would take the first's place: its call unaudited, the list unfiltered.
        JSON.stringify([call(1, 'echo'), { jsonrpc: '2.0', id: 1, method: 'ping' }]),
        JSON.stringify([list, call(1, 'secret_admin_tool')]),
        '[{"jsonrpc":"2.0","id":0,"method":"tools/list"},{"jsonrpc":"2.0","id":-0,"method":"ping"}]',
        '[{"jsonrpc":"2.0","id":"a","method":"tools/list"},{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":"a","method":"ping"}]',
      ]) {
        const answer = await post(mcpUrl(base, 'io.example/open'), body);
        expect(answer.status, body).toBe(400);
        expect(answer.body, body).toMatchObject({ id: null, error: { code: -32600 } });
        expect(errorOf(answer).message, body).toMatch(/repeats the id .* of an earlier request/);
      }
      expect(recording.bodies.length).toBe(before);

      const fine = await post(mcpUrl(base, 'io.example/open'), JSON.stringify([call(1, 'echo'), call('1', 'echo')]));
      expect(fine.status).toBe(200);
      expect((fine.body as Array<{ id: unknown }>).map((m) => m.id).sort()).toEqual([1, '1']);
    });

    it('refuses an object holding two keys that differ only by case, which Go and .NET upstreams read as one key', async () => {
      const before = recording.bodies.length;
      for (const body of [
        '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","Name":"secret_admin_tool"}}',
        '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo"},"PARAMS":{"name":"secret_admin_tool"}}',
        // The Kelvin sign and the long s fold to k and s; a dotted capital I to i.
        '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"key":"a","\u212aey":"b"}}}',
        '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"path":"a","pa\u017fth":"b","\u017fize":1,"size":2}}}',
        '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"id":"a","\u0130D":"b"}}}',
      ]) {
        const answer = await post(mcpUrl(base, 'io.example/open'), body);
        expect(answer.status, body).toBe(400);
        expect(answer.body, body).toMatchObject({ id: null, error: { code: -32600 } });
        expect(errorOf(answer).message, body).toMatch(/differ only by case/);
      }
      expect(recording.bodies.length).toBe(before);
      // The same key in two cases in different objects is fine.
      const fine = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"Name":"x","inner":{"name":"y"}}}}';
      expect((await post(mcpUrl(base, 'io.example/open'), fine)).status).toBe(200);
      expect(recording.bodies.slice(before)).toEqual([fine]);
    });

    it('tells the upstream the body is UTF-8 JSON whatever charset the client declares', async () => {
      const before = recording.bodies.length;
      // To an upstream decoding the declared charset (express.json(), the SDK's SSE transport), +AHM- is "s" in UTF-7.
      const body = JSON.stringify(call(1, '+AHM-ecret_admin_tool'));
      for (const type of ['application/json; charset=utf-7', 'application/json;charset=UTF-16LE', 'text/plain']) {
        await post(mcpUrl(base, 'io.example/open'), body, { ...POST_HEADERS, 'content-type': type });
      }
      expect(recording.types.slice(before)).toEqual(['application/json', 'application/json', 'application/json']);
      expect(recording.ran).not.toContain('secret_admin_tool');
    });

    it('counts tool names differing by case or NFKC as one tool in tool-scoped rate limits', async () => {
      const before = recording.ran.length;
      // A limit naming echo, one token: ECHO and its fullwidth spelling take from the same bucket.
      const named = await post(mcpUrl(base, 'io.example/echo-limited'), JSON.stringify([call(1, 'echo'), call(2, 'ECHO'), call(3, 'Ｅｃｈｏ')]));
      // A limit per tool, one token each: echo and ECHO share one bucket.
      const perTool = await post(mcpUrl(base, 'io.example/per-tool'), JSON.stringify([call(1, 'ECHO'), call(2, 'echo')]));
      const codes = (answer: Answer) => (answer.body as Array<{ id: number; error?: { code: number } }>).sort((a, b) => a.id - b.id).map((m) => (m.error ? m.error.code : 'ok'));
      expect(codes(named)).toEqual(['ok', -32000, -32000]);
      expect(codes(perTool)).toEqual(['ok', -32000]);
      expect(recording.ran.slice(before)).toEqual(['echo', 'ECHO']);
    });

    it('lets deny rules catch tool names differing by case or NFKC, while allows stay exact', async () => {
      const client = new Client({ name: 'hostile-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl(base, 'io.example/open')), { requestInit: { headers: HEADERS } }));
      try {
        expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['echo', 'ECHO']);
        for (const name of ['secret_admin_tool', 'SECRET_ADMIN_TOOL', FULLWIDTH]) {
          await expect(client.callTool({ name, arguments: {} }), name).rejects.toThrow(/Unknown tool/);
        }
        expect(await client.callTool({ name: 'ECHO', arguments: {} })).toMatchObject({ content: [{ text: 'ran ECHO' }] });
      } finally {
        await client.close();
      }
      expect(recording.ran).not.toContain('SECRET_ADMIN_TOOL');
      expect(recording.ran).not.toContain(FULLWIDTH);

      const strictClient = new Client({ name: 'hostile-test', version: '1.0.0' });
      await strictClient.connect(new StreamableHTTPClientTransport(new URL(mcpUrl(base, 'io.example/strict')), { requestInit: { headers: HEADERS } }));
      try {
        expect((await strictClient.listTools()).tools.map((t) => t.name)).toEqual(['echo']);
        expect(await strictClient.callTool({ name: 'echo', arguments: {} })).toMatchObject({ content: [{ text: 'ran echo' }] });
        await expect(strictClient.callTool({ name: 'ECHO', arguments: {} })).rejects.toThrow(/Unknown tool/);
      } finally {
        await strictClient.close();
      }
    });

    it('authenticates from the headers and refuses a bad credential before reading the body', async () => {
      const url = mcpUrl(base, 'io.example/open');
      const headers = { 'content-type': 'application/json', authorization: 'Bearer not-a-real-token' };
      // Over the body limit: refused for the credential, not the size, since the size is never looked at.
      const huge = await headersOnly(url, { ...headers, 'content-length': String(5 * 1024 * 1024) });
      expect(huge.statusCode).toBe(401);
      // Within it: the answer comes although the body never does.
      const waiting = await headersOnly(url, { ...headers, 'content-length': '100' });
      expect(waiting.statusCode).toBe(401);
      expect(waiting.headers.connection).toBe('close');
      expect(JSON.parse(waiting.text)).toMatchObject({ error: { code: -32600 } });
    });

    it('refuses new calls with 503 and Retry-After while the audit cannot keep up, and records every call it relayed', async () => {
      const writer = tight.gatewayAudit!.writer;
      const url = mcpUrl(tightBase, 'io.example/open');
      const before = recording.bodies.length;
      // The database refuses the audit's writes until the table is back.
      await sql`ALTER TABLE gateway_calls RENAME TO gateway_calls_away`.execute(tight.store.db);
      try {
        expect((await post(url, JSON.stringify(call(1, 'echo')))).status).toBe(200);
        expect((await post(url, JSON.stringify(call(2, 'echo')))).status).toBe(200);
        await writer.flush();
        expect({ queued: writer.queued, dropped: writer.dropped }).toEqual({ queued: 2, dropped: 0 });
        const refused = await post(url, JSON.stringify(call(3, 'echo')));
        expect(refused.status).toBe(503);
        expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
        expect(errorOf(refused).message).toMatch(/audit/);
        expect(recording.bodies.length - before).toBe(2);
      } finally {
        await sql`ALTER TABLE gateway_calls_away RENAME TO gateway_calls`.execute(tight.store.db);
      }
      await writer.flush();
      expect({ queued: writer.queued, dropped: writer.dropped }).toEqual({ queued: 0, dropped: 0 });
      expect((await post(url, JSON.stringify(call(4, 'echo')))).status).toBe(200);
      await writer.flush();
      const res = await tight.app.inject({ method: 'GET', url: '/api/admin/gateway/calls?method=tools%2Fcall', headers: AUTH });
      const rows = (res.json() as { calls: Array<{ jsonrpcId: string; outcome: string }> }).calls;
      expect(rows.map((r) => [r.jsonrpcId, r.outcome]).sort()).toEqual([
        ['1', 'ok'],
        ['2', 'ok'],
        ['4', 'ok'],
      ]);
    });

    it('keeps the audit when the database refuses one record of a batch: the rest is written, that one dropped and counted', async () => {
      const record = (n: number): GatewayCallRecord => ({
        at: Date.now() * 1000,
        principal: { id: 'usr_poison', label: 'poison@example.com', via: 'personal-token' },
        server: 'io.example/poison',
        method: 'tools/call',
        target: `t${n}`,
        outcome: n === 7 ? ('not-an-outcome' as GatewayCallRecord['outcome']) : 'ok',
        durationMicros: 1,
        requestBytes: 1,
        responseBytes: 1,
      });
      const writer = createAuditWriter({ db: toolshed.store.db, flushMs: 3_600_000 });
      for (let i = 0; i < 10; i++) writer.record(record(i));
      await writer.close();
      expect(writer.dropped).toBe(1);
      const res = await toolshed.app.inject({ method: 'GET', url: '/api/admin/gateway/calls?server=io.example%2Fpoison&limit=500', headers: AUTH });
      expect((res.json() as { calls: unknown[] }).calls).toHaveLength(9);
    });
  });
});
