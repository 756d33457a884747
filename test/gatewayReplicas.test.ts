/**
 * Gateway requirement 7 (many replicas): two Toolshed instances with the gateway on,
 * sharing one PostgreSQL database and secret key, and a real SDK client whose
 * requests are spread over both by a round-robin fetch (the "load balancer").
 * Streamable HTTP: a stateful upstream session (initialize, calls, GET listen
 * stream, DELETE) works whichever replica serves each request. Legacy HTTP+SSE:
 * the event stream stays on one replica while the POSTs alternate, and a call
 * the gateway denies on the *other* replica still gets its error on the stream
 * (the shared session bus over LISTEN/NOTIFY). A connection revoked, a token
 * revoked or a server deleted on one replica stops the next messages on the other.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { ADMIN_PRINCIPAL } from '../src/access/authenticateBearer.js';
import { createDecider } from '../src/access/createDecider.js';
import { createToolshed, type Toolshed } from '../src/createToolshed.js';
import { policyFromAccess } from '../src/gateway/index.js';
import { startLegacySseServer, startStatefulServer, startStatelessServer, type TestUpstream } from './support/mcpUpstreams.js';
import { scratchDatabase, unavailable, type ScratchDatabase } from './support/testDatabases.js';
import { ADMIN_TOKEN } from './support/testToolshed.js';
import { personWithToken } from './support/people.js';

const policy = policyFromAccess(
  createDecider([{ id: 'no-secret', effect: 'deny', subject: { everyone: true }, actions: ['discover', 'call'], resource: { server: '*', tool: 'secret' } }], undefined, { defaultEffect: 'allow' }),
);
const HEADERS = { authorization: `Bearer ${ADMIN_TOKEN}` };
const PING = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });

interface Routed {
  replica: number;
  method: string;
  sessionId: string | null;
  body: string;
}

/**
 * A client-side round-robin balancer: every request goes to the next replica, except
 * that `pin` may name the replica for a request (the legacy SSE GET stays on one).
 */
function roundRobin(origins: string[], pin?: (method: string, url: URL) => number | undefined) {
  let next = 0;
  const log: Routed[] = [];
  const fetchVia = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    const method = init?.method ?? 'GET';
    const replica = pin?.(method, url) ?? next++ % origins.length;
    const target = new URL(url.pathname + url.search, origins[replica]);
    const headers = new Headers(init?.headers);
    log.push({ replica, method, sessionId: headers.get('mcp-session-id'), body: typeof init?.body === 'string' ? init.body : '' });
    return fetch(target, init);
  };
  return { fetch: fetchVia, log };
}

function texts(result: unknown): string[] {
  return ((result as { content: Array<{ text?: string }> }).content ?? []).map((c) => c.text ?? '');
}

