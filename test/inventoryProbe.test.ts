/**
 * The inventory's probe client (`probeServer`) against real upstreams on
 * loopback: SDK v1 servers (sessions, stateless, paged, legacy HTTP+SSE, with
 * and without the fallback from streamable HTTP), v2 servers in the 2026-07-28
 * era and in the session era, lists in pages, a server behind a bearer token;
 * and hostile plain node:http upstreams (endless or repeated cursors, huge
 * descriptions, endless and dripping bodies, invalid schemas, non-JSON, errors),
 * DNS, TLS and address-policy failures. Every failure is named, none leaks the
 * target's headers, and the upstream sees its connection closed. The era memo:
 * a server that changes era between probes is still probed in the era it speaks.
 */
import { randomUUID } from 'node:crypto';
import { ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEraMemo } from '../src/inventory/createEraMemo.js';
import { probeServer } from '../src/inventory/probeServer.js';
import type { ProbeOutcome, ProbeTarget, Snapshot } from '../src/inventory/snapshot.js';
import { createOutbound, loadCaBundle, type Outbound } from '../src/outbound/index.js';
import { freePort } from './support/freePort.js';
import { startLegacySseServer, startPagedServer, startStatefulServer, startStatelessServer, startV2Server, type TestUpstream } from './support/mcpUpstreams.js';
import { sendJson, serve, startBearerServer, startHostileServer, startPagedListsServer, startV2SessionServer, type ProbeUpstream } from './support/probeUpstreams.js';
import { makeTestCertificates } from './support/testCertificates.js';

const SECRET = 'Bearer sekrit-probe-token-1234';
let outbound: Outbound;
const upstreams: Array<TestUpstream | ProbeUpstream> = [];

beforeAll(() => {
  outbound = createOutbound({ allow: ['127.0.0.0/8'], allowHttp: true });
});
afterAll(async () => {
  await outbound.close();
});
afterEach(async () => {
  await Promise.all(upstreams.splice(0).map((u) => u.close()));
});

async function started<T extends TestUpstream | ProbeUpstream>(upstream: Promise<T>): Promise<T> {
  const u = await upstream;
  upstreams.push(u);
  return u;
}

/** Resolves when the upstream sees the response it is writing closed (the probe cancelled the socket). */
function closeWatch() {
  let seen!: () => void;
  const closed = new Promise<void>((resolve) => (seen = resolve));
  return { closed, watch: (res: import('node:http').ServerResponse) => void res.once('close', seen) };
}

const target = (url: string, transport: ProbeTarget['transport'] = 'streamable-http', headers: Record<string, string> = {}): ProbeTarget => ({ url, transport, headers });

function snapshot(outcome: ProbeOutcome): Snapshot {
  if (!outcome.ok) throw new Error(`probe failed: ${outcome.failure.kind}: ${outcome.failure.message}`);
  return outcome.snapshot;
}

const keys = (s: Snapshot) => Object.fromEntries(Object.entries(s.items).map(([kind, items]) => [kind, items.map((i) => i.key)]));

function failure(outcome: ProbeOutcome) {
  expect(outcome.ok).toBe(false);
  if (outcome.ok) throw new Error('probe succeeded');
  expect(JSON.stringify(outcome)).not.toContain('sekrit');
  return outcome.failure;
}

