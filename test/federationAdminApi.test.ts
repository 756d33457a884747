/**
 * The federation admin API (/api/admin/sources and /api/admin/curations), on every
 * database: every /api/admin route, taken from the served OpenAPI document so a
 * new one cannot be left out, answers 401 without a token and 403 to a publisher's
 * registry token; request validation; a source's create/read/update/delete round
 * trip that never shows its auth header; a sync on demand against a second
 * Toolshed (its result, 409 while one runs, 502 when the upstream fails);
 * rejections paged; and curation set, shown in `GET /v0.1/servers`, kept across a
 * re-sync, and removed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { serverDoc } from './support/serverDocs.js';
import { listPage, stubUpstream, type StubUpstream } from './support/stubUpstream.js';

const enc = encodeURIComponent;
const PROVENANCE = 'io.toolshed/provenance';
const SECRET = 'Bearer upstream-secret-7f3a9c';
const FEDERATION_OPERATIONS = [
  'get /api/admin/sources',
  'post /api/admin/sources',
  'get /api/admin/sources/{name}',
  'patch /api/admin/sources/{name}',
  'delete /api/admin/sources/{name}',
  'post /api/admin/sources/{name}/sync',
  'get /api/admin/sources/{name}/rejections',
  'get /api/admin/curations',
  'get /api/admin/curations/{source}/{name}',
  'put /api/admin/curations/{source}/{name}',
  'delete /api/admin/curations/{source}/{name}',
];

describe.each(DATABASES)('federation admin API on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let upstream: TestToolshed;
    let upstreamUrl: string;
    let t: TestToolshed;
    let publisher: Record<string, string>;

    const api = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers = AUTH) =>
      t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    /** The access change log's rows about one target, oldest first. */
    const changesOf = async (targetKind: string, target: string) =>
      (await t.store.db.selectFrom('access_changes').selectAll().where('target_kind', '=', targetKind).where('target', '=', target).orderBy('id').execute()).map((r) => ({
        actor: r.actor,
        action: r.action,
        old: r.old_value === null ? null : JSON.parse(r.old_value),
        new: r.new_value === null ? null : JSON.parse(r.new_value),
        raw: `${r.old_value} ${r.new_value}`,
      }));
    const listed = async (query = '') => (await t.app.inject({ url: `/v0.1/servers${query}` })).json().servers as any[];

    beforeAll(async () => {
      upstream = await testToolshed(kind);
      for (const [name, version] of [
        ['com.example/alpha', '1.0.0'],
        ['com.example/alpha', '1.1.0'],
        ['com.example/beta', '2.0.0'],
        ['org.other/gamma', '0.1.0'],
      ] as const) {
        const res = await upstream.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: serverDoc(name, version) });
        expect(res.statusCode).toBe(200);
      }
      upstreamUrl = await upstream.app.listen({ host: '127.0.0.1', port: 0 });
      t = await testToolshed(kind, { outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true, anonymousAuth: true });
      const token = await t.app.inject({ method: 'POST', url: '/v0/auth/none' });
      expect(token.statusCode).toBe(200);
      publisher = { authorization: `Bearer ${token.json().registry_token}` };
    });
    afterAll(async () => {
      await t?.destroy();
      await upstream?.destroy();
    });

    describe('the admin rule', () => {
      const adminRoutes = () => {
        const paths = (t.app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths;
        return Object.entries(paths)
          .filter(([path]) => path.startsWith('/api/admin/'))
          .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method, path })));
      };
      const concrete = (path: string) => path.replace('{name}', 'some-name').replace('{source}', 'some-source');

      it('the served document lists every federation route', () => {
        const listedOps = adminRoutes().map((r) => `${r.method} ${r.path}`);
        expect(listedOps).toEqual(expect.arrayContaining(FEDERATION_OPERATIONS));
      });

      it('every /api/admin route answers 401 without a token and 403 to a non-admin token', async () => {
        const routes = adminRoutes();
        expect(routes.length).toBeGreaterThanOrEqual(FEDERATION_OPERATIONS.length + 1);
        for (const { method, path } of routes) {
          const request = { method: method.toUpperCase() as 'GET', url: concrete(path), ...(method === 'get' || method === 'delete' ? {} : { payload: {} }) };
          const anonymous = await t.app.inject(request);
          expect(anonymous.statusCode, `${method} ${path} without a token`).toBe(401);
          expect(anonymous.headers['content-type']).toContain('application/problem+json');
          const refused = await t.app.inject({ ...request, headers: publisher });
          expect(refused.statusCode, `${method} ${path} with a publisher token`).toBe(403);
          expect(refused.json().detail).toMatch(/^This needs the permission "[a-z.]+"/);
        }
      });
    });

    describe('validation', () => {
      it.each([
        ['a name with capitals', { name: 'Bad_Name', baseUrl: 'https://registry.example.com' }, 'body.name'],
        ['no baseUrl', { name: 'nourl' }, 'body'],
        ['a non-http URL', { name: 'ftp', baseUrl: 'ftp://registry.example.com' }, 'body.baseUrl'],
        ['a negative interval', { name: 'neg', baseUrl: 'https://r.example.com', intervalSeconds: -1 }, 'body.intervalSeconds'],
        ['an unknown filter key', { name: 'flt', baseUrl: 'https://r.example.com', filter: { owners: ['x'] } }, 'body.filter'],
        ['an unknown status in the filter', { name: 'st', baseUrl: 'https://r.example.com', filter: { statuses: ['gone'] } }, 'body.filter.statuses.0'],
        ['an unknown property', { name: 'extra', baseUrl: 'https://r.example.com', color: 'red' }, 'body'],
      ])('refuses a source with %s (422, naming the field)', async (_label, body, location) => {
        const res = await api('POST', '/api/admin/sources', body);
        expect(res.statusCode).toBe(422);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json().errors.map((e: { location: string }) => e.location)).toContain(location);
      });

      it('refuses an empty change, a bad cursor, a bad curation and a bad source name in the path', async () => {
        await api('POST', '/api/admin/sources', { name: 'valid-one', baseUrl: 'https://r.example.com' });
        expect((await api('PATCH', '/api/admin/sources/valid-one', {})).statusCode).toBe(422);
        expect((await api('GET', '/api/admin/sources/valid-one/rejections?cursor=abc')).statusCode).toBe(400);
        expect((await api('GET', '/api/admin/sources/valid-one/rejections?limit=0')).statusCode).toBe(422);
        const curation = await api('PUT', `/api/admin/curations/valid-one/${enc('com.example/x')}`, { decision: 'maybe' });
        expect(curation.statusCode).toBe(422);
        expect(curation.json().errors[0].location).toBe('body.decision');
        expect((await api('GET', '/api/admin/sources/Not_A_Name')).statusCode).toBe(422);
        expect((await api('DELETE', '/api/admin/sources/valid-one')).statusCode).toBe(204);
      });
    });

    it('creates, reads, changes and removes a source, never showing its auth header', async () => {
      const created = await api('POST', '/api/admin/sources', {
        name: 'crud',
        baseUrl: 'https://registry.example.com',
        authHeader: SECRET,
        intervalSeconds: 600,
        precedence: 7,
        filter: { namespaces: ['com.example'] },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({
        name: 'crud',
        baseUrl: 'https://registry.example.com',
        hasAuthHeader: true,
        intervalSeconds: 600,
        precedence: 7,
        enabled: true,
        filter: { namespaces: ['com.example'] },
        lastSuccessAt: null,
      });
      expect((await api('POST', '/api/admin/sources', { name: 'crud', baseUrl: 'https://other.example.com' })).statusCode).toBe(409);

      const one = await api('GET', '/api/admin/sources/crud');
      const all = await api('GET', '/api/admin/sources');
      expect(one.json()).toEqual(created.json());
      expect(all.json().sources.map((s: { name: string }) => s.name)).toContain('crud');

      const changed = await api('PATCH', '/api/admin/sources/crud', { precedence: 3, enabled: false, authHeader: null });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ precedence: 3, enabled: false, hasAuthHeader: false, intervalSeconds: 600 });
      const rekeyed = await api('PATCH', '/api/admin/sources/crud', { authHeader: SECRET });
      expect(rekeyed.json().hasAuthHeader).toBe(true);

      for (const res of [created, one, all, changed, rekeyed]) {
        expect(res.body).not.toContain('upstream-secret');
        expect(res.headers['cache-control']).toBe('no-store');
      }

      expect((await api('DELETE', '/api/admin/sources/crud')).statusCode).toBe(204);
      const gone = await api('GET', '/api/admin/sources/crud');
      expect(gone.statusCode).toBe(404);
      expect(gone.headers['content-type']).toContain('application/problem+json');
      expect((await api('DELETE', '/api/admin/sources/crud')).statusCode).toBe(404);
      expect((await api('PATCH', '/api/admin/sources/crud', { precedence: 1 })).statusCode).toBe(404);
      expect((await api('POST', '/api/admin/sources/crud/sync')).statusCode).toBe(404);

      // Every change is in the access change log with who made it, never with the secret.
      const log = await changesOf('source', 'crud');
      expect(log.map((c) => c.action)).toEqual(['create', 'update', 'update', 'delete']);
      expect(log.every((c) => c.actor === 'admin')).toBe(true);
      expect(log[0]!.new).toMatchObject({ baseUrl: 'https://registry.example.com', authHeader: '(set)', precedence: 7 });
      expect(log[1]!.old).toMatchObject({ precedence: 7, enabled: true, authHeader: '(set)' });
      expect(log[1]!.new).toMatchObject({ precedence: 3, enabled: false, authHeader: null });
      expect(log[2]!.new.authHeader).toBe('(set)');
      expect(log[3]!.new).toBeNull();
      for (const c of log) expect(c.raw).not.toContain('upstream-secret');
    });

    describe('against a second Toolshed', () => {
      beforeAll(async () => {
        const res = await api('POST', '/api/admin/sources', { name: 'up', baseUrl: upstreamUrl });
        expect(res.statusCode).toBe(201);
      });

      it('syncs on demand and answers the run; the mirror shows in the list API with provenance', async () => {
        const res = await api('POST', '/api/admin/sources/up/sync');
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ source: 'up', mode: 'initial', fetched: 4, stored: 4, rejected: 0 });
        const servers = await listed('?source=up');
        expect(servers.map((s) => `${s.server.name}@${s.server.version}`).sort()).toEqual(['com.example/alpha@1.0.0', 'com.example/alpha@1.1.0', 'com.example/beta@2.0.0', 'org.other/gamma@0.1.0']);
        expect(servers[0]._meta[PROVENANCE]).toMatchObject({ origin: 'mirror', source: 'up' });
        const status = (await api('GET', '/api/admin/sources/up')).json();
        expect(status.lastSuccessAt).not.toBeNull();
        expect(status.counts.mirrored).toBe(4);
      });

      it('keeps curation apart from the upstream document: shown in _meta, kept across a re-sync, removable', async () => {
        const alpha = `/api/admin/curations/up/${enc('com.example/alpha')}`;
        const put = await api('PUT', alpha, { trust: 'verified', tags: ['database'], notes: 'checked by sec', pinnedVersion: '1.0.0' });
        expect(put.statusCode).toBe(200);
        expect(put.json()).toMatchObject({
          source: 'up',
          name: 'com.example/alpha',
          trust: 'verified',
          tags: ['database'],
          notes: 'checked by sec',
          pinnedVersion: '1.0.0',
          decision: null,
          hiddenVersions: [],
          updatedBy: 'admin',
        });
        expect((await api('GET', alpha)).json()).toEqual(put.json());
        const deny = await api('PUT', `/api/admin/curations/up/${enc('org.other/gamma')}`, { decision: 'deny' });
        expect(deny.statusCode).toBe(200);

        const check = async () => {
          const servers = await listed('?source=up');
          const alpha100 = servers.find((s) => s.server.name === 'com.example/alpha' && s.server.version === '1.0.0');
          expect(alpha100._meta[PROVENANCE]).toMatchObject({ trust: 'verified', tags: ['database'], notes: 'checked by sec', pinnedVersion: '1.0.0' });
          expect(alpha100._meta['io.modelcontextprotocol.registry/official'].isLatest).toBe(true);
          expect(servers.map((s) => s.server.name)).not.toContain('org.other/gamma');
        };
        await check();
        const resync = await api('POST', '/api/admin/sources/up/sync');
        expect(resync.statusCode).toBe(200);
        expect(resync.json().changed).toBe(0);
        await check();

        const list = (await api('GET', '/api/admin/curations?source=up')).json().curations;
        expect(list.map((c: { name: string }) => c.name).sort()).toEqual(['com.example/alpha', 'org.other/gamma']);

        expect((await api('DELETE', alpha)).statusCode).toBe(204);
        expect((await api('GET', alpha)).statusCode).toBe(404);
        expect((await api('DELETE', alpha)).statusCode).toBe(404);
        const after = (await listed('?source=up')).find((s) => s.server.name === 'com.example/alpha');
        expect(after._meta[PROVENANCE].trust).toBeUndefined();

        const log = await changesOf('curation', 'up/com.example/alpha');
        expect(log.map((c) => [c.actor, c.action])).toEqual([
          ['admin', 'create'],
          ['admin', 'delete'],
        ]);
        expect(log[0]!.new).toMatchObject({ trust: 'verified', pinnedVersion: '1.0.0' });
        expect(log[1]!.old).toMatchObject({ trust: 'verified' });
      });
    });

    describe('against a stub upstream', () => {
      let stub: StubUpstream;
      let release: (() => void) | undefined;
      let arrived: (() => void) | undefined;
      let mode: 'garbage' | 'hold' | 'fail' = 'garbage';
      beforeAll(async () => {
        stub = await stubUpstream((_req, res) => {
          if (mode === 'fail') {
            res.writeHead(404, { 'content-type': 'application/json' }).end('{"title":"Not Found","status":404,"detail":"gone"}');
            return;
          }
          const send = () => {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(
              listPage([
                serverDoc('com.stub/ok', '1.0.0'),
                { name: 'com.stub/no-version' },
                { name: 'not a valid name', version: '1.0.0', description: 'x' },
                { name: 'com.stub/bad-version', version: 42, description: 'x' },
              ]),
            );
          };
          if (mode === 'hold') {
            release = send;
            arrived?.();
          } else send();
        });
        expect((await api('POST', '/api/admin/sources', { name: 'stub', baseUrl: stub.url })).statusCode).toBe(201);
      });
      afterAll(async () => {
        release?.();
        await stub?.close();
      });

      it('records refused upstream documents and pages through them', async () => {
        const run = await api('POST', '/api/admin/sources/stub/sync');
        expect(run.statusCode).toBe(200);
        expect(run.json()).toMatchObject({ stored: 1, rejected: 3 });
        const first = await api('GET', '/api/admin/sources/stub/rejections?limit=2');
        expect(first.statusCode).toBe(200);
        expect(first.json().metadata).toMatchObject({ count: 2, nextCursor: expect.any(String) });
        const second = await api('GET', `/api/admin/sources/stub/rejections?limit=2&cursor=${first.json().metadata.nextCursor}`);
        const all = [...first.json().rejections, ...second.json().rejections];
        expect(all).toHaveLength(3);
        expect(new Set(all.map((r: { id: number }) => r.id)).size).toBe(3);
        for (const r of all) expect(r).toMatchObject({ source: 'stub', reason: expect.any(String), at: expect.any(String) });
      });

      it('answers 409 while a sync of the source runs', async () => {
        mode = 'hold';
        const waiting = new Promise<void>((resolve) => (arrived = resolve));
        const first = api('POST', '/api/admin/sources/stub/sync');
        await waiting;
        const second = await api('POST', '/api/admin/sources/stub/sync');
        expect(second.statusCode).toBe(409);
        expect(second.headers['content-type']).toContain('application/problem+json');
        mode = 'garbage';
        release!();
        release = undefined;
        expect((await first).statusCode).toBe(200);
      });

      it('answers 502 with the recorded error when the upstream fails the sync', async () => {
        mode = 'fail';
        const res = await api('POST', '/api/admin/sources/stub/sync');
        mode = 'garbage';
        expect(res.statusCode).toBe(502);
        expect(res.json().detail).toMatch(/^The sync of stub failed: /);
        const status = (await api('GET', '/api/admin/sources/stub')).json();
        expect(status.lastError).not.toBeNull();
        expect(res.json().detail).toContain(status.lastError);
      });
    });
  });
});
