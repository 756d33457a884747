/**
 * Gateway connections end to end, with real SDK clients and servers on
 * loopback: creating connections (allowed, denied by the rules, unknown or
 * undiscoverable server, missing required inputs), bearer authentication on the
 * connection URL (the owner's PAT; someone else's token refused; 401 with
 * WWW-Authenticate), capability URLs (no headers; the secret only hashed),
 * revocation and rule changes applying to the next message of a live session,
 * upstream secrets (header, query and URL variable; personal over shared; values
 * never in answers or the change log; sealed in the database and bound to their
 * row; shared ones sent only to the origins an administrator approved, even after
 * the publisher moves the remote, and bound at start when stored before
 * approvals existed), signed identity headers verified by an upstream, legacy SSE through a
 * connection, the admin API, and the caller's connected-servers listing.
 */
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdentityUpstream, type IdentityUpstream } from './support/identityUpstream.js';
import { startLegacySseServer, startStatefulServer, startStatelessServer, type TestUpstream } from './support/mcpUpstreams.js';
import { personWithToken } from './support/people.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { createToolshed } from '../src/createToolshed.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const IDENTITY_KEY = 'ab'.repeat(32);
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const PING = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });

function serverDoc(name: string, remotes: Array<Record<string, unknown>>) {
  return {
    $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
    name,
    description: 'A test upstream',
    version: '1.0.0',
    remotes,
  };
}

function texts(result: unknown): string[] {
  return ((result as { content: Array<{ text?: string }> }).content ?? []).map((c) => c.text ?? '');
}

type Person = Awaited<ReturnType<typeof personWithToken>>;
interface Created {
  connection: { id: string; url: string; sseUrl?: string; server: string; label: string; capabilityUrl: boolean; state: string };
  capability?: { secret: string; url: string; sseUrl?: string };
}