/** Plain node:http that speaks the session era or the 2026-07-28 era, as `mode.era` says at the time. */
async function startEraSwitchingServer(mode: { era: 'session' | 'modern' }): Promise<ProbeUpstream> {
  return serve((req, res, body) => {
    const { id, method } = (body ?? {}) as { id?: number; method?: string };
    if (req.method !== 'POST') return void res.writeHead(405).end();
    if (mode.era === 'modern') {
      if (method === 'server/discover') {
        return sendJson(res, { jsonrpc: '2.0', id, result: { supportedVersions: ['2026-07-28'], capabilities: { tools: {} }, serverInfo: { name: 'switching', version: '2' } } });
      }
      if (method === 'tools/list') return sendJson(res, { jsonrpc: '2.0', id, result: { tools: [{ name: 'modern_tool', inputSchema: { type: 'object' } }] } });
      // No handshake in this era: initialize is an unknown method.
      return sendJson(res, { jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not found' } });
    }
    if (method === 'server/discover') return sendJson(res, { jsonrpc: '2.0', id: null, error: { code: -32000, message: 'Bad Request: Mcp-Session-Id header is required' } }, 400);
    if (method === 'initialize') return sendJson(res, { jsonrpc: '2.0', id, result: { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'switching', version: '1' } } });
    if (id === undefined) return void res.writeHead(202).end();
    if (method === 'tools/list') return sendJson(res, { jsonrpc: '2.0', id, result: { tools: [{ name: 'session_tool', inputSchema: { type: 'object' } }] } });
    return sendJson(res, { jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not found' } });
  });
}

describe('probeServer: the era memo', () => {
  it('skips the modern discovery for a server that answered in the session era, and follows a server that changes era either way', async () => {
    const mode: { era: 'session' | 'modern' } = { era: 'session' };
    const up = await started(startEraSwitchingServer(mode));
    const eras = createEraMemo();
    const probe = async () => {
      const from = up.methods.length;
      const s = snapshot(await probeServer(target(up.url), { outbound, eras }));
      return { s, methods: up.methods.slice(from) };
    };

    const first = await probe();
    expect(first.s.era).toBe('session');
    expect(first.methods[0]).toBe('server/discover');
    expect(eras.get(up.url)).toBe('session');

    const again = await probe();
    expect(again.s.era).toBe('session');
    expect(again.methods).not.toContain('server/discover');
    expect(keys(again.s).tools).toEqual(['session_tool']);

    // The remembered era now fails (initialize is unknown): the probe starts over and finds the modern era.
    mode.era = 'modern';
    const modern = await probe();
    expect(modern.s.era).toBe('modern');
    expect(modern.s.protocolVersion).toBe('2026-07-28');
    expect(keys(modern.s).tools).toEqual(['modern_tool']);
    expect(modern.methods.slice(0, 2)).toEqual(['initialize', 'server/discover']);
    expect(eras.get(up.url)).toBe('modern');

    mode.era = 'session';
    const back = await probe();
    expect(back.s.era).toBe('session');
    expect(keys(back.s).tools).toEqual(['session_tool']);
    expect(eras.get(up.url)).toBe('session');
  });

  it('forgets the era of a server whose probe failed, and an entry past its age', async () => {
    const up = await started(startHostileServer({ lists: { 'tools/list': (res) => void res.writeHead(500).end() } }));
    const eras = createEraMemo();
    eras.set(up.url, 'session');
    expect(failure(await probeServer(target(up.url), { outbound, eras })).kind).toBe('http');
    expect(eras.get(up.url)).toBeUndefined();

    let now = 0;
    const aging = createEraMemo({ maxAgeMs: 1000, now: () => now });
    aging.set('http://a.test/mcp', 'session');
    now = 1000;
    expect(aging.get('http://a.test/mcp')).toBe('session');
    now = 1001;
    expect(aging.get('http://a.test/mcp')).toBeUndefined();
  });

  it('keeps at most maxEntries endpoints, dropping the oldest', () => {
    const eras = createEraMemo({ maxEntries: 2 });
    eras.set('http://a.test/', 'session');
    eras.set('http://b.test/', 'legacy-sse');
    eras.set('http://c.test/', 'modern');
    expect([eras.get('http://a.test/'), eras.get('http://b.test/'), eras.get('http://c.test/')]).toEqual([undefined, 'legacy-sse', 'modern']);
  });
});

describe('probeServer: eras', () => {
  it('reaches a v1 server with sessions in the session era, reads tools, prompts, resources and templates, and DELETEs its session', async () => {
    const up = await started(
      startStatefulServer({
        tools: (server) =>
          server.registerResource('file', new ResourceTemplate('file:///{path}', { list: undefined }), { description: 'A file' }, async (uri) => ({ contents: [{ uri: uri.href, text: '' }] })),
      }),
    );
    const s = snapshot(await probeServer(target(up.url), { outbound }));
    expect(s.era).toBe('session');
    expect(s.protocolVersion).toBe('2025-11-25');
    expect(s.serverInfo).toMatchObject({ name: 'upstream-v1', version: '1.0.0' });
    expect(s.capabilities).toHaveProperty('tools');
    expect(keys(s)).toEqual({ tools: ['crash', 'echo', 'progress', 'secret'], prompts: ['greeting', 'private'], resources: ['note://public', 'note://secret'], resourceTemplates: ['file:///{path}'] });
    expect(s.items.tools.find((t) => t.key === 'echo')!.definition).toMatchObject({ description: 'Echo the text', inputSchema: { type: 'object' } });
    expect(up.closedSessions).toHaveLength(1);
    const init = up.requests.find((r) => (r.body as any)?.method === 'initialize')!;
    expect((init.body as any).params.protocolVersion).toBe('2025-11-25');
    expect(up.requests.filter((r) => (r.body as any)?.method === 'tools/list').every((r) => r.headers['mcp-session-id'] && r.headers['mcp-protocol-version'] === '2025-11-25')).toBe(true);
    expect(up.requests.some((r) => (r.body as any)?.method === 'notifications/initialized')).toBe(true);
  });

  it('reaches a v1 stateless server answering in event streams', async () => {
    const up = await started(startStatelessServer());
    const s = snapshot(await probeServer(target(up.url), { outbound }));
    expect(s.era).toBe('session');
    expect(keys(s).tools).toEqual(['crash', 'echo', 'progress', 'secret']);
  });

  it('reaches a v2 server in the 2026-07-28 era with server/discover, the _meta envelope and the Mcp-Method header', async () => {
    const up = await started(startV2Server());
    const s = snapshot(await probeServer(target(up.url), { outbound, clientInfo: { name: 'probe-test', version: '9' } }));
    expect(s.era).toBe('modern');
    expect(s.protocolVersion).toBe('2026-07-28');
    expect(s.serverInfo).toMatchObject({ name: 'upstream-v2', version: '2.0.0' });
    expect(keys(s)).toEqual({ tools: ['echo', 'secret'], prompts: [], resources: [], resourceTemplates: [] });
    expect(up.requests.some((r) => (r.body as any)?.method === 'initialize')).toBe(false);
    const list = up.requests.find((r) => (r.body as any)?.method === 'tools/list')!;
    expect(list.headers['mcp-method']).toBe('tools/list');
    expect(list.headers['mcp-protocol-version']).toBe('2026-07-28');
    expect((list.body as any).params._meta).toEqual({
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientCapabilities': {},
      'io.modelcontextprotocol/clientInfo': { name: 'probe-test', version: '9' },
    });
  });

  it('reaches a v2 server with sessions in the session era, with its instructions', async () => {
    const up = await started(startV2SessionServer());
    const s = snapshot(await probeServer(target(up.url), { outbound }));
    expect(s.era).toBe('session');
    expect(s.serverInfo).toMatchObject({ name: 'upstream-v2-session' });
    expect(s.instructions).toBe('Use search before fetch.');
    expect(keys(s)).toMatchObject({ tools: ['search'], prompts: ['summary'] });
    expect(up.methods[0]).toBe('server/discover');
    expect(up.deleted).toHaveLength(1);
  });

  it('reaches a legacy HTTP+SSE server named as `sse`, and by falling back from streamable HTTP', async () => {
    const up = await started(startLegacySseServer());
    const direct = snapshot(await probeServer(target(up.url, 'sse'), { outbound }));
    expect(direct.era).toBe('legacy-sse');
    expect(keys(direct)).toMatchObject({ tools: ['crash', 'echo', 'progress', 'secret'], prompts: ['greeting', 'private'] });
    const fallback = snapshot(await probeServer(target(up.url), { outbound }));
    expect(fallback.era).toBe('legacy-sse');
    expect(fallback.hash).toBe(direct.hash);
  });

  it('reads every page of every list', async () => {
    const up = await started(startPagedListsServer(5));
    const s = snapshot(await probeServer(target(up.url), { outbound }));
    const names = ['item-00', 'item-01', 'item-02', 'item-03', 'item-04'];
    expect(keys(s)).toEqual({ tools: names, prompts: names, resources: names.map((n) => `note://${n}`), resourceTemplates: names.map((n) => `note://${n}/{part}`) });
    expect(up.methods.filter((m) => m === 'tools/list')).toHaveLength(3);
  });

  it('reads the v1 paged server in plain JSON, and gives equal hashes for equal servers', async () => {
    const a = await started(startPagedServer(['x', 'y', 'z']));
    const b = await started(startPagedServer(['z', 'y', 'x']));
    const sa = snapshot(await probeServer(target(a.url), { outbound }));
    const sb = snapshot(await probeServer(target(b.url), { outbound }));
    expect(keys(sa).tools).toEqual(['x', 'y', 'z']);
    expect(sa.hash).toBe(sb.hash);
  });

  it('asks only for the lists the capabilities advertise, and takes method-not-found as an empty list', async () => {
    const only = await started(
      startHostileServer({ lists: { 'tools/list': (res, id) => sendJson(res, { jsonrpc: '2.0', id, result: { tools: [{ name: 't', inputSchema: { type: 'object' } }] } }) } }),
    );
    expect(keys(snapshot(await probeServer(target(only.url), { outbound })))).toEqual({ tools: ['t'], prompts: [], resources: [], resourceTemplates: [] });
    expect(only.methods).not.toContain('prompts/list');
    expect(only.methods).not.toContain('resources/list');
    const missing = await started(startHostileServer({}, { tools: {}, prompts: {} }));
    const s = snapshot(await probeServer(target(missing.url), { outbound }));
    expect(keys(s)).toEqual({ tools: [], prompts: [], resources: [], resourceTemplates: [] });
    expect(missing.methods).toContain('prompts/list');
  });

  it('sends the target headers: a bearer server is `auth` (401) without them and probed with them', async () => {
    const up = await started(startBearerServer('sekrit-probe-token-1234'));
    const refused = failure(await probeServer(target(up.url), { outbound }));
    expect(refused).toMatchObject({ kind: 'auth', status: 401 });
    const s = snapshot(await probeServer(target(up.url, 'streamable-http', { Authorization: SECRET }), { outbound }));
    expect(keys(s).tools).toEqual(['private']);
  });
});

describe('probeServer: network failures', () => {
  it('names a name that does not resolve `dns`', async () => {
    const f = failure(await probeServer(target('http://nonexistent.invalid/mcp', 'streamable-http', { authorization: SECRET }), { outbound }));
    expect(f.kind).toBe('dns');
  });

  it('names a self-signed certificate with no CA configured `tls`, and probes it with the CA', async () => {
    const certs = makeTestCertificates();
    const up = await started(startStatefulServer({ tls: { key: certs.key, cert: certs.cert } }));
    const f = failure(await probeServer(target(up.url), { outbound }));
    expect(f.kind).toBe('tls');
    expect(f.message).toContain('unknown authority');
    const trusting = createOutbound({ allow: ['127.0.0.0/8'], ca: loadCaBundle(certs.caFile) });
    try {
      expect(snapshot(await probeServer(target(up.url), { outbound: trusting })).era).toBe('session');
    } finally {
      await trusting.close();
    }
  });

  it('names an address the outbound guard refuses `refused`, literal or resolved, and never connects', async () => {
    const up = await started(startStatelessServer());
    const strict = createOutbound({ allowHttp: true });
    try {
      expect(failure(await probeServer(target(up.url), { outbound: strict })).kind).toBe('refused');
      expect(failure(await probeServer(target(up.url.replace('127.0.0.1', 'localhost')), { outbound: strict })).kind).toBe('refused');
    } finally {
      await strict.close();
    }
    expect(up.requests).toHaveLength(0);
  });

  it('ends as `timeout` when the caller cancels it, and closes the connection', async () => {
    const { closed, watch } = closeWatch();
    const cancel = new AbortController();
    const up = await started(
      serve((_req, res) => {
        watch(res);
        cancel.abort();
      }),
    );
    const f = failure(await probeServer(target(up.url), { outbound, signal: cancel.signal }));
    expect(f).toMatchObject({ kind: 'timeout', message: 'the probe was cancelled' });
    await closed;
    expect(failure(await probeServer(target(up.url), { outbound, signal: cancel.signal })).kind).toBe('timeout');
  });

  it('names a closed port `refused`', async () => {
    const port = await freePort();
    expect(failure(await probeServer(target(`http://127.0.0.1:${port}/mcp`), { outbound })).kind).toBe('refused');
  });

  it('names an upstream that never answers `timeout`, and closes the connection', async () => {
    const { closed, watch } = closeWatch();
    const up = await started(serve((_req, res) => watch(res)));
    const f = failure(await probeServer(target(up.url), { outbound, timeoutMs: 300 }));
    expect(f.kind).toBe('timeout');
    await closed;
  });
});

describe('probeServer: hostile upstreams', () => {
  const tool = (name: string, extra: Record<string, unknown> = {}) => ({ name, inputSchema: { type: 'object' }, ...extra });
  const list = (result: unknown) => (res: import('node:http').ServerResponse, id: unknown) => sendJson(res, { jsonrpc: '2.0', id, result });

  it('endless pages with fresh cursors are `too-large` at the page limit', async () => {
    const up = await started(startHostileServer({ lists: { 'tools/list': (res, id) => sendJson(res, { jsonrpc: '2.0', id, result: { tools: [tool(randomUUID())], nextCursor: randomUUID() } }) } }));
    const f = failure(await probeServer(target(up.url), { outbound, maxPages: 7 }));
    expect(f.kind).toBe('too-large');
    expect(up.methods.filter((m) => m === 'tools/list')).toHaveLength(7);
  });

  it('a repeated cursor is `protocol`', async () => {
    let n = 0;
    const up = await started(startHostileServer({ lists: { 'tools/list': (res, id) => sendJson(res, { jsonrpc: '2.0', id, result: { tools: [tool(`t${n++}`)], nextCursor: 'again' } }) } }));
    expect(failure(await probeServer(target(up.url), { outbound })).kind).toBe('protocol');
  });

  it('a 10 MB description is `too-large`', async () => {
    const up = await started(startHostileServer({ lists: { 'tools/list': list({ tools: [tool('big', { description: 'x'.repeat(10 * 1024 * 1024) })] }) } }));
    expect(failure(await probeServer(target(up.url), { outbound })).kind).toBe('too-large');
  });

  it('more items than the limit, or a snapshot past its bytes, is `too-large`', async () => {
    const up = await started(startHostileServer({ lists: { 'tools/list': list({ tools: Array.from({ length: 20 }, (_, i) => tool(`t${i}`, { description: 'd'.repeat(100) })) }) } }));
    expect(failure(await probeServer(target(up.url), { outbound, maxItems: 10 })).kind).toBe('too-large');
    expect(failure(await probeServer(target(up.url), { outbound, maxSnapshotBytes: 1000 })).kind).toBe('too-large');
    expect(snapshot(await probeServer(target(up.url), { outbound })).items.tools).toHaveLength(20);
  });

  it('a JSON body that never ends is `too-large`, and its connection is closed', async () => {
    const { closed, watch } = closeWatch();
    const up = await started(
      startHostileServer({
        lists: {
          'tools/list': (res) => {
            watch(res);
            res.writeHead(200, { 'content-type': 'application/json' });
            const chunk = Buffer.alloc(64 * 1024, 0x20);
            const pump = () => {
              while (res.write(chunk));
            };
            res.on('drain', pump);
            pump();
          },
        },
      }),
    );
    expect(failure(await probeServer(target(up.url), { outbound, maxResponseBytes: 1024 * 1024 })).kind).toBe('too-large');
    await closed;
  });

  it('an event stream that drips keep-alives and never answers is `timeout`, and its connection is closed', async () => {
    const { closed, watch } = closeWatch();
    const up = await started(
      startHostileServer({
        lists: {
          'tools/list': (res) => {
            watch(res);
            res.writeHead(200, { 'content-type': 'text/event-stream' });
            const timer = setInterval(() => res.write(': still here\n\n'), 20);
            res.on('close', () => clearInterval(timer));
          },
        },
      }),
    );
    expect(failure(await probeServer(target(up.url, 'streamable-http', { authorization: SECRET }), { outbound, timeoutMs: 500 })).kind).toBe('timeout');
    await closed;
  });

  it('an event that never ends is `too-large`', async () => {
    const up = await started(
      startHostileServer({
        lists: {
          'tools/list': (res) => {
            res.writeHead(200, { 'content-type': 'text/event-stream' });
            res.write('data: ');
            const chunk = 'y'.repeat(64 * 1024);
            const pump = () => {
              while (res.write(chunk));
            };
            res.on('drain', pump);
            pump();
          },
        },
      }),
    );
    expect(failure(await probeServer(target(up.url), { outbound, maxResponseBytes: 256 * 1024 })).kind).toBe('too-large');
  });

  it.each([
    ['a tool with a schema that is not an object', list({ tools: [tool('t', { inputSchema: 'nope' })] })],
    ['a tool without a name', list({ tools: [{ inputSchema: { type: 'object' } }] })],
    ['an item that is not an object', list({ tools: ['just a string'] })],
    ['a result without the array', list({ items: [] })],
    ['a result that is not an object', list([1, 2])],
    ['the same tool twice', list({ tools: [tool('t'), tool('t')] })],
    ['a cursor that is not a string', list({ tools: [tool('t')], nextCursor: 7 })],
    ['a JSON-RPC error', (res: import('node:http').ServerResponse, id: unknown) => sendJson(res, { jsonrpc: '2.0', id, error: { code: -32603, message: 'boom' } })],
    ['invalid JSON', (res: import('node:http').ServerResponse) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"jsonrpc":')],
    ['HTML', (res: import('node:http').ServerResponse) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hi</html>')],
    ['a response to another id', (res: import('node:http').ServerResponse) => sendJson(res, { jsonrpc: '2.0', id: 999, result: { tools: [] } })],
  ])('%s is `protocol`', async (_name, step) => {
    const up = await started(startHostileServer({ lists: { 'tools/list': step } }));
    expect(failure(await probeServer(target(up.url), { outbound })).kind).toBe('protocol');
  });

  it('a credential the server echoes in its error is not in the failure', async () => {
    const echo = await started(
      serve((req, res) =>
        sendJson(res, { jsonrpc: '2.0', id: null, error: { code: -32000, message: `bad header ${req.headers.authorization} (token ${String(req.headers.authorization).split(' ')[1]})` } }, 500),
      ),
    );
    const f = failure(await probeServer(target(echo.url, 'streamable-http', { authorization: SECRET }), { outbound }));
    expect(f.kind).toBe('http');
    const listing = await started(
      startHostileServer({ lists: { 'tools/list': (res, id) => sendJson(res, { jsonrpc: '2.0', id, error: { code: -32603, message: `you sent ${SECRET}, i.e. ${SECRET.slice(7)}` } }) } }),
    );
    const g = failure(await probeServer(target(listing.url, 'streamable-http', { Authorization: SECRET }), { outbound }));
    expect(g.kind).toBe('protocol');
    expect(g.message).toContain('[redacted]');
  });

  it('a session-era failure still DELETEs the session it opened', async () => {
    const up = await started(
      startHostileServer({
        initialize: (res, id) =>
          void res
            .writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': 'session-42' })
            .end(JSON.stringify({ jsonrpc: '2.0', id, result: { protocolVersion: '2025-06-18', capabilities: { tools: {} } } })),
        lists: { 'tools/list': (res) => void res.writeHead(502).end() },
      }),
    );
    expect(failure(await probeServer(target(up.url), { outbound }))).toMatchObject({ kind: 'http', status: 502 });
    expect(up.deleted).toEqual(['session-42']);
  });

  it('a JSON-RPC error to initialize, or an unknown protocol version, is `protocol`', async () => {
    const erring = await started(startHostileServer({ initialize: (res, id) => sendJson(res, { jsonrpc: '2.0', id, error: { code: -32603, message: 'no' } }) }));
    expect(failure(await probeServer(target(erring.url), { outbound })).kind).toBe('protocol');
    const future = await started(startHostileServer({ initialize: (res, id) => sendJson(res, { jsonrpc: '2.0', id, result: { protocolVersion: '1999-01-01', capabilities: {} } }) }));
    expect(failure(await probeServer(target(future.url), { outbound })).kind).toBe('protocol');
  });

  it('a 500 or a redirect is `http` with its status', async () => {
    const failing = await started(startHostileServer({ lists: { 'tools/list': (res) => void res.writeHead(500).end('oops') } }));
    expect(failure(await probeServer(target(failing.url), { outbound }))).toMatchObject({ kind: 'http', status: 500 });
    const moved = await started(serve((_req, res) => void res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end()));
    expect(failure(await probeServer(target(moved.url), { outbound }))).toMatchObject({ kind: 'http', status: 302 });
  });

  it('a 403 is `auth` with its status, and a URL that is neither streamable HTTP nor HTTP+SSE is `http`', async () => {
    const forbidden = await started(serve((_req, res) => void res.writeHead(403).end()));
    expect(failure(await probeServer(target(forbidden.url, 'streamable-http', { authorization: SECRET }), { outbound }))).toMatchObject({ kind: 'auth', status: 403 });
    const nothing = await started(serve((_req, res) => void res.writeHead(404).end('not here')));
    expect(failure(await probeServer(target(nothing.url), { outbound }))).toMatchObject({ kind: 'http', status: 404 });
  });

  it('an HTTP+SSE server that takes messages and never answers is `timeout`, and its stream is closed', async () => {
    const { closed, watch } = closeWatch();
    const up = await started(
      serve((req, res) => {
        if (req.method === 'GET') {
          watch(res);
          res.writeHead(200, { 'content-type': 'text/event-stream' }).write('event: endpoint\ndata: /messages?sessionId=1\n\n');
        } else res.writeHead(202).end('Accepted');
      }, '/sse'),
    );
    expect(failure(await probeServer(target(up.url, 'sse'), { outbound, timeoutMs: 300 })).kind).toBe('timeout');
    await closed;
    expect(up.methods).toEqual(['GET', 'initialize']);
  });

  it('an HTTP+SSE stream that ends before answering is `protocol`', async () => {
    const up = await started(
      serve((req, res) => {
        if (req.method === 'GET') res.writeHead(200, { 'content-type': 'text/event-stream' }).end('event: endpoint\ndata: /messages\n\n');
        else res.writeHead(202).end();
      }, '/sse'),
    );
    expect(failure(await probeServer(target(up.url, 'sse'), { outbound })).kind).toBe('protocol');
  });

  it('an HTTP+SSE stream whose first event is not `endpoint`, or whose endpoint is on another origin, is `protocol`', async () => {
    const noEndpoint = await started(serve((_req, res) => void res.writeHead(200, { 'content-type': 'text/event-stream' }).write('event: message\ndata: {}\n\n')));
    expect(failure(await probeServer(target(noEndpoint.url, 'sse'), { outbound })).kind).toBe('protocol');
    const elsewhere = await started(serve((_req, res) => void res.writeHead(200, { 'content-type': 'text/event-stream' }).write('event: endpoint\ndata: http://evil.example/messages\n\n')));
    expect(failure(await probeServer(target(elsewhere.url, 'sse'), { outbound })).kind).toBe('protocol');
  });
});
