/**
 * A report, then a block, on two replicas sharing PostgreSQL (issue #21 item 7):
 * two real MCP clients hold sessions, one on each replica; a person reports the
 * server on one replica, a moderator blocks it through the other, and each live
 * session's next message is refused with a JSON-RPC error on its own replica
 * (the block reaches the other replica's memory through LISTEN/NOTIFY, with no
 * database read per message), audited there as denied; a new connection gets
 * 403. Unblocked on the first replica, both sessions work again.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Toolshed } from '../src/createToolshed.js';
import { SERVER_BLOCKED } from '../src/gateway/index.js';
import { listRegistryEvents } from '../src/store/index.js';
import { startStatefulServer, type TestUpstream } from './support/mcpUpstreams.js';
import { personWithToken } from './support/people.js';
import { startReplicaPair, type ReplicaPair } from './support/replicaPair.js';
import { unavailable } from './support/testDatabases.js';
import { AUTH } from './support/testToolshed.js';

const SERVER = 'io.example/replicated-block';

describe.skipIf(unavailable('postgres'))('a block on replicas sharing PostgreSQL', () => {
  let pair: ReplicaPair;
  let replicas: [Toolshed, Toolshed];
  let origins: string[];
  let upstream: TestUpstream;

  beforeAll(async () => {
    upstream = await startStatefulServer();
    // createToolshed's test hook: the direct /gateway/{server} routes, for the admin token's clients.
    pair = await startReplicaPair({ outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true, accessDefaultEffect: 'allow' });
    replicas = [pair.a, pair.b];
    await pair.a.catalog.importDocument({
      $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
      name: SERVER,
      description: 'Blocked on every replica',
      version: '1.0.0',
      remotes: [{ type: 'streamable-http', url: upstream.url }],
    } as never);
    for (const r of replicas) await r.app.listen({ port: 0, host: '127.0.0.1' });
    origins = replicas.map((r) => `http://127.0.0.1:${(r.app.server.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await pair?.close();
    await upstream?.close();
  });

  async function eventually(done: () => boolean): Promise<void> {
    for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 20));
  }

  it('refuses both live sessions at their next message, audits it, and lets them go on once unblocked', async () => {
    const [a, b] = replicas;
    const reporter = await personWithToken(a, 'replica-reporter', ['admin']);
    const moderator = await personWithToken(a, 'replica-moderator', ['admin'], { roles: ['reviewer'] });
    // Each person's gateway connection, created on replica a; each client stays on one replica.
    const sessions: Client[] = [];
    const connections: string[] = [];
    for (const [i, origin] of origins.entries()) {
      const created = await fetch(`${origins[0]}/api/me/connections`, {
        method: 'POST',
        headers: { ...reporter.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ server: SERVER, label: `session ${i}` }),
      });
      expect(created.status).toBe(201);
      const { connection } = (await created.json()) as { connection: { id: string } };
      connections.push(connection.id);
      const client = new Client({ name: `replica-${i}`, version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${origin}/mcp/${connection.id}`), { requestInit: { headers: reporter.headers } }));
      expect((await client.callTool({ name: 'echo', arguments: { text: `before ${i}` } })).content).toEqual([{ type: 'text', text: `echo: before ${i}` }]);
      sessions.push(client);
    }

    const filed = await a.app.inject({ method: 'POST', url: '/api/reports', headers: reporter.headers, payload: { name: SERVER, kind: 'malicious', text: 'It asks for credentials' } });
    expect(filed.statusCode).toBe(201);
    const resolved = await b.app.inject({
      method: 'POST',
      url: `/api/reports/${filed.json().id}/resolve`,
      headers: { ...moderator.headers, 'if-match': filed.headers.etag as string },
      payload: { action: 'block', reason: 'credential phishing' },
    });
    expect(resolved.statusCode).toBe(200);
    expect(b.governance.blocks.blocked(SERVER)).toBeDefined();
    await eventually(() => a.governance.blocks.blocked(SERVER) !== undefined);
    expect(a.governance.blocks.blocked(SERVER)).toMatchObject({ moderator: { reason: 'credential phishing' } });

    const ran = upstream.ran.length;
    for (const client of sessions) {
      await expect(client.callTool({ name: 'echo', arguments: { text: 'after' } })).rejects.toMatchObject({ code: SERVER_BLOCKED, message: expect.stringContaining('blocked') });
    }
    expect(upstream.ran.length).toBe(ran);
    for (const [i, origin] of origins.entries()) {
      const fresh = new Client({ name: 'fresh', version: '1.0.0' });
      await expect(fresh.connect(new StreamableHTTPClientTransport(new URL(`${origin}/mcp/${connections[i]}`), { requestInit: { headers: reporter.headers } }))).rejects.toThrow(/403/);
    }

    // Each replica audited its own refusal.
    for (const r of replicas) {
      await r.gatewayAudit!.writer.flush();
    }
    const calls = (await a.app.inject({ url: `/api/admin/gateway/calls?limit=100&server=${encodeURIComponent(SERVER)}&outcome=denied`, headers: AUTH })).json().calls as Array<{
      method: string;
      outcome: string;
    }>;
    expect(calls.filter((c) => c.method === 'tools/call' && c.outcome === 'denied')).toHaveLength(2);
    const actions = (await listRegistryEvents({ tx: a.store.db, filter: { name: SERVER }, limit: 50 })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['report', 'moderate', 'block']));

    const state = await a.app.inject({ url: `/api/servers/${encodeURIComponent(SERVER)}/block`, headers: moderator.headers });
    const unblocked = await a.app.inject({
      method: 'POST',
      url: `/api/servers/${encodeURIComponent(SERVER)}/unblock`,
      headers: { ...moderator.headers, 'if-match': state.headers.etag as string },
      payload: { reason: 'the publisher fixed it' },
    });
    expect(unblocked.statusCode).toBe(200);
    await eventually(() => b.governance.blocks.blocked(SERVER) === undefined);
    for (const [i, client] of sessions.entries()) {
      expect((await client.callTool({ name: 'echo', arguments: { text: `again ${i}` } })).content).toEqual([{ type: 'text', text: `echo: again ${i}` }]);
      await client.close();
    }
  });
});
