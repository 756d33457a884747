/**
 * The request log: exactly one JSON line per request (method, route template,
 * status, duration, caller), for API routes and gateway requests alike; gateway
 * refusals (no credentials, a connect the rules deny, a denied tool call) logged
 * with their reason; TOOLSHED_LOG_FORMAT=pretty writing readable lines instead.
 * Real SDK client and upstream on loopback.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecider } from '../src/access/createDecider.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { policyFromAccess } from '../src/gateway/index.js';
import { prettyLogLine } from '../src/http/prettyLogStream.js';
import { startStatefulServer, type TestUpstream } from './support/mcpUpstreams.js';
import { remoteDoc } from './support/serverDocs.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { ADMIN_TOKEN, AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const policy = policyFromAccess(
  createDecider(
    [
      { id: 'no-secret', effect: 'deny', subject: { everyone: true }, actions: ['discover', 'call'], resource: { server: '*', tool: 'secret' } },
      { id: 'closed', effect: 'deny', subject: { everyone: true }, actions: ['connect'], resource: { server: 'io.example/closed' } },
    ],
    undefined,
    { defaultEffect: 'allow' },
  ),
);

type Line = Record<string, unknown>;

describe.each(DATABASES)('request log on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let toolshed: TestToolshed;
    let base: string;
    let upstream: TestUpstream;
    const lines: Line[] = [];

    /** The lines written while `act` ran. */
    async function logged(act: () => Promise<unknown>): Promise<Line[]> {
      const from = lines.length;
      await act();
      // The line is written when the response closes, which the client may see a moment before.
      await new Promise((resolve) => setTimeout(resolve, 50));
      return lines.slice(from);
    }

    beforeAll(async () => {
      upstream = await startStatefulServer();
      toolshed = await testToolshed(
        kind,
        { outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true, logLevel: 'info' },
        { gateway: { policy }, logStream: { write: (text: string) => void lines.push(JSON.parse(text) as Line) } },
      );
      await toolshed.catalog.importDocument(remoteDoc('io.example/open', '1.0.0', upstream.url) as never);
      await toolshed.catalog.importDocument(remoteDoc('io.example/closed', '1.0.0', `${upstream.url}?closed=1`) as never);
      await toolshed.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(toolshed.app.server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await toolshed?.destroy();
      await upstream?.close();
    });

    it('writes one line per API request: method, route template, status, duration and caller', async () => {
      const got = await logged(() => fetch(`${base}/v0.1/servers/${encodeURIComponent('io.example/open')}/versions/latest`));
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({ msg: 'request', method: 'GET', path: '/v0.1/servers/:serverName/versions/:version', status: 200 });
      expect(typeof got[0]!.durationMs).toBe('number');
      expect(got[0]).not.toHaveProperty('caller');
      const admin = await logged(() => fetch(`${base}/api/admin/gateway/calls?limit=1`, { headers: AUTH }));
      expect(admin).toHaveLength(1);
      expect(admin[0]).toMatchObject({ method: 'GET', path: '/api/admin/gateway/calls', status: 200, caller: 'admin' });
      const refused = await logged(() => fetch(`${base}/api/admin/gateway/calls?limit=1`));
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({ method: 'GET', path: '/api/admin/gateway/calls', status: 401 });
    });

    it('writes one line per gateway request, and refusals at warn with their reason', async () => {
      const mcp = (name: string) => `${base}/gateway/${encodeURIComponent(name)}/mcp`;
      const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } };
      const post = (name: string, headers: Record<string, string>) =>
        fetch(mcp(name), { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify(init) }).then((r) =>
          r.text(),
        );

      const anonymous = await logged(() => post('io.example/open', {}));
      expect(anonymous).toHaveLength(1);
      expect(anonymous[0]).toMatchObject({ level: 40, method: 'POST', path: '/gateway/{server}/mcp', status: 401, reason: expect.stringContaining('Authentication required') });

      const closed = await logged(() => post('io.example/closed', { authorization: `Bearer ${ADMIN_TOKEN}` }));
      expect(closed).toHaveLength(1);
      expect(closed[0]).toMatchObject({ level: 40, status: 403, caller: 'admin', server: 'io.example/closed', reason: expect.stringMatching(/^connect denied: .*closed/) });

      const client = new Client({ name: 'log-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(mcp('io.example/open')), { requestInit: { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } } }));
      const echoed = await logged(() => client.callTool({ name: 'echo', arguments: { text: 'hi' } }));
      const echoLines = echoed.filter((l) => l.method === 'POST');
      expect(echoLines).toHaveLength(1);
      expect(echoLines[0]).toMatchObject({ level: 30, msg: 'gateway request', status: 200, caller: 'admin', server: 'io.example/open' });
      expect(echoLines[0]).not.toHaveProperty('reason');

      const denied = await logged(() => client.callTool({ name: 'secret', arguments: {} }).catch(() => undefined));
      expect(denied).toHaveLength(1);
      expect(denied[0]).toMatchObject({ level: 40, status: 200, reason: expect.stringMatching(/^tools\/call denied: .*no-secret/) });
      await client.close();
      expect(lines.some((l) => l.msg === 'incoming request' || l.msg === 'request completed')).toBe(false);
    });
  });
});

describe('TOOLSHED_LOG_FORMAT', () => {
  it('is json by default, pretty when asked, and refuses anything else', () => {
    expect(loadConfig({}).logFormat).toBe('json');
    expect(loadConfig({ TOOLSHED_LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(() => loadConfig({ TOOLSHED_LOG_FORMAT: 'colour' })).toThrow(ConfigError);
    expect(() => loadConfig({ TOOLSHED_LOG_FORMAT: 'colour' })).toThrow(/TOOLSHED_LOG_FORMAT/);
  });

  it('pretty: a request record becomes one readable line, other fields as key=value, an error with its stack', () => {
    const time = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    const line = prettyLogLine(
      JSON.stringify({
        level: 40,
        time,
        pid: 1,
        hostname: 'h',
        reqId: 'req-7',
        method: 'POST',
        path: '/gateway/{server}/mcp',
        status: 403,
        durationMs: 2.5,
        msg: 'gateway request refused or failed',
        reason: 'connect denied: rule closed',
      }),
    );
    expect(line).toBe('03:04:05.678 WARN  POST /gateway/{server}/mcp 403 2.5ms gateway request refused or failed reqId=req-7 reason="connect denied: rule closed"\n');
    const failed = prettyLogLine(JSON.stringify({ level: 50, time, msg: 'boom', err: { type: 'Error', message: 'x', stack: 'Error: x\n    at f (a.ts:1:1)' } }));
    expect(failed).toBe('03:04:05.678 ERROR boom\n    Error: x\n        at f (a.ts:1:1)\n');
  });

  it('pretty: the server writes readable lines, not JSON', async () => {
    const written: string[] = [];
    const toolshed = await testToolshed('sqlite', { logLevel: 'info', logFormat: 'pretty' }, { logStream: { write: (text: string) => void written.push(text) } });
    try {
      await toolshed.app.inject({ method: 'GET', url: '/v0.1/servers?limit=1' });
      const request = written.filter((l) => l.includes('GET /v0.1/servers 200'));
      expect(request).toHaveLength(1);
      expect(request[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO  GET \/v0\.1\/servers 200 [\d.]+ms request reqId=/);
    } finally {
      await toolshed.destroy();
    }
  });
});