describe.skipIf(unavailable('postgres'))('gateway replicas sharing PostgreSQL', () => {
  let db: ScratchDatabase;
  let replicas: Toolshed[] = [];
  let origins: string[] = [];
  let stateful: TestUpstream;
  let legacy: TestUpstream;
  let stateless: TestUpstream;

  beforeAll(async () => {
    [stateful, legacy, stateless] = await Promise.all([startStatefulServer(), startLegacySseServer(), startStatelessServer()]);
    db = await scratchDatabase('postgres');
    const config = loadConfig(
      {},
      {
        dataDir: db.dataDir,
        databaseUrl: db.databaseUrl!,
        adminToken: ADMIN_TOKEN,
        logLevel: 'silent',
        reviewDefault: 'approve',
        verifyPackages: [],
        outboundAllow: ['127.0.0.0/8'],
        outboundAllowHttp: true,
        // Anyone may discover and connect (connections are created only where the rules allow).
        accessDefaultEffect: 'allow',
        // Replicas share the secret key, so a legacy message URL sealed by one opens on the other.
        secretKey: 'a1'.repeat(32),
      },
    );
    // What a connection resolved to is kept far longer than a test runs: only the invalidation can end it.
    const options = { gateway: { policy }, resolvedCallMaxAgeMs: 60_000 };
    replicas = [await createToolshed(config, options), await createToolshed(config, options)];
    for (const [name, type, url] of [
      ['io.example/stateful', 'streamable-http', stateful.url],
      ['io.example/legacy', 'sse', legacy.url],
      ['io.example/stateless', 'streamable-http', stateless.url],
    ] as const) {
      await replicas[0]!.catalog.importDocument({
        $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
        name,
        description: 'A test upstream',
        version: '1.0.0',
        remotes: [{ type, url }],
      } as never);
    }
    for (const r of replicas) await r.app.listen({ port: 0, host: '127.0.0.1' });
    origins = replicas.map((r) => `http://127.0.0.1:${(r.app.server.address() as AddressInfo).port}`);
  });

  afterAll(async () => {
    for (const r of replicas) await r.close();
    await db?.drop();
    await Promise.all([stateful, legacy, stateless].map((u) => u?.close()));
  });

  it('stops a connection on the other replica once it, its token or its server is revoked or deleted', async () => {
    const [first] = replicas as [Toolshed, Toolshed];
    const person = await personWithToken(first, 'replica-user', ['gateway']);
    const create = async () => {
      const res = await fetch(`${origins[0]}/api/me/connections`, {
        method: 'POST',
        headers: { ...person.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ server: 'io.example/stateless', label: 'replica test' }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { connection: { id: string } }).connection.id;
    };
    const ping = async (connection: string, headers: Record<string, string> = person.headers) => {
      const res = await fetch(`${origins[1]}/mcp/${connection}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: PING,
      });
      await res.arrayBuffer();
      return res.status;
    };
    /** The status the second replica answers once it has heard of the change (LISTEN/NOTIFY is asynchronous). */
    const settles = async (connection: string, expected: number, headers?: Record<string, string>) => {
      const deadline = Date.now() + 10_000;
      let status = await ping(connection, headers);
      while (status !== expected && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        status = await ping(connection, headers);
      }
      return status;
    };

    const revoked = await create();
    expect(await ping(revoked)).toBe(200);
    await first.connections.revoke(revoked, 'test');
    expect(await settles(revoked, 404)).toBe(404);

    const spare = await personWithToken(first, 'replica-user', ['gateway']);
    const connection = await create();
    expect(await ping(connection)).toBe(200);
    expect(await ping(connection, spare.headers)).toBe(200);
    await first.apiTokens.revoke(person.tokenId, 'test');
    expect(await settles(connection, 401)).toBe(401);
    expect(await ping(connection, spare.headers)).toBe(200);

    await first.catalog.setServerStatus('io.example/stateless', { status: 'deleted' }, ADMIN_PRINCIPAL);
    try {
      expect(await settles(connection, 404, spare.headers)).toBe(404);
    } finally {
      await first.catalog.setServerStatus('io.example/stateless', { status: 'active' }, ADMIN_PRINCIPAL);
    }
  });

  it('keeps a streamable HTTP session working while its requests alternate between replicas', async () => {
    const balancer = roundRobin(origins);
    const client = new Client({ name: 'replica-test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(`${origins[0]}/gateway/${encodeURIComponent('io.example/stateful')}/mcp`), {
      requestInit: { headers: HEADERS },
      fetch: balancer.fetch,
    });
    await client.connect(transport);
    // The upstream's id sealed to the caller and server: either replica checks the seal.
    const sessionId = transport.sessionId!;
    expect(sessionId).toMatch(/^[0-9a-f-]{36}\.[\w-]{22}$/);
    for (let i = 0; i < 3; i++) {
      expect((await client.listTools()).tools.map((t) => t.name)).not.toContain('secret');
      expect(texts(await client.callTool({ name: 'echo', arguments: { text: `call ${i}` } }))).toEqual([`echo: call ${i}`]);
    }
    await expect(client.callTool({ name: 'secret', arguments: {} })).rejects.toMatchObject({ code: -32602 });
    await transport.terminateSession();
    await client.close();

    // Initialize went to the first replica; the session's later requests reached both.
    expect(balancer.log[0]).toMatchObject({ replica: 0, method: 'POST' });
    expect(balancer.log[0]!.body).toContain('"initialize"');
    const inSession = balancer.log.filter((r) => r.sessionId === sessionId);
    expect(new Set(inSession.filter((r) => r.method === 'POST').map((r) => r.replica))).toEqual(new Set([0, 1]));
    expect(inSession.some((r) => r.method === 'GET')).toBe(true);
    expect(inSession.some((r) => r.method === 'DELETE')).toBe(true);
    expect(stateful.closedSessions).toContain(sessionId.split('.')[0]);
    expect(stateful.ran).not.toContain('secret');
  });

  it('delivers a legacy SSE denial made on the other replica to the stream (shared session bus)', async () => {
    // The stream's GET stays on replica 0; the POSTs alternate 1, 0, 1, …
    let post = 1;
    const balancer = roundRobin(origins, (method) => (method === 'GET' ? 0 : post++ % 2));
    const client = new Client({ name: 'replica-test', version: '1.0.0' });
    const transport = new SSEClientTransport(new URL(`${origins[0]}/gateway/${encodeURIComponent('io.example/legacy')}/sse`), {
      requestInit: { headers: HEADERS },
      fetch: balancer.fetch,
    });
    await client.connect(transport);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(expect.arrayContaining(['echo']));
    expect(texts(await client.callTool({ name: 'echo', arguments: { text: 'a' } }))).toEqual(['echo: a']);
    // Twice, so one denial is made on each replica; both must arrive on replica 0's stream.
    for (let i = 0; i < 2; i++) {
      await expect(client.callTool({ name: 'secret', arguments: {} })).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('Unknown tool: secret') });
    }
    expect(texts(await client.callTool({ name: 'echo', arguments: { text: 'b' } }))).toEqual(['echo: b']);
    await client.close();

    const denials = balancer.log.filter((r) => r.method === 'POST' && r.body.includes('"secret"'));
    expect(new Set(denials.map((r) => r.replica))).toEqual(new Set([0, 1]));
    expect(balancer.log.filter((r) => r.method === 'GET').every((r) => r.replica === 0)).toBe(true);
    expect(legacy.ran).not.toContain('secret');
    expect(legacy.ran.filter((t) => t === 'echo')).toHaveLength(2);
  });
});
