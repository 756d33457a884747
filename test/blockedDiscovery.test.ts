/**
 * Blocked servers leave people's discovery (issue #21), on both databases: once a
 * moderator blocks a server, or a reviewer sets its trust to `blocked`, anonymous
 * readers (and so federation peers and IDEs reading /v0.1), people and their
 * tokens no longer find it in /v0 and /v0.1 listings (plain, `search`, ranked `q`,
 * `version=latest`, `updated_since`, totals) or reads (versions, one version: 404
 * exactly like a missing server), nor through "my servers", a new connection, or
 * its secrets; the response cache forgets the answers it held at once. Reviewers and
 * moderators still see it, marked `blocked` in `_meta["io.toolshed/governance"]`,
 * and the gateway still answers it with its own refusal (403 GATEWAY_SERVER_BLOCKED).
 * Unblocking (or another trust level) brings it back at once.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../src/access/index.js';
import { reviewScopeOf } from '../src/catalog/index.js';
import { startStatefulServer, type TestUpstream } from './support/mcpUpstreams.js';
import { personWithToken } from './support/people.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';
const GOV = 'io.toolshed/governance';
const BLOCKED = 'io.example/widget-bad';
const OPEN = 'io.example/widget-good';
const enc = encodeURIComponent;

interface Item {
  server: { name: string; version: string };
  _meta?: Record<string, { blocked?: { reason: string }; trust?: string } | undefined>;
}

describe('reviewScopeOf', () => {
  const caller = (permissions: string[]) => ({ permissions: new Set(permissions), registry: { subject: 'someone' } }) as unknown as Caller;
  it('lets reviewers see everything, moderators blocked servers, and nobody else', () => {
    expect(reviewScopeOf(null)).toEqual({ all: false });
    expect(reviewScopeOf(caller(['catalog.read']))).toEqual({ all: false, subject: 'someone' });
    expect(reviewScopeOf(caller(['catalog.read', 'catalog.moderate']))).toEqual({ all: false, subject: 'someone', blocked: true });
    expect(reviewScopeOf(caller(['catalog.read', 'catalog.approve']))).toEqual({ all: true });
  });
});

describe.each(DATABASES)('blocked servers in discovery on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let upstream: TestUpstream;
    let base: string;
    let person: { authorization: string };
    let moderator: { authorization: string };

    beforeAll(async () => {
      upstream = await startStatefulServer();
      t = await testToolshed(kind, { accessDefaultEffect: 'deny', outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true }, { gateway: {} });
      const doc = (name: string, version: string) => ({
        $schema: SCHEMA,
        name,
        description: `Widget server ${name}`,
        version,
        remotes: [{ type: 'streamable-http', url: `${upstream.url}?server=${enc(name)}&v=${version}` }],
      });
      for (const name of [BLOCKED, OPEN]) for (const version of ['1.0.0', '1.1.0']) await t.catalog.importDocument(doc(name, version) as never);
      const rule = { id: 'all', effect: 'allow', subject: { everyone: true }, actions: ['discover', 'connect', 'call'], resource: { server: 'io.example/*' } };
      expect((await t.app.inject({ method: 'POST', url: '/api/admin/access/rules', headers: AUTH, payload: rule })).statusCode).toBe(201);
      person = (await personWithToken(t, 'pat', ['admin'], { roles: ['user'] })).headers;
      moderator = (await personWithToken(t, 'mona', ['admin'], { roles: ['reviewer'] })).headers;
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await t?.destroy();
      await upstream?.close();
    });

    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });
    /** Every name each discovery read shows, for one caller. */
    async function discovered(headers: Record<string, string>): Promise<Record<string, unknown>> {
      const names = async (url: string) => {
        const res = await get(url, headers);
        expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
        return [...new Set((res.json().servers as Item[]).map((i) => i.server.name))].sort();
      };
      const status = async (url: string) => (await get(url, headers)).statusCode;
      return {
        v0: await names('/v0/servers'),
        v01: await names('/v0.1/servers'),
        probe: await names('/v0.1/servers?limit=1'),
        latest: await names('/v0.1/servers?version=latest&limit=100'),
        search: await names('/v0.1/servers?search=widget'),
        ranked: await names('/v0.1/servers?q=widget'),
        since: await names(`/v0.1/servers?updated_since=${enc('2000-01-01T00:00:00Z')}`),
        total: (await get('/v0.1/servers?include_total=true', headers)).json().metadata['io.toolshed/total'],
        versions: await status(`/v0.1/servers/${enc(BLOCKED)}/versions`),
        one: await status(`/v0/servers/${enc(BLOCKED)}/versions/1.0.0`),
        latestOne: await status(`/v0.1/servers/${enc(BLOCKED)}/versions/latest`),
      };
    }
    const everything = {
      v0: [BLOCKED, OPEN],
      v01: [BLOCKED, OPEN],
      probe: [BLOCKED],
      latest: [BLOCKED, OPEN],
      search: [BLOCKED, OPEN],
      ranked: [BLOCKED, OPEN],
      since: [BLOCKED, OPEN],
      total: 4,
      versions: 200,
      one: 200,
      latestOne: 200,
    };
    const withoutBlocked = { v0: [OPEN], v01: [OPEN], probe: [OPEN], latest: [OPEN], search: [OPEN], ranked: [OPEN], since: [OPEN], total: 2, versions: 404, one: 404, latestOne: 404 };

    async function block(reason: string) {
      const url = `/api/servers/${enc(BLOCKED)}/block`;
      const state = await get(url, moderator);
      const res = await t.app.inject({ method: 'POST', url, headers: { ...moderator, 'if-match': state.headers.etag as string }, payload: { reason } });
      expect(res.statusCode, res.body).toBe(200);
    }
    async function unblock() {
      const state = await get(`/api/servers/${enc(BLOCKED)}/block`, moderator);
      const res = await t.app.inject({ method: 'POST', url: `/api/servers/${enc(BLOCKED)}/unblock`, headers: { ...moderator, 'if-match': state.headers.etag as string }, payload: {} });
      expect(res.statusCode, res.body).toBe(200);
    }
    async function setTrust(trust: string) {
      const url = `/api/servers/${enc(BLOCKED)}/governance`;
      const state = await get(url, moderator);
      const res = await t.app.inject({ method: 'PATCH', url, headers: { ...moderator, 'if-match': state.headers.etag as string }, payload: { trust } });
      expect(res.statusCode, res.body).toBe(200);
    }

    it('hides a server a moderator blocks from anonymous readers and people at once, cached answers included, and shows it again when unblocked', async () => {
      // Every read is answered (and cached) before the block.
      expect(await discovered({})).toEqual(everything);
      expect(await discovered(person)).toEqual(everything);
      await block('exfiltrates data');
      expect(await discovered({})).toEqual(withoutBlocked);
      expect(await discovered(person)).toEqual(withoutBlocked);
      // Exactly like a missing server.
      const hidden = await get(`/v0.1/servers/${enc(BLOCKED)}/versions/1.0.0`);
      const missing = await get(`/v0.1/servers/${enc('io.example/nowhere')}/versions/1.0.0`);
      expect({ status: hidden.statusCode, body: hidden.json() }).toEqual({ status: missing.statusCode, body: missing.json() });
      await unblock();
      expect(await discovered({})).toEqual(everything);
    });

    it('shows a blocked server to moderators and reviewers, marked blocked in the governance _meta', async () => {
      await block('phishing');
      for (const headers of [moderator, AUTH]) {
        expect(await discovered(headers)).toEqual(everything);
        const one = (await get(`/v0.1/servers/${enc(BLOCKED)}/versions/latest`, headers)).json() as Item;
        expect(one._meta?.[GOV]?.blocked).toMatchObject({ reason: 'phishing', by: expect.any(String), at: expect.any(String) });
        const listed = (await get('/v0.1/servers?search=widget', headers)).json().servers as Item[];
        expect(listed.find((i) => i.server.name === BLOCKED)?._meta?.[GOV]?.blocked).toMatchObject({ reason: 'phishing' });
        expect(listed.find((i) => i.server.name === OPEN)?._meta?.[GOV]?.blocked).toBeUndefined();
      }
      await unblock();
    });

    it('hides a server whose trust level is blocked, and shows it again under another level', async () => {
      await setTrust('blocked');
      expect(await discovered({})).toEqual(withoutBlocked);
      expect(await discovered(person)).toEqual(withoutBlocked);
      expect(await discovered(moderator)).toEqual(everything);
      await setTrust('community');
      expect(await discovered({})).toEqual(everything);
    });

    it('keeps a blocked server out of my servers, new connections and secrets, while the gateway refuses it with its own answer', async () => {
      const made = await t.app.inject({ method: 'POST', url: '/api/me/connections', headers: person, payload: { server: BLOCKED, label: 'laptop' } });
      expect(made.statusCode, made.body).toBe(201);
      const mine = async () => ((await get('/api/me/servers', person)).json().servers as Item[]).map((i) => i.server.name);
      expect(await mine()).toEqual([BLOCKED]);
      await block('malware');
      expect(await mine()).toEqual([]);
      const refused = await t.app.inject({ method: 'POST', url: '/api/me/connections', headers: person, payload: { server: BLOCKED, label: 'desktop' } });
      const unknown = await t.app.inject({ method: 'POST', url: '/api/me/connections', headers: person, payload: { server: 'io.example/nowhere', label: 'desktop' } });
      expect(refused.statusCode).toBe(404);
      expect(refused.json().code).toBe('GATEWAY_SERVER_NOT_FOUND');
      expect(unknown.statusCode).toBe(404);
      expect((await get(`/api/me/servers/${enc(BLOCKED)}/tools`, person)).statusCode).toBe(404);
      expect((await get(`/api/me/servers/${enc(BLOCKED)}/secrets`, person)).statusCode).toBe(404);
      // The relay still knows the server, and refuses it as blocked rather than as unknown.
      const relay = await fetch(`${base}/gateway/${enc(BLOCKED)}/mcp`, { headers: { ...AUTH, accept: 'text/event-stream' } });
      expect(relay.status).toBe(403);
      expect(((await relay.json()) as { code: string }).code).toBe('GATEWAY_SERVER_BLOCKED');
      await unblock();
      expect(await mine()).toEqual([BLOCKED]);
    });
  });
});