describe.each(DATABASES)('gateway connections on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let base: string;
    let stateful: TestUpstream;
    let stateless: TestUpstream;
    let legacy: TestUpstream;
    let identity: IdentityUpstream;
    let alice: Person;
    let bob: Person;

    const api = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
      fetch(`${base}${path}`, {
        method,
        headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });

    async function connect(who: Person, server: string, extra: Record<string, unknown> = {}): Promise<Created> {
      const res = await api('POST', '/api/me/connections', who.headers, { server, label: 'laptop / test client', ...extra });
      const text = await res.text();
      expect(res.status, text).toBe(201);
      return JSON.parse(text) as Created;
    }

    async function client(url: string, headers: Record<string, string> = {}): Promise<Client> {
      const c = new Client({ name: 'connections-test', version: '1.0.0' });
      await c.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
      return c;
    }

    beforeAll(async () => {
      [stateful, stateless, legacy] = await Promise.all([startStatefulServer(), startStatelessServer(), startLegacySseServer()]);
      identity = await startIdentityUpstream(Buffer.from(IDENTITY_KEY, 'hex'), 'io.example/identity');
      t = await testToolshed(
        kind,
        {
          outboundAllow: ['127.0.0.0/8'],
          outboundAllowHttp: true,
          accessDefaultEffect: 'allow',
          gatewayIdentityHeaders: ['io.example/identity'],
          gatewayIdentityKey: IDENTITY_KEY,
        },
        { resolvedCallMaxAgeMs: 60_000 },
      );
      const origin = new URL(stateless.url).origin;
      for (const doc of [
        serverDoc('io.example/stateful', [{ type: 'streamable-http', url: stateful.url }]),
        serverDoc('io.example/stateless', [{ type: 'streamable-http', url: stateless.url }]),
        serverDoc('io.example/both', [
          { type: 'streamable-http', url: `${stateful.url}?both=1` },
          { type: 'sse', url: legacy.url },
        ]),
        serverDoc('io.example/closed', [{ type: 'streamable-http', url: `${stateless.url}?closed=1` }]),
        serverDoc('io.example/hidden', [{ type: 'streamable-http', url: `${stateless.url}?hidden=1` }]),
        serverDoc('io.example/keyed', [
          {
            type: 'streamable-http',
            url: `${origin}/{tenant}/mcp`,
            // Secret: each person's own to fill.
            variables: { tenant: { isRequired: true, isSecret: true, description: 'Your tenant key' } },
            headers: [{ name: 'X-Api-Key', isRequired: true, isSecret: true }],
          },
        ]),
        serverDoc('io.example/identity', [{ type: 'streamable-http', url: identity.url }]),
      ]) {
        await t.catalog.importDocument(doc as never);
      }
      await t.accessPolicy.create(
        { id: 'closed', effect: 'deny', subject: { everyone: true }, actions: ['connect'], resource: { server: 'io.example/closed' }, description: 'closed for maintenance' },
        { actor: 'test' },
      );
      await t.accessPolicy.create({ id: 'hidden', effect: 'deny', subject: { everyone: true }, actions: ['discover'], resource: { server: 'io.example/hidden' } }, { actor: 'test' });
      alice = await personWithToken(t, 'alice', ['gateway'], { groups: ['eng', 'ops team'] });
      bob = await personWithToken(t, 'bob', ['gateway']);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await t?.destroy();
      await Promise.all([stateful, stateless, legacy, identity].map((u) => u?.close()));
    });

    it('creates a connection with an unguessable URL, logs it, and lists, renames and shows it', async () => {
      const created = await connect(alice, 'io.example/both');
      expect(created.connection.id).toMatch(/^con_[A-Za-z0-9_-]{24}$/);
      expect(created.connection.url).toBe(`${base}/mcp/${created.connection.id}`);
      expect(created.connection.sseUrl).toBe(`${base}/mcp/${created.connection.id}/sse`);
      expect(created.capability).toBeUndefined();
      const changes = await t.store.db.selectFrom('access_changes').selectAll().where('target_kind', '=', 'connection').where('target', '=', created.connection.id).execute();
      expect(changes.map((c) => [c.action, c.actor])).toEqual([['create', alice.user.id]]);

      const renamed = await api('PATCH', `/api/me/connections/${created.connection.id}`, alice.headers, { label: 'desktop / Claude' });
      expect(renamed.status).toBe(200);
      expect((await renamed.json()).label).toBe('desktop / Claude');
      const mine = (await (await api('GET', '/api/me/connections', alice.headers)).json()) as { connections: Array<{ id: string; label: string }> };
      expect(mine.connections.find((c) => c.id === created.connection.id)?.label).toBe('desktop / Claude');
      const bobs = (await (await api('GET', '/api/me/connections', bob.headers)).json()) as { connections: unknown[] };
      expect(bobs.connections.some((c) => (c as { id: string }).id === created.connection.id)).toBe(false);
      expect((await api('PATCH', `/api/me/connections/${created.connection.id}`, bob.headers, { label: 'mine now' })).status).toBe(404);
    });

    it('refuses a connection the rules deny (403 with the reason), and unknown or undiscoverable servers (404)', async () => {
      const closed = await api('POST', '/api/me/connections', alice.headers, { server: 'io.example/closed', label: 'x' });
      expect(closed.status).toBe(403);
      expect((await closed.json()).detail).toMatch(/closed for maintenance/);
      for (const server of ['io.example/nothing', 'io.example/hidden']) {
        const res = await api('POST', '/api/me/connections', alice.headers, { server, label: 'x' });
        expect(res.status, server).toBe(404);
      }
      const catalogOnly = await personWithToken(t, 'carol', ['catalog:read']);
      expect((await api('POST', '/api/me/connections', catalogOnly.headers, { server: 'io.example/stateless', label: 'x' })).status).toBe(403);
    });

    it('relays for the owner’s PAT and refuses someone else’s token, no token (401 + WWW-Authenticate) and bad tokens', async () => {
      const { connection } = await connect(alice, 'io.example/stateful');
      const c = await client(connection.url, alice.headers);
      expect(texts(await c.callTool({ name: 'echo', arguments: { text: 'mine' } }))).toEqual(['echo: mine']);
      await c.close();
      for (const r of stateful.requests) expect(r.headers.authorization).toBeUndefined();
      // The audit record of the call names the person and the connection it came through.
      await t.gatewayAudit!.writer.flush();
      const call = await t.store.db.selectFrom('gateway_calls').selectAll().where('connection_id', '=', connection.id).where('method', '=', 'tools/call').executeTakeFirst();
      expect(call).toMatchObject({ principal_id: alice.user.id, connection_label: connection.label, server: 'io.example/stateful', target: 'echo', outcome: 'ok' });

      const asBob = await fetch(connection.url, { method: 'POST', headers: { ...JSON_HEADERS, ...bob.headers }, body: PING });
      expect(asBob.status).toBe(403);
      expect((await asBob.json()).error.message).toMatch(/belongs to someone else/);
      const anonymous = await fetch(connection.url, { method: 'POST', headers: JSON_HEADERS, body: PING });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer realm="toolshed-gateway"/);
      const forged = await fetch(connection.url, { method: 'POST', headers: { ...JSON_HEADERS, authorization: 'Bearer tsp_not-a-real-token' }, body: PING });
      expect(forged.status).toBe(401);
      expect(forged.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
      const unknown = await fetch(`${base}/mcp/con_AAAAAAAAAAAAAAAAAAAAAAAA`, { method: 'POST', headers: { ...JSON_HEADERS, ...alice.headers }, body: PING });
      expect(unknown.status).toBe(404);
      expect((await unknown.json()).jsonrpc).toBe('2.0');
    });

    it('records when and from where a connection was last used, writing at most once a minute per address', async () => {
      const { connection } = await connect(alice, 'io.example/stateless');
      const lastUse = async () => {
        const row = await t.store.db.selectFrom('gateway_connections').select(['last_used_at', 'last_used_from']).where('id', '=', connection.id).executeTakeFirstOrThrow();
        return { at: row.last_used_at, from: row.last_used_from };
      };
      expect(await lastUse()).toEqual({ at: null, from: null });
      const ping = () => fetch(connection.url, { method: 'POST', headers: { ...JSON_HEADERS, ...alice.headers }, body: PING });
      expect((await ping()).status).toBe(200);
      // The write is off the request's path: wait for it.
      let first = await lastUse();
      for (let i = 0; i < 100 && first.at === null; i++) {
        await new Promise((r) => setTimeout(r, 20));
        first = await lastUse();
      }
      expect(first.from).toBe('127.0.0.1');
      expect(first.at).toBeGreaterThan(0);
      const mine = (await (await api('GET', '/api/me/connections', alice.headers)).json()) as { connections: Array<{ id: string; lastUsedAt: string | null; lastUsedFrom: string | null }> };
      const listed = mine.connections.find((c) => c.id === connection.id)!;
      expect(listed.lastUsedFrom).toBe('127.0.0.1');
      expect(Date.parse(listed.lastUsedAt!)).toBeGreaterThan(0);
      // Within the minute, from the same address: no further write.
      for (let i = 0; i < 3; i++) expect((await ping()).status).toBe(200);
      await new Promise((r) => setTimeout(r, 100));
      expect(await lastUse()).toEqual(first);
    });

    it('serves a capability URL without any header, stores only the secret’s hash, and refuses a wrong secret', async () => {
      const created = await connect(alice, 'io.example/stateless', { capabilityUrl: true });
      const capability = created.capability!;
      expect(capability.secret).toMatch(/^cap_[A-Za-z0-9_-]{43}$/);
      expect(capability.url).toBe(`${created.connection.url}/${capability.secret}`);
      const c = await client(capability.url);
      expect(texts(await c.callTool({ name: 'echo', arguments: { text: 'no headers' } }))).toEqual(['echo: no headers']);
      await c.close();

      const row = await t.store.db.selectFrom('gateway_connections').selectAll().where('id', '=', created.connection.id).executeTakeFirstOrThrow();
      expect(row.secret_hash).toBe(createHash('sha256').update(capability.secret).digest('hex'));
      expect(JSON.stringify(row)).not.toContain(capability.secret);
      const listed = await (await api('GET', '/api/me/connections', alice.headers)).text();
      expect(listed).not.toContain(capability.secret);

      const wrong = await fetch(`${created.connection.url}/cap_${'A'.repeat(43)}`, { method: 'POST', headers: JSON_HEADERS, body: PING });
      expect(wrong.status).toBe(404);
      // A connection without capability mode has no capability URL at all.
      const plain = await connect(alice, 'io.example/stateless');
      expect((await fetch(`${plain.connection.url}/${capability.secret}`, { method: 'POST', headers: JSON_HEADERS, body: PING })).status).toBe(404);
    });

    it('fails the next message of a live session once the connection is revoked (by its owner or an admin)', async () => {
      for (const revoker of ['owner', 'admin'] as const) {
        const { connection } = await connect(alice, 'io.example/stateful');
        const c = await client(connection.url, alice.headers);
        expect(texts(await c.callTool({ name: 'echo', arguments: { text: 'before' } }))).toEqual(['echo: before']);
        const path = revoker === 'owner' ? `/api/me/connections/${connection.id}` : `/api/admin/connections/${connection.id}`;
        expect((await api('DELETE', path, revoker === 'owner' ? alice.headers : AUTH)).status).toBe(204);
        const ran = stateful.ran.length;
        await expect(c.callTool({ name: 'echo', arguments: { text: 'after' } })).rejects.toThrow();
        expect(stateful.ran.length).toBe(ran);
        await c.close().catch(() => {});
      }
      const all = (await (await api('GET', `/api/admin/connections?user=${alice.user.id}&include_revoked=true`, AUTH)).json()) as { connections: Array<{ state: string; revokedBy: string }> };
      expect(all.connections.filter((c) => c.state === 'revoked').map((c) => c.revokedBy)).toEqual(expect.arrayContaining([alice.user.id, 'admin']));
    });

    it('applies a revoked or expired token, a moved or deleted server and a disabled owner to the next message', async () => {
      // A server and a person of their own: this test moves, deletes and disables them.
      const moving = (version: string, at: string) => ({ ...serverDoc('io.example/moving', [{ type: 'streamable-http', url: `${stateless.url}?at=${at}` }]), version }) as never;
      await t.catalog.importDocument(moving('1.0.0', 'one'));
      const carol = await personWithToken(t, 'carol', ['gateway']);
      const spare = await personWithToken(t, 'carol', ['gateway']);
      const { connection } = await connect(carol, 'io.example/moving');
      const ping = async (headers: Record<string, string>) => {
        const res = await fetch(connection.url, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: PING });
        return { status: res.status, text: await res.text(), reached: stateless.requests.at(-1)?.url };
      };
      expect(await ping(carol.headers)).toMatchObject({ status: 200, reached: expect.stringContaining('at=one') });
      expect(await ping(spare.headers)).toMatchObject({ status: 200 });

      // A new version with another remote URL: the next message goes there.
      await t.catalog.importDocument(moving('1.0.1', 'two'));
      expect(await ping(carol.headers)).toMatchObject({ status: 200, reached: expect.stringContaining('at=two') });

      // A revoked token: refused at once; the owner's other token still works.
      await t.apiTokens.revoke(carol.tokenId, 'test');
      expect(await ping(carol.headers)).toMatchObject({ status: 401 });
      expect(await ping(spare.headers)).toMatchObject({ status: 200 });

      // Every version deleted: the server is gone for the next message, and back when restored.
      const setStatus = (status: string) => api('PATCH', '/v0.1/servers/io.example%2Fmoving/status', AUTH, { status });
      expect((await setStatus('deleted')).status).toBe(200);
      expect(await ping(spare.headers)).toMatchObject({ status: 404, text: expect.stringContaining('no longer in the catalog') });
      expect((await setStatus('active')).status).toBe(200);
      expect(await ping(spare.headers)).toMatchObject({ status: 200 });

      // A token that expires between two messages.
      const soon = Date.now() + 1_500;
      await t.store.db
        .updateTable('api_tokens')
        .set({ expires_at: soon * 1000 })
        .where('id', '=', spare.tokenId)
        .execute();
      t.contextCache.clear();
      expect(await ping(spare.headers)).toMatchObject({ status: 200 });
      await new Promise((resolve) => setTimeout(resolve, soon + 50 - Date.now()));
      expect(await ping(spare.headers)).toMatchObject({ status: 401 });

      // A disabled owner: every token of theirs stops at once.
      const third = await personWithToken(t, 'carol', ['gateway']);
      expect(await ping(third.headers)).toMatchObject({ status: 200 });
      await t.directory.updateUser(carol.user.id, { disabled: true }, 'test');
      expect(await ping(third.headers)).toMatchObject({ status: 401 });
    });

    it('applies a rule change to the next request of a live session', async () => {
      const { connection } = await connect(alice, 'io.example/stateful');
      const c = await client(connection.url, alice.headers);
      expect(texts(await c.callTool({ name: 'echo', arguments: { text: 'open' } }))).toEqual(['echo: open']);
      await t.accessPolicy.create({ id: 'no-alice', effect: 'deny', subject: { user: alice.user.id }, actions: ['connect'], resource: { server: 'io.example/stateful' } }, { actor: 'test' });
      try {
        await expect(c.callTool({ name: 'echo', arguments: { text: 'closed' } })).rejects.toThrow(/403|may not connect/);
      } finally {
        await t.accessPolicy.remove('no-alice', { actor: 'test' });
      }
      expect(texts(await c.callTool({ name: 'echo', arguments: { text: 'open again' } }))).toEqual(['echo: open again']);
      await c.close();
    });

    it('injects upstream secrets (header, query, URL variable), personal over shared, and never shows a value', async () => {
      const enc = encodeURIComponent('io.example/keyed');
      // Missing required inputs: refused with what is missing.
      const early = await api('POST', '/api/me/connections', alice.headers, { server: 'io.example/keyed', label: 'x' });
      expect(early.status).toBe(422);
      expect((await early.json()).detail).toMatch(/URL variable "tenant".*header "X-Api-Key"/);

      const put = async (path: string, headers: Record<string, string>, body: unknown) => {
        const res = await api('PUT', path, headers, body);
        const text = await res.text();
        expect(res.status, text).toBeLessThan(300);
        expect(text).not.toContain('VALUE');
        return JSON.parse(text) as { kind: string; scope: string };
      };
      expect(await put(`/api/admin/servers/${enc}/secrets/X-Api-Key`, AUTH, { kind: 'header', value: 'SHARED-KEY-VALUE' })).toMatchObject({ kind: 'header', scope: 'shared' });
      await put(`/api/admin/servers/${enc}/secrets/token`, AUTH, { kind: 'query', value: 'SHARED-Q-VALUE' });
      await put(`/api/admin/servers/${enc}/secrets/tenant`, AUTH, { kind: 'variable', value: 'shared tenant VALUE' });
      expect(await put(`/api/me/servers/${enc}/secrets/X-Api-Key`, alice.headers, { kind: 'header', value: 'ALICE-KEY-VALUE' })).toMatchObject({ scope: 'personal' });
      await put(`/api/me/servers/${enc}/secrets/tenant`, alice.headers, { kind: 'variable', value: 'alice/tenant VALUE' });

      for (const [who, key, tenant] of [
        [alice, 'ALICE-KEY-VALUE', 'alice/tenant VALUE'],
        [bob, 'SHARED-KEY-VALUE', 'shared tenant VALUE'],
      ] as const) {
        const { connection } = await connect(who, 'io.example/keyed');
        const before = stateless.requests.length;
        const c = await client(connection.url, who.headers);
        await c.callTool({ name: 'echo', arguments: { text: 'k' } });
        await c.close();
        const seen = stateless.requests.slice(before);
        expect(seen.length).toBeGreaterThan(0);
        for (const r of seen) {
          expect(r.headers['x-api-key']).toBe(key);
          expect(r.headers.authorization).toBeUndefined();
          const url = new URL(r.url, 'http://upstream');
          expect(url.pathname).toBe(`/${encodeURIComponent(tenant)}/mcp`);
          expect(url.searchParams.get('token')).toBe('SHARED-Q-VALUE');
        }
      }

      const lists = [await api('GET', `/api/admin/servers/${enc}/secrets`, AUTH), await api('GET', `/api/me/servers/${enc}/secrets`, alice.headers)];
      const [shared, personal] = (await Promise.all(lists.map((r) => r.text()))) as [string, string];
      expect(JSON.parse(shared).secrets.map((s: { name: string }) => s.name)).toEqual(['X-Api-Key', 'tenant', 'token']);
      expect(JSON.parse(personal).secrets.map((s: { name: string }) => s.name)).toEqual(['X-Api-Key', 'tenant']);
      const changes = await t.store.db.selectFrom('access_changes').selectAll().where('target_kind', '=', 'upstream-secret').execute();
      expect(changes.length).toBe(5);
      for (const text of [shared, personal, JSON.stringify(changes)]) expect(text).not.toContain('VALUE');

      // Sealed at rest, and bound to its row: a value moved to another row does not open.
      const rows = await t.store.db.selectFrom('upstream_secrets').selectAll().where('server', '=', 'io.example/keyed').execute();
      expect(rows.length).toBe(5);
      for (const row of rows) {
        expect(row.sealed).toMatch(/^v1:/);
        expect(row.sealed).not.toContain('VALUE');
      }
      const alicesKey = rows.find((r) => r.user_id === alice.user.id && r.name === 'X-Api-Key')!;
      const sharedKey = rows.find((r) => r.user_id === null && r.name === 'X-Api-Key')!;
      await t.store.db.updateTable('upstream_secrets').set({ sealed: alicesKey.sealed }).where('id', '=', sharedKey.id).execute();
      t.contextCache.clear(); // a write behind Toolshed's back: nothing told the cache
      const bobs = (await (await api('GET', '/api/me/connections', bob.headers)).json()) as { connections: Array<{ url: string; server: string }> };
      const bobKeyed = bobs.connections.find((c) => c.server === 'io.example/keyed')!;
      const moved = await fetch(bobKeyed.url, { method: 'POST', headers: { ...JSON_HEADERS, ...bob.headers }, body: PING });
      expect(moved.status).toBe(502);
      expect(await moved.text()).not.toContain('VALUE');
      await t.store.db.updateTable('upstream_secrets').set({ sealed: sharedKey.sealed }).where('id', '=', sharedKey.id).execute();
      t.contextCache.clear();

      expect((await api('DELETE', `/api/me/servers/${enc}/secrets/X-Api-Key`, alice.headers)).status).toBe(204);
      expect((await api('DELETE', `/api/me/servers/${enc}/secrets/X-Api-Key`, alice.headers)).status).toBe(404);
      expect((await api('PUT', `/api/admin/servers/${encodeURIComponent('io.example/nothing')}/secrets/k`, AUTH, { kind: 'header', value: 'v' })).status).toBe(404);
      expect((await api('PUT', `/api/admin/servers/${enc}/secrets/Mcp-Session-Id`, AUTH, { kind: 'header', value: 'v' })).status).toBe(422);
    });

    it('lets a person fill only the URL variables declared theirs, and sends shared credentials only to the approved origin', async () => {
      // The person's own listener: a real MCP server on another port (another origin).
      const listener = await startStatelessServer();
      try {
        const port = new URL(stateless.url).port;
        await t.catalog.importDocument(
          serverDoc('io.example/hosted', [{ type: 'streamable-http', url: 'http://{host}:{port}/mcp', variables: { host: { default: '127.0.0.1' }, port: { default: port } } }]) as never,
        );
        // A publisher who declared the port each person's own (a secret), for a server that also has a shared key.
        await t.catalog.importDocument(
          serverDoc('io.example/port-pick', [{ type: 'streamable-http', url: 'http://127.0.0.1:{port}/mcp', variables: { port: { isSecret: true, default: port } } }]) as never,
        );
        const dana = await personWithToken(t, 'dana', ['gateway']);
        const refusedRelay = async (url: string, why: RegExp) => {
          const res = await fetch(url, { method: 'POST', headers: { ...JSON_HEADERS, ...dana.headers }, body: PING });
          expect(res.status).toBe(404);
          const body = (await res.json()) as { error?: { message: string }; detail?: string };
          expect(body.error?.message ?? body.detail).toMatch(why);
        };
        for (const server of ['io.example/hosted', 'io.example/port-pick']) {
          const enc = encodeURIComponent(server);
          expect((await api('PUT', `/api/admin/servers/${enc}/secrets/X-Api-Key`, AUTH, { kind: 'header', value: 'SHARED-ADMIN-KEY' })).status).toBe(201);
          // Connected before the person's value exists, so the refusal at relay time is seen too.
          const { connection } = await connect(dana, server);
          expect((await api('PUT', `/api/me/servers/${enc}/secrets/port`, dana.headers, { kind: 'variable', value: new URL(listener.url).port })).status).toBe(201);
          const why = server === 'io.example/hosted' ? /URL variable "port" is not yours to fill/ : /shared credentials go only to the origin an administrator approved/;
          const created = await api('POST', '/api/me/connections', dana.headers, { server, label: 'to my listener' });
          expect(created.status).toBe(422);
          expect((await created.json()).detail).toMatch(why);
          await refusedRelay(connection.url, why);
        }
        expect(listener.requests).toEqual([]);

        // Without a shared credential, the port the publisher declared the person's own is theirs.
        expect((await api('DELETE', `/api/admin/servers/${encodeURIComponent('io.example/port-pick')}/secrets/X-Api-Key`, AUTH)).status).toBe(204);
        const { connection } = await connect(dana, 'io.example/port-pick');
        const c = await client(connection.url, dana.headers);
        expect(texts(await c.callTool({ name: 'echo', arguments: { text: 'mine' } }))).toEqual(['echo: mine']);
        await c.close();
        expect(listener.requests.length).toBeGreaterThan(0);
        expect(listener.requests.every((r) => r.headers['x-api-key'] === undefined)).toBe(true);
      } finally {
        await listener.close();
      }
    });

    it('assumes no origins for a shared secret when the remotes point at several: the administrator names them', async () => {
      const name = 'io.example/two-origins';
      const enc = encodeURIComponent(name);
      // A second remote on another host, as a publisher could add beside the real one.
      await t.catalog.importDocument(
        serverDoc(name, [
          { type: 'streamable-http', url: `${stateless.url}?two=1` },
          { type: 'sse', url: 'https://elsewhere.example.com/sse' },
        ]) as never,
      );
      const refused = await api('PUT', `/api/admin/servers/${enc}/secrets/X-Api-Key`, AUTH, { kind: 'header', value: 'TWO-ORIGINS-KEY' });
      expect(refused.status).toBe(422);
      expect(await refused.json()).toMatchObject({ code: 'GATEWAY_ORIGINS_AMBIGUOUS', errors: [{ location: 'body.allowedOrigins' }] });
      const approved = new URL(stateless.url).origin;
      const set = await api('PUT', `/api/admin/servers/${enc}/secrets/X-Api-Key`, AUTH, { kind: 'header', value: 'TWO-ORIGINS-KEY', allowedOrigins: [approved] });
      expect(set.status).toBe(201);
      expect(await set.json()).toMatchObject({ allowedOrigins: [approved] });
      // Re-approving without naming origins is refused the same way.
      const again = await api('PUT', `/api/admin/servers/${enc}/secrets/X-Api-Key/allowed-origins`, AUTH, {});
      expect(again.status).toBe(422);
      expect(await again.json()).toMatchObject({ code: 'GATEWAY_ORIGINS_AMBIGUOUS' });
    });

    it('two administrators setting one new shared secret at once both get an answer (one create, one update), and one row with the approved origin remains', async () => {
      const name = 'io.example/raced';
      const enc = encodeURIComponent(name);
      await t.catalog.importDocument(serverDoc(name, [{ type: 'streamable-http', url: `${stateless.url}?raced=1` }]) as never);
      const approved = new URL(stateless.url).origin;
      for (let round = 0; round < 8; round++) {
        const secretName = `X-Raced-${round}`;
        // One names the origins, the other takes the default: both race for the first write.
        const [named, defaulted] = await Promise.all([
          api('PUT', `/api/admin/servers/${enc}/secrets/${secretName}`, AUTH, { kind: 'header', value: `NAMED-${round}`, allowedOrigins: [approved] }),
          api('PUT', `/api/admin/servers/${enc}/secrets/${secretName}`, AUTH, { kind: 'header', value: `DEFAULT-${round}` }),
        ]);
        expect([named.status, defaulted.status].sort()).toEqual([200, 201]);
        const listed = await api('GET', `/api/admin/servers/${enc}/secrets`, AUTH);
        const rows = ((await listed.json()) as { secrets: Array<{ name: string; allowedOrigins?: string[] }> }).secrets.filter((s) => s.name === secretName);
        expect(rows).toHaveLength(1);
        expect(rows[0]!.allowedOrigins).toEqual([approved]);
      }
    });

    it('sends a shared credential only to the origins an administrator approved, whatever the publisher publishes later', async () => {
      // The publisher's own listener: a real MCP server on another port (another origin).
      const listener = await startStatelessServer();
      try {
        const name = 'io.example/relocated';
        const enc = encodeURIComponent(name);
        const approved = new URL(stateless.url).origin;
        const moved = new URL(listener.url).origin;
        await t.catalog.importDocument(serverDoc(name, [{ type: 'streamable-http', url: `${stateless.url}?moving=1` }]) as never);
        const set = await api('PUT', `/api/admin/servers/${enc}/secrets/X-Api-Key`, AUTH, { kind: 'header', value: 'SHARED-MOVING-KEY' });
        expect(set.status).toBe(201);
        expect(await set.json()).toMatchObject({ scope: 'shared', allowedOrigins: [approved] });
        const { connection } = await connect(bob, name);
        const call = async () => {
          const c = await client(connection.url, bob.headers);
          try {
            return texts(await c.callTool({ name: 'echo', arguments: { text: 'moving' } }));
          } finally {
            await c.close();
          }
        };
        expect(await call()).toEqual(['echo: moving']);

        // The publisher points a new version at their own host: the credential stays where it was approved.
        await t.catalog.importDocument({ ...serverDoc(name, [{ type: 'streamable-http', url: listener.url }]), version: '1.0.1' } as never);
        const refused = await fetch(connection.url, { method: 'POST', headers: { ...JSON_HEADERS, ...bob.headers }, body: PING });
        expect(refused.status).toBe(404);
        const message = ((await refused.json()) as { error: { message: string } }).error.message;
        expect(message).toMatch(/shared credentials \(X-Api-Key\) are not approved for.*Ask an administrator to re-approve them for the new origin/);
        // Neither origin is named to the person.
        expect(message).not.toContain(approved);
        expect(message).not.toContain(moved);
        expect(listener.requests).toEqual([]);
        // Setting the value again (a rotation) keeps the approval.
        expect(await (await api('PUT', `/api/admin/servers/${enc}/secrets/X-Api-Key`, AUTH, { kind: 'header', value: 'ROTATED-MOVING-KEY' })).json()).toMatchObject({ allowedOrigins: [approved] });
        const listed = await (await api('GET', `/api/admin/servers/${enc}/secrets`, AUTH)).text();
        expect(JSON.parse(listed).secrets).toEqual([expect.objectContaining({ name: 'X-Api-Key', allowedOrigins: [approved] })]);
        expect(listed).not.toContain('MOVING-KEY');
        expect((await api('POST', '/api/me/connections', bob.headers, { server: name, label: 'after the move' })).status).toBe(422);
        expect(listener.requests).toEqual([]);

        // Bad approvals are refused, and a person cannot bind their own secret.
        for (const bad of [['https://a.example/path'], ['ftp://a.example'], ['https://user:pw@a.example'], [], 'https://a.example']) {
          const res = await api('PUT', `/api/admin/servers/${enc}/secrets/X-Api-Key/allowed-origins`, AUTH, { allowedOrigins: bad });
          expect(res.status, JSON.stringify(bad)).toBe(422);
          expect(res.headers.get('content-type')).toContain('application/problem+json');
        }
        expect((await api('PUT', `/api/me/servers/${enc}/secrets/X-Api-Key`, bob.headers, { kind: 'header', value: 'B', allowedOrigins: [moved] })).status).toBeGreaterThanOrEqual(400);
        expect((await api('PUT', `/api/admin/servers/${enc}/secrets/nothing/allowed-origins`, AUTH, {})).status).toBe(404);

        // An administrator's approval of the new origin (here: the one the remote has now) lets it go there.
        const reapproved = await api('PUT', `/api/admin/servers/${enc}/secrets/X-Api-Key/allowed-origins`, AUTH, {});
        expect(reapproved.status).toBe(200);
        expect(await reapproved.json()).toMatchObject({ allowedOrigins: [moved] });
        expect(await call()).toEqual(['echo: moving']);
        expect(listener.requests.length).toBeGreaterThan(0);
        expect(listener.requests.every((r) => r.headers['x-api-key'] === 'ROTATED-MOVING-KEY')).toBe(true);
        const change = await t.store.db.selectFrom('access_changes').selectAll().where('target', '=', `${name}#*#X-Api-Key`).orderBy('id', 'desc').executeTakeFirstOrThrow();
        expect(JSON.parse(change.new_value!)).toEqual({ allowedOrigins: [moved] });
      } finally {
        await listener.close();
      }
    });

    it('binds shared secrets stored before approvals existed at the next start, to where their server points then', async () => {
      const listener = await startStatelessServer();
      let again: Awaited<ReturnType<typeof createToolshed>> | undefined;
      try {
        const name = 'io.example/legacy-bound';
        const enc = encodeURIComponent(name);
        await t.catalog.importDocument(serverDoc(name, [{ type: 'streamable-http', url: `${stateless.url}?legacy=1` }]) as never);
        expect((await api('PUT', `/api/admin/servers/${enc}/secrets/X-Api-Key`, AUTH, { kind: 'header', value: 'LEGACY-KEY' })).status).toBe(201);
        // As migration 010 leaves a row written before it.
        await t.store.db.updateTable('upstream_secrets').set({ allowed_origins: null }).where('server', '=', name).execute();
        again = await createToolshed(t.config);
        const row = await t.store.db.selectFrom('upstream_secrets').selectAll().where('server', '=', name).executeTakeFirstOrThrow();
        expect(JSON.parse(row.allowed_origins!)).toEqual([new URL(stateless.url).origin]);
        t.contextCache.clear();
        // Bound: the publisher's next version does not take it along.
        await t.catalog.importDocument({ ...serverDoc(name, [{ type: 'streamable-http', url: listener.url }]), version: '1.0.1' } as never);
        const created = await api('POST', '/api/me/connections', bob.headers, { server: name, label: 'legacy' });
        expect(created.status).toBe(422);
        expect((await created.json()).detail).toMatch(/Ask an administrator to re-approve/);
        expect(listener.requests).toEqual([]);
      } finally {
        await again?.close();
        await listener.close();
      }
    });

    it('sends identity headers the upstream verifies with the documented check', async () => {
      const { connection } = await connect(alice, 'io.example/identity');
      const c = await client(connection.url, alice.headers);
      const who = JSON.parse(texts(await c.callTool({ name: 'whoami', arguments: {} }))[0]!) as { user: string; groups: string[] };
      await c.close();
      expect(who).toEqual({ user: alice.user.id, groups: ['eng', 'ops team'] });
      const refusedBefore = identity.refused;
      const forged = await fetch(identity.url, {
        method: 'POST',
        headers: {
          ...JSON_HEADERS,
          'x-toolshed-user': 'admin',
          'x-toolshed-groups': '',
          'x-toolshed-timestamp': String(Math.floor(Date.now() / 1000)),
          'x-toolshed-signature': `v1=${'0'.repeat(64)}`,
        },
        body: PING,
      });
      expect(forged.status).toBe(401);
      expect(identity.refused).toBe(refusedBefore + 1);
    });

    it('relays the legacy SSE transport through a connection', async () => {
      const { connection } = await connect(alice, 'io.example/both');
      const c = new Client({ name: 'connections-test', version: '1.0.0' });
      await c.connect(new SSEClientTransport(new URL(connection.sseUrl!), { requestInit: { headers: alice.headers } }));
      expect(texts(await c.callTool({ name: 'echo', arguments: { text: 'old' } }))).toEqual(['echo: old']);
      await c.close();
      const endpointPosts = legacy.requests.filter((r) => r.method === 'POST');
      expect(endpointPosts.length).toBeGreaterThan(0);
    });

    it('lists the caller’s connected servers with remotes pointing at their own connection URLs', async () => {
      const res = await api('GET', '/api/me/servers', bob.headers);
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        servers: Array<{ server: { name: string; remotes: Array<{ type: string; url: string }> }; _meta: Record<string, { id: string }> }>;
        metadata: { count: number };
      };
      const mine = (await (await api('GET', '/api/me/connections', bob.headers)).json()) as { connections: Array<{ id: string; url: string }> };
      expect(body.metadata.count).toBe(mine.connections.length);
      for (const item of body.servers) {
        const id = item._meta['io.toolshed/connection']!.id;
        expect(item.server.remotes).toEqual([{ type: 'streamable-http', url: `${base}/mcp/${id}` }]);
        expect(JSON.stringify(item)).not.toContain('127.0.0.1:' + new URL(stateless.url).port);
      }
      expect(body.servers.map((s) => s.server.name)).toContain('io.example/keyed');
      // The official API is unchanged.
      const official = await (await fetch(`${base}/v0.1/servers/${encodeURIComponent('io.example/keyed')}/versions/latest`)).json();
      expect(official.server.remotes[0].url).toContain('{tenant}');
    });
  });
});
