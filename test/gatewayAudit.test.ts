/**
 * Gateway rate limits (in memory) and the gateway audit end to end, with real
 * SDK clients and servers through the gateway: the N+1th call gets the JSON-RPC
 * rate-limit error and never reaches the upstream; a GET stream over its limit
 * gets 429 with Retry-After; audit records for initialize, tools/list, an ok
 * call (SSE and JSON answers), a denied call, a rate-limited call, an upstream
 * error and a timeout carry the right fields; payload capture is off by default
 * and redacted when on; the query API filters and pages, refuses bad input and
 * needs audit.read; the JSON Lines export parses line by line; /metrics shows
 * the gateway series; and, with the `drop` overflow, a full audit queue drops
 * instead of blocking (the default, `refuse`, is in gatewayHostileMessages.test.ts).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecider } from '../src/access/createDecider.js';
import { createAuditWriter } from '../src/gateway/createAuditWriter.js';
import { policyFromAccess, type GatewayCallRecord } from '../src/gateway/index.js';
import { startStatefulServer, startStatelessServer, type TestUpstream } from './support/mcpUpstreams.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { ADMIN_TOKEN, AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const policy = policyFromAccess(
  createDecider([{ id: 'no-secret', effect: 'deny', subject: { everyone: true }, actions: ['discover', 'call'], resource: { server: '*', tool: 'secret' } }], undefined, { defaultEffect: 'allow' }),
);
const HEADERS = { authorization: `Bearer ${ADMIN_TOKEN}` };
const UPSTREAM_SECRET = 'upstream-secret-0123456789';

function serverDoc(name: string, url: string) {
  return {
    $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
    name,
    description: 'A test upstream',
    version: '1.0.0',
    remotes: [{ type: 'streamable-http', url }],
  };
}

type Call = {
  id: string;
  at: string;
  principal: { id: string; label: string; via: string };
  client: { name: string; version: string | null } | null;
  server: string;
  method: string;
  target: string | null;
  outcome: string;
  error: { code: number | null; message: string | null } | null;
  durationMicros: number;
  requestBytes: number;
  responseBytes: number;
  jsonrpcId: string | null;
  sessionHash: string | null;
  payload?: { request: string | null; response: string | null };
};

describe.each(DATABASES)('gateway rate limits and audit on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let toolshed: TestToolshed;
    let capturing: TestToolshed;
    let base: string;
    let captureBase: string;
    let stateful: TestUpstream;
    let json: TestUpstream;
    let limited: TestUpstream;

    const mcpUrl = (root: string, name: string) => new URL(`${root}/gateway/${encodeURIComponent(name)}/mcp`);
    async function connect(root: string, name: string, clientName = 'audit-test'): Promise<Client> {
      const client = new Client({ name: clientName, version: '1.2.3' });
      await client.connect(new StreamableHTTPClientTransport(mcpUrl(root, name), { requestInit: { headers: HEADERS } }));
      return client;
    }
    async function calls(t: TestToolshed, query: string): Promise<Call[]> {
      await t.gatewayAudit!.writer.flush();
      const res = await t.app.inject({ method: 'GET', url: `/api/admin/gateway/calls?limit=500&${query}`, headers: AUTH });
      expect(res.statusCode).toBe(200);
      return res.json().calls as Call[];
    }

    beforeAll(async () => {
      [stateful, json, limited] = await Promise.all([startStatefulServer(), startStatelessServer({ json: true }), startStatelessServer({ json: true })]);
      toolshed = await testToolshed(
        kind,
        {
          outboundAllow: ['127.0.0.0/8'],
          outboundAllowHttp: true,
          gatewayRateLimits: [
            { scope: 'user+tool', server: 'io.example/limited', tool: 'echo', ratePerMinute: 1, burst: 2 },
            { scope: 'user+server', server: 'io.example/limited-get', ratePerMinute: 1, burst: 1 },
          ],
        },
        { gateway: { policy } },
      );
      capturing = await testToolshed(
        kind,
        { outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true, gatewayAuditPayloads: true, gatewayCallTimeoutSeconds: 1 },
        { gateway: { policy, upstreamHeaders: () => ({ 'x-upstream-key': UPSTREAM_SECRET }) } },
      );
      for (const t of [toolshed, capturing]) {
        for (const [name, url] of [
          ['io.example/audited', stateful.url],
          ['io.example/json', json.url],
          ['io.example/limited', limited.url],
          ['io.example/limited-get', `${limited.url}?get=1`],
        ] as const) {
          await t.catalog.importDocument(serverDoc(name, url) as never);
        }
        await t.app.listen({ port: 0, host: '127.0.0.1' });
      }
      base = `http://127.0.0.1:${(toolshed.app.server.address() as AddressInfo).port}`;
      captureBase = `http://127.0.0.1:${(capturing.app.server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      // Idle keep-alive client connections left by the SDK clients would hold app.close() (see the report).
      for (const t of [toolshed, capturing]) t?.app.server.closeAllConnections();
      await toolshed?.destroy();
      await capturing?.destroy();
      await Promise.all([stateful, json, limited].map((u) => u?.close()));
    });

    it('answers the N+1th call with the rate-limit error, and it never reaches the upstream', async () => {
      const client = await connect(base, 'io.example/limited');
      const before = limited.ran.length;
      for (const text of ['one', 'two']) expect((await client.callTool({ name: 'echo', arguments: { text } })).content).toEqual([{ type: 'text', text: `echo: ${text}` }]);
      let error: unknown;
      try {
        await client.callTool({ name: 'echo', arguments: { text: 'three' } });
      } catch (err) {
        error = err;
      }
      expect(error).toMatchObject({ code: -32000, data: { reason: 'rate_limited', retryAfterSeconds: expect.any(Number) } });
      expect((error as { data: { retryAfterSeconds: number } }).data.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(limited.ran.slice(before)).toEqual(['echo', 'echo']);
      expect(limited.requests.some((r) => JSON.stringify(r.body ?? '').includes('three'))).toBe(false);
      // The rule covers echo only: other requests on the server still pass.
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
      await client.close();

      const records = await calls(toolshed, `server=${encodeURIComponent('io.example/limited')}&tool=echo`);
      expect(records.map((r) => r.outcome)).toEqual(['rate_limited', 'ok', 'ok']);
      expect(records[0]).toMatchObject({ method: 'tools/call', target: 'echo', error: { code: -32000, message: expect.stringContaining('Rate limit exceeded (user+tool)') } });
    });

    it('refuses a GET stream over its limit with HTTP 429 and Retry-After', async () => {
      const open = () => fetch(mcpUrl(base, 'io.example/limited-get'), { headers: { ...HEADERS, accept: 'text/event-stream' } });
      const first = await open();
      await first.body?.cancel();
      expect(first.status).not.toBe(429);
      const second = await open();
      expect(second.status).toBe(429);
      expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await second.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000, data: { reason: 'rate_limited' } } });
      const records = await calls(toolshed, `server=${encodeURIComponent('io.example/limited-get')}&outcome=rate_limited`);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ method: 'stream/listen', outcome: 'rate_limited' });
    });

    it('records initialize, tools/list, an ok call and a denied call with their fields', async () => {
      const client = await connect(base, 'io.example/audited');
      expect((await client.listTools()).tools.map((t) => t.name)).not.toContain('secret');
      await client.callTool({ name: 'echo', arguments: { text: 'audited' } });
      await expect(client.callTool({ name: 'secret', arguments: {} })).rejects.toMatchObject({ code: -32602 });
      await client.close();

      const records = await calls(toolshed, `server=${encodeURIComponent('io.example/audited')}`);
      const init = records.find((r) => r.method === 'initialize')!;
      expect(init).toMatchObject({
        outcome: 'ok',
        client: { name: 'audit-test', version: '1.2.3' },
        principal: { id: 'admin', via: 'admin-token' },
        jsonrpcId: '0',
        sessionHash: expect.stringMatching(/^[0-9a-f]{32}$/),
        error: null,
      });
      const list = records.find((r) => r.method === 'tools/list')!;
      expect(list).toMatchObject({ outcome: 'ok', sessionHash: init.sessionHash });
      expect(list.responseBytes).toBeGreaterThan(0);
      const ok = records.find((r) => r.method === 'tools/call' && r.target === 'echo')!;
      expect(ok).toMatchObject({ outcome: 'ok', error: null, jsonrpcId: expect.stringMatching(/^\d+$/), principal: { id: 'admin', label: expect.any(String), via: 'admin-token' } });
      for (const r of [init, list, ok]) {
        expect(r.requestBytes).toBeGreaterThan(0);
        expect(r.responseBytes).toBeGreaterThan(0);
        expect(r.durationMicros).toBeGreaterThan(0);
        expect(Date.parse(r.at)).toBeGreaterThan(Date.parse('2024-01-01T00:00:00Z'));
      }
      const denied = records.find((r) => r.target === 'secret')!;
      expect(denied).toMatchObject({ method: 'tools/call', outcome: 'denied', error: { code: -32602, message: expect.stringMatching(/.+/) } });
      expect(denied.requestBytes).toBeGreaterThan(0);
      // Payload capture is off by default.
      expect(records.every((r) => r.payload === undefined)).toBe(true);
    });

    it('records an upstream error and a plain JSON answer', async () => {
      const client = await connect(base, 'io.example/json');
      expect((await client.callTool({ name: 'echo', arguments: { text: 'json' } })).content).toEqual([{ type: 'text', text: 'echo: json' }]);
      // A tool that fails answers a result with isError; a missing prompt is a JSON-RPC error.
      expect(await client.callTool({ name: 'nope', arguments: {} })).toMatchObject({ isError: true });
      await expect(client.getPrompt({ name: 'nope' })).rejects.toMatchObject({ code: -32602 });
      await client.close();
      const records = await calls(toolshed, `server=${encodeURIComponent('io.example/json')}`);
      const ok = records.find((r) => r.target === 'echo')!;
      expect(ok).toMatchObject({ method: 'tools/call', outcome: 'ok', error: null });
      expect(ok.responseBytes).toBeGreaterThan(0);
      const toolError = records.find((r) => r.method === 'tools/call' && r.target === 'nope')!;
      expect(toolError).toMatchObject({ outcome: 'error', error: { code: null, message: expect.stringContaining('isError') } });
      const failed = records.find((r) => r.method === 'prompts/get' && r.target === 'nope')!;
      expect(failed).toMatchObject({ outcome: 'error', error: { code: -32602, message: expect.stringContaining('nope') } });
      expect(failed.responseBytes).toBeGreaterThan(0);
    });

    it('captures redacted payloads when asked, and records a timeout', async () => {
      const client = await connect(captureBase, 'io.example/json');
      await client.callTool({ name: 'echo', arguments: { text: `key ${UPSTREAM_SECRET}`, password: 'hunter2' } });
      // A plain-JSON upstream has sent nothing yet: the gateway answers 504 itself.
      await expect(client.callTool({ name: 'progress', arguments: { steps: 2 } })).rejects.toMatchObject({ code: 504 });
      await client.close();
      const records = await calls(capturing, `server=${encodeURIComponent('io.example/json')}&method=tools/call`);
      const echo = records.find((r) => r.target === 'echo')!;
      expect(echo.payload?.request).toContain('[redacted]');
      expect(echo.payload?.request).not.toContain('hunter2');
      expect(echo.payload?.request).not.toContain(UPSTREAM_SECRET);
      expect(JSON.parse(echo.payload!.request!)).toMatchObject({ method: 'tools/call', params: { name: 'echo', arguments: { password: '[redacted]', text: 'key [redacted]' } } });
      expect(JSON.parse(echo.payload!.response!)).toMatchObject({ result: { content: [{ text: 'echo: key [redacted]' }] } });
      const timedOut = records.find((r) => r.target === 'progress')!;
      expect(timedOut).toMatchObject({ outcome: 'timeout', error: { code: -32603, message: expect.stringContaining('call timeout') } });
      expect(timedOut.durationMicros).toBeGreaterThanOrEqual(1_000_000);
    });

    it('filters and pages the audit, newest first, and refuses bad queries and callers without audit.read', async () => {
      const client = await connect(base, 'io.example/json', 'pager');
      for (let i = 0; i < 3; i++) await client.callTool({ name: 'echo', arguments: { text: `page ${i}` } });
      await client.close();
      const all = await calls(toolshed, '');
      expect(all.length).toBeGreaterThan(5);
      const ids = all.map((r) => BigInt(r.id));
      expect([...ids].sort((a, b) => (a < b ? 1 : -1))).toEqual(ids);

      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await toolshed.app.inject({ method: 'GET', url: `/api/admin/gateway/calls?limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: AUTH });
        expect(res.statusCode).toBe(200);
        const body = res.json() as { calls: Call[]; metadata: { count: number; nextCursor?: string } };
        expect(body.calls.length).toBeLessThanOrEqual(2);
        paged.push(...body.calls.map((c) => c.id));
        cursor = body.metadata.nextCursor;
      } while (cursor);
      expect(paged).toEqual(all.map((r) => r.id));

      expect((await calls(toolshed, 'outcome=denied')).every((r) => r.outcome === 'denied')).toBe(true);
      expect((await calls(toolshed, 'outcome=denied')).length).toBeGreaterThan(0);
      expect((await calls(toolshed, 'user=admin')).length).toBe(all.length);
      expect(await calls(toolshed, 'user=usr_nobody')).toEqual([]);
      expect((await calls(toolshed, 'tool=secret')).every((r) => r.target === 'secret')).toBe(true);
      const newest = all[0]!.at;
      expect((await calls(toolshed, `since=${encodeURIComponent(newest)}`)).map((r) => r.id)).toContain(all[0]!.id);
      expect(await calls(toolshed, 'since=2999-01-01T00:00:00Z')).toEqual([]);
      expect(await calls(toolshed, 'until=2000-01-01T00:00:00Z')).toEqual([]);
      expect(await calls(toolshed, 'connection=con_none')).toEqual([]);

      for (const query of ['since=yesterday', 'outcome=maybe', 'cursor=abc', 'limit=0']) {
        const res = await toolshed.app.inject({ method: 'GET', url: `/api/admin/gateway/calls?${query}`, headers: AUTH });
        expect(res.statusCode, query).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, query).toBeLessThan(500);
      }
      expect((await toolshed.app.inject({ method: 'GET', url: '/api/admin/gateway/calls' })).statusCode).toBe(401);
      expect((await toolshed.app.inject({ method: 'GET', url: '/api/admin/gateway/calls.jsonl' })).statusCode).toBe(401);
    });

    it('exports the audit as JSON Lines with the same filters', async () => {
      const all = await calls(toolshed, '');
      const res = await toolshed.app.inject({ method: 'GET', url: '/api/admin/gateway/calls.jsonl', headers: AUTH });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/jsonl/);
      const lines = res.body.split('\n');
      expect(lines.pop()).toBe('');
      const parsed = lines.map((line) => JSON.parse(line) as Call);
      expect(parsed.map((c) => c.id)).toEqual(all.map((c) => c.id));
      const denied = await toolshed.app.inject({ method: 'GET', url: '/api/admin/gateway/calls.jsonl?outcome=denied', headers: AUTH });
      const deniedLines = denied.body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Call);
      expect(deniedLines.length).toBeGreaterThan(0);
      expect(deniedLines.every((c) => c.outcome === 'denied')).toBe(true);
    });

    it('shows the gateway series on /metrics', async () => {
      const res = await toolshed.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      const text = res.body;
      const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? NaN);
      expect(value(/^toolshed_gateway_calls_total\{server="io\.example\/audited",method="tools\/call",tool="echo",outcome="ok"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
      expect(value(/^toolshed_gateway_calls_total\{server="io\.example\/audited",method="tools\/call",tool="secret",outcome="denied"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
      expect(value(/^toolshed_gateway_rate_limited_total\{server="io\.example\/limited"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
      expect(value(/^toolshed_gateway_call_duration_seconds_count\{server="io\.example\/json",method="tools\/call"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
      expect(text).toMatch(/^toolshed_gateway_open_streams\{kind="listen"\} \d+$/m);
      expect(value(/^toolshed_gateway_audit_dropped_total (\d+)$/m)).toBe(0);
    });

    /** A record the audit writer is handed directly: user, connection and server named after `name`, tool `t{n}`. */
    const writtenCall = (name: string, n: number): GatewayCallRecord => ({
      at: Date.now() * 1000,
      principal: { id: `usr_${name}`, label: `${name}@example.com`, via: 'personal-token' },
      connection: { id: `con_${name}`, label: 'laptop / test' },
      server: `io.example/${name}`,
      method: 'tools/call',
      target: `t${n}`,
      outcome: 'ok',
      durationMicros: 1,
      requestBytes: 1,
      responseBytes: 1,
    });

    it('drops records when the audit queue is full instead of blocking, and writes the rest', async () => {
      const writer = createAuditWriter({ db: toolshed.store.db, maxQueue: 2, overflow: 'drop', flushMs: 3_600_000 });
      for (let i = 0; i < 5; i++) expect(writer.record({ ...writtenCall('queue', i), jsonrpcId: String(i) })).toBeUndefined();
      expect(writer.queued).toBe(2);
      expect(writer.dropped).toBe(3);
      await writer.close();
      const written = await calls(toolshed, 'connection=con_queue');
      expect(written.map((r) => r.target)).toEqual(['t1', 't0']);
      expect(written[0]).toMatchObject({ principal: { id: 'usr_queue' }, server: 'io.example/queue' });
      expect((await calls(toolshed, 'user=queue%40example.com')).length).toBe(2);
    });

    it('drops a batch the database refuses whole: none of it is written, all of it is counted', async () => {
      // 250 records are one batch but two insert statements (200 rows each at most); the second one is refused.
      const writer = createAuditWriter({ db: toolshed.store.db, overflow: 'drop', flushMs: 3_600_000 });
      for (let i = 0; i < 250; i++) writer.record({ ...writtenCall('refused', i), ...(i === 220 ? { outcome: 'not-an-outcome' as GatewayCallRecord['outcome'] } : {}) });
      await writer.close();
      expect(writer.dropped).toBe(250);
      expect(await calls(toolshed, 'connection=con_refused')).toEqual([]);
    });
  });
});
