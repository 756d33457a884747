/**
 * Reports and moderation (issue #21 item 7) on both databases: a signed-in person
 * reports a server they may discover (one they cannot see answers exactly as a
 * missing one), `other` needs a text, a second open report on the same target is
 * 409, and a flood is 429 with Retry-After; moderators need `catalog.moderate`
 * (403 otherwise), resolve with If-Match (428 without, 412 when stale, exactly
 * one of two concurrent resolutions wins), and dismiss, deprecate (the catalog's
 * status change) or block; a block refuses a live MCP session's next message
 * with a JSON-RPC error and a new connection with 403, audited as denied, until
 * unblocked. Each step is one registry audit row. A person's API token files a
 * report when its scopes include `catalog:contribute` (a `catalog:read` one is 403).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_BLOCKED } from '../src/gateway/index.js';
import { listRegistryEvents } from '../src/store/index.js';
import { startLegacySseServer, startStatefulServer, type TestUpstream } from './support/mcpUpstreams.js';
import { personWithToken } from './support/people.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';
const json = { 'content-type': 'application/json' };

describe.each(DATABASES)('reports and moderation on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let upstream: TestUpstream;
    let legacy: TestUpstream;
    let base: string;
    type Headers = { authorization: string };
    let reporter: Headers;
    let other: Headers;
    let moderator: Headers;

    beforeAll(async () => {
      [upstream, legacy] = await Promise.all([startStatefulServer(), startLegacySseServer()]);
      t = await testToolshed(
        kind,
        {
          reportsPerHour: 3,
          catalogVisibility: 'private',
          accessDefaultEffect: 'deny',
          outboundAllow: ['127.0.0.0/8'],
          outboundAllowHttp: true,
        },
        { gateway: {} },
      );
      const doc = (name: string, url: string, version = '1.0.0') => ({ $schema: SCHEMA, name, description: 'A reported server', version, remotes: [{ type: 'streamable-http', url }] });
      await t.catalog.importDocument(doc('io.example/reported', upstream.url) as never);
      await t.catalog.importDocument(doc('io.example/reported', `${upstream.url}?v=2`, '1.1.0') as never);
      await t.catalog.importDocument(doc('io.example/hidden', 'https://mcp.example.com/hidden') as never);
      await t.catalog.importDocument({ ...doc('io.example/legacy', legacy.url), remotes: [{ type: 'sse', url: legacy.url }] } as never);
      for (const n of ['a', 'b', 'c', 'd', 'e']) await t.catalog.importDocument(doc(`io.example/many-${n}`, `https://mcp.example.com/${n}`) as never);
      // Everyone may discover and connect to everything but io.example/hidden.
      const rule = { id: 'all-but-hidden', effect: 'allow', subject: { everyone: true }, actions: ['discover', 'connect', 'call'], resource: { server: 'io.example/*' } };
      const deny = { id: 'hidden', effect: 'deny', subject: { everyone: true }, actions: ['discover', 'connect', 'call'], resource: { server: 'io.example/hidden' } };
      for (const r of [deny, rule]) expect((await t.app.inject({ method: 'POST', url: '/api/admin/access/rules', headers: AUTH, payload: r })).statusCode).toBe(201);
      reporter = (await personWithToken(t, 'reporter', ['admin'])).headers;
      other = (await personWithToken(t, 'other-person', ['admin'])).headers;
      moderator = (await personWithToken(t, 'moderator', ['admin'], { roles: ['reviewer'] })).headers;
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await t?.destroy();
      await Promise.all([upstream?.close(), legacy?.close()]);
    });

    const report = (headers: Headers, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/reports', headers, payload });
    const resolve = (headers: Headers, id: number, payload: Record<string, unknown>, ifMatch?: string) =>
      t.app.inject({ method: 'POST', url: `/api/reports/${id}/resolve`, headers: { ...headers, ...(ifMatch ? { 'if-match': ifMatch } : {}) }, payload });
    const events = async (name: string) => (await listRegistryEvents({ tx: t.store.db, filter: { name }, limit: 100 })).map((e) => e.action);

    it('files a report on what the person may discover; a hidden server answers as a missing one; other needs text; a duplicate is 409', async () => {
      const filed = await report(reporter, { name: 'io.example/reported', version: '1.0.0', kind: 'broken', text: 'Every call times out' });
      expect(filed.statusCode).toBe(201);
      expect(filed.json()).toMatchObject({ name: 'io.example/reported', version: '1.0.0', kind: 'broken', state: 'open', revision: 1 });
      expect(filed.headers.etag).toBe('W/"1"');
      expect(await events('io.example/reported')).toContain('report');

      const hidden = await report(reporter, { name: 'io.example/hidden', kind: 'malicious', text: 'x' });
      const missing = await report(reporter, { name: 'io.example/nowhere', kind: 'malicious', text: 'x' });
      expect(hidden.statusCode).toBe(404);
      expect({ status: hidden.statusCode, body: hidden.json() }).toEqual({ status: missing.statusCode, body: missing.json() });

      const noText = await report(reporter, { name: 'io.example/reported', kind: 'other', text: '   ' });
      expect(noText.statusCode).toBe(400);
      expect(noText.json().code).toBe('GOVERNANCE_REPORT_TEXT_REQUIRED');
      const badKind = await report(reporter, { name: 'io.example/reported', kind: 'spam' });
      expect(badKind.statusCode).toBe(422);

      const duplicate = await report(reporter, { name: 'io.example/reported', version: '1.0.0', kind: 'malicious', text: 'again' });
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json()).toMatchObject({ code: 'GOVERNANCE_REPORT_DUPLICATE', detail: expect.stringContaining(`report ${filed.json().id}`) });
    });

    it('refuses a report flood from one person with 429 and Retry-After, and not another person', async () => {
      // reporter filed one report already (limit 3 an hour).
      for (const n of ['a', 'b']) expect((await report(reporter, { name: `io.example/many-${n}`, kind: 'broken' })).statusCode).toBe(201);
      const flood = await report(reporter, { name: 'io.example/many-c', kind: 'broken' });
      expect(flood.statusCode).toBe(429);
      expect(flood.headers['content-type']).toContain('application/problem+json');
      expect(flood.json().code).toBe('GOVERNANCE_REPORT_RATE_LIMITED');
      expect(Number(flood.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(flood.headers['retry-after'])).toBeLessThanOrEqual(3600);
      expect((await t.app.inject({ method: 'GET', url: '/api/reports?name=io.example%2Fmany-c', headers: AUTH })).json().reports).toEqual([]);
      expect((await report(other, { name: 'io.example/many-c', kind: 'broken' })).statusCode).toBe(201);
    });

    it('lets a person report with a catalog:contribute token; a catalog:read token is 403 naming catalog.report', async () => {
      const contributor = (await personWithToken(t, 'contributor', ['catalog:contribute'])).headers;
      const reader = (await personWithToken(t, 'reader', ['catalog:read'])).headers;
      const refused = await report(reader, { name: 'io.example/many-e', kind: 'broken', text: 'times out' });
      expect(refused.statusCode).toBe(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json().detail).toMatch(/^This needs the permission "catalog.report"/);
      const filed = await report(contributor, { name: 'io.example/many-e', kind: 'broken', text: 'times out' });
      expect(filed.statusCode, filed.body).toBe(201);
      expect(filed.json()).toMatchObject({ name: 'io.example/many-e', kind: 'broken', state: 'open' });
    });

    it('keeps the queue to moderators: 403 without catalog.moderate', async () => {
      for (const res of [
        await t.app.inject({ method: 'GET', url: '/api/reports', headers: reporter }),
        await t.app.inject({ method: 'GET', url: '/api/reports/1', headers: reporter }),
        await resolve(reporter, 1, { action: 'dismiss' }, 'W/"1"'),
        await t.app.inject({ method: 'POST', url: '/api/servers/io.example%2Freported/block', headers: reporter, payload: { reason: 'x' } }),
      ]) {
        expect(res.statusCode).toBe(403);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
      const queue = await t.app.inject({ method: 'GET', url: '/api/reports?state=open', headers: moderator });
      expect(queue.statusCode).toBe(200);
      expect(queue.json().reports.length).toBeGreaterThanOrEqual(4);
    });

    it('resolves with If-Match: 428 without, 412 stale, exactly one of two concurrent resolutions wins', async () => {
      const filed = (await report(other, { name: 'io.example/many-d', kind: 'leaks-data', text: 'Sends tokens to a third party' })).json();
      expect((await resolve(moderator, filed.id, { action: 'dismiss' })).statusCode).toBe(428);
      expect((await resolve(moderator, filed.id, { action: 'dismiss' }, 'W/"7"')).statusCode).toBe(412);
      expect((await resolve(moderator, filed.id, { action: 'block' }, 'W/"1"')).json().code).toBe('GOVERNANCE_BLOCK_NEEDS_REASON');
      const both = await Promise.all([
        resolve(moderator, filed.id, { action: 'dismiss', reason: 'not reproducible' }, 'W/"1"'),
        resolve(moderator, filed.id, { action: 'deprecate', reason: 'leaks' }, 'W/"1"'),
      ]);
      expect(both.map((r) => r.statusCode).sort()).toEqual([200, 412]);
      const loser = both.find((r) => r.statusCode === 412)!;
      expect(loser.json().code).toBe('GOVERNANCE_REPORT_CHANGED');
      const winner = both.find((r) => r.statusCode === 200)!.json();
      // Nothing of the losing action is left: one moderate row, and the status moved only if deprecate won.
      expect((await events('io.example/many-d')).filter((a) => a === 'moderate')).toHaveLength(1);
      const status = (await t.app.inject({ url: '/v0.1/servers/io.example%2Fmany-d/versions/1.0.0', headers: AUTH })).json()._meta['io.modelcontextprotocol.registry/official'].status;
      expect(status).toBe(winner.action === 'deprecate' ? 'deprecated' : 'active');
      expect((await t.app.inject({ url: `/api/reports/${filed.id}`, headers: moderator })).headers.etag).toBe('W/"2"');
    });

    it('deprecates the reported version through the catalog’s status change, in one transaction with the resolution', async () => {
      const filed = (await report(other, { name: 'io.example/reported', version: '1.1.0', kind: 'broken', text: 'Broken' })).json();
      const res = await resolve(moderator, filed.id, { action: 'deprecate', reason: 'broken for everyone' }, 'W/"1"');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ state: 'actioned', action: 'deprecate', reason: 'broken for everyone', decidedBy: expect.any(String) });
      const version = (await t.app.inject({ url: '/v0.1/servers/io.example%2Freported/versions/1.1.0', headers: AUTH })).json();
      expect(version._meta['io.modelcontextprotocol.registry/official'].status).toBe('deprecated');
      expect(await events('io.example/reported')).toEqual(expect.arrayContaining(['report', 'moderate', 'status']));
    });

    it('blocks a server: a live session’s next message gets a JSON-RPC error, a new connection 403, audited as denied; unblock restores it', async () => {
      const client = new Client({ name: 'moderation-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/gateway/${encodeURIComponent('io.example/reported')}/mcp`), { requestInit: { headers: AUTH } }));
      expect((await client.callTool({ name: 'echo', arguments: { text: 'before' } })).content).toEqual([{ type: 'text', text: 'echo: before' }]);
      const ran = upstream.ran.length;

      const open = (await t.app.inject({ url: '/api/reports?state=open&name=io.example%2Freported', headers: moderator })).json().reports[0];
      const blocked = await resolve(moderator, open.id, { action: 'block', reason: 'exfiltrates data' }, `W/"${open.revision}"`);
      expect(blocked.statusCode).toBe(200);
      expect(t.governance.blocks.blocked('io.example/reported')).toMatchObject({ moderator: { reason: 'exfiltrates data' } });
      expect(await events('io.example/reported')).toEqual(expect.arrayContaining(['moderate', 'block']));

      await expect(client.callTool({ name: 'echo', arguments: { text: 'after' } })).rejects.toMatchObject({ code: SERVER_BLOCKED, message: expect.stringContaining('blocked') });
      expect(upstream.ran.length).toBe(ran);
      const fresh = new Client({ name: 'moderation-test', version: '1.0.0' });
      await expect(fresh.connect(new StreamableHTTPClientTransport(new URL(`${base}/gateway/${encodeURIComponent('io.example/reported')}/mcp`), { requestInit: { headers: AUTH } }))).rejects.toThrow(
        /403/,
      );
      const initialize = await fetch(`${base}/gateway/${encodeURIComponent('io.example/reported')}/mcp`, {
        method: 'POST',
        headers: { ...AUTH, ...json, accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
      });
      expect(initialize.status).toBe(403);
      expect(initialize.headers.get('content-type')).toContain('application/problem+json');
      expect(((await initialize.json()) as { code: string }).code).toBe('GATEWAY_SERVER_BLOCKED');

      await t.gatewayAudit!.writer.flush();
      const calls = (await t.app.inject({ url: '/api/admin/gateway/calls?limit=50&server=io.example%2Freported', headers: AUTH })).json().calls as Array<{
        method: string;
        outcome: string;
        error: { message: string | null } | null;
      }>;
      expect(calls).toEqual(
        expect.arrayContaining([expect.objectContaining({ method: 'tools/call', outcome: 'denied', error: expect.objectContaining({ message: expect.stringContaining('server_blocked') }) })]),
      );
      expect(calls.some((c) => c.method === 'connect' && c.outcome === 'denied')).toBe(true);

      const state = await t.app.inject({ url: '/api/servers/io.example%2Freported/block', headers: moderator });
      expect(state.json()).toMatchObject({ blocked: { by: expect.any(String), reason: 'exfiltrates data' }, trustBlocked: false });
      expect((await t.app.inject({ method: 'POST', url: '/api/servers/io.example%2Freported/unblock', headers: moderator, payload: {} })).statusCode).toBe(428);
      const unblocked = await t.app.inject({
        method: 'POST',
        url: '/api/servers/io.example%2Freported/unblock',
        headers: { ...moderator, 'if-match': state.headers.etag as string },
        payload: { reason: 'fixed upstream' },
      });
      expect(unblocked.statusCode).toBe(200);
      expect(unblocked.json().blocked).toBeNull();
      expect(t.governance.blocks.blocked('io.example/reported')).toBeUndefined();
      expect(await events('io.example/reported')).toContain('unblock');
      expect((await client.callTool({ name: 'echo', arguments: { text: 'again' } })).content).toEqual([{ type: 'text', text: 'echo: again' }]);
      const again = await t.app.inject({ method: 'POST', url: '/api/servers/io.example%2Freported/unblock', headers: { ...moderator, 'if-match': unblocked.headers.etag as string }, payload: {} });
      expect(again.json().code).toBe('GOVERNANCE_NOT_BLOCKED');
      await client.close();
    });

    it('refuses a server whose trust level is blocked, from memory after the change is announced', async () => {
      await t.store.db
        .insertInto('server_governance')
        .values({
          name: 'io.example/many-e',
          trust: 'blocked',
          trust_set_by: 'test',
          trust_set_at: 1,
          owners: '[]',
          support_contact: null,
          docs_url: null,
          recertified_at: null,
          recertified_by: null,
          recertify_due_at: null,
          blocked_at: null,
          blocked_by: null,
          block_reason: null,
          revision: 1,
          updated_at: 1,
          updated_by: 'test',
        })
        .execute();
      expect(t.governance.blocks.blocked('io.example/many-e')).toBeUndefined();
      await t.governance.blocks.changed('io.example/many-e');
      expect(t.governance.blocks.blocked('io.example/many-e')).toMatchObject({ trustBlocked: true, moderator: null });
      const res = await fetch(`${base}/gateway/${encodeURIComponent('io.example/many-e')}/mcp`, { headers: { ...AUTH, accept: 'text/event-stream' } });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { code: string }).code).toBe('GATEWAY_SERVER_BLOCKED');
    });

    it('blocks a legacy SSE server directly: the refusal of the next message arrives on the event stream', async () => {
      const client = new Client({ name: 'moderation-sse', version: '1.0.0' });
      await client.connect(new SSEClientTransport(new URL(`${base}/gateway/${encodeURIComponent('io.example/legacy')}/sse`), { requestInit: { headers: AUTH } }));
      expect((await client.callTool({ name: 'echo', arguments: { text: 'a' } })).content).toEqual([{ type: 'text', text: 'echo: a' }]);
      const url = `/api/servers/${encodeURIComponent('io.example/legacy')}/block`;
      const state = await t.app.inject({ url, headers: moderator });
      expect(state.json()).toMatchObject({ blocked: null, revision: 0 });
      expect((await t.app.inject({ method: 'POST', url, headers: { ...moderator, 'if-match': 'W/"5"' }, payload: { reason: 'x' } })).statusCode).toBe(412);
      const blocked = await t.app.inject({ method: 'POST', url, headers: { ...moderator, 'if-match': state.headers.etag as string }, payload: { reason: 'malware' } });
      expect(blocked.statusCode).toBe(200);
      expect(blocked.json()).toMatchObject({ blocked: { reason: 'malware' }, revision: 1 });
      const ran = legacy.ran.length;
      await expect(client.callTool({ name: 'echo', arguments: { text: 'b' } })).rejects.toMatchObject({ code: SERVER_BLOCKED });
      expect(legacy.ran.length).toBe(ran);
      await client.close();
    });
  });
});
