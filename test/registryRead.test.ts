/**
 * The read API exactly as the official registry serves it, on every database:
 * list ordering and cursors, limit bounds, name search, version filters,
 * updated_since and include_deleted rules, the detail and versions endpoints with
 * URL-encoded names, and Toolshed's ranked search and filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { serverDoc } from './support/serverDocs.js';

const enc = encodeURIComponent;
const OFFICIAL = 'io.modelcontextprotocol.registry/official';

describe.each(DATABASES)('registry reads on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    const get = (url: string) => t.app.inject({ url });
    const publish = async (doc: unknown) => {
      const res = await t.app.inject({ method: 'POST', url: '/v0/publish', headers: AUTH, payload: doc as object });
      expect(res.statusCode, res.body).toBe(200);
    };

    beforeAll(async () => {
      t = await testToolshed(kind);
      // Versions chosen so byte order differs from semver order (10.0.0 < 2.0.0 < 9.0.0).
      for (const v of ['2.0.0', '10.0.0', '9.0.0']) await publish(serverDoc('io.github.acme/weather', v));
      await publish(serverDoc('io.github.acme/Zeta', '1.0.0'));
      await publish(serverDoc('com.example/alpha', '1.0.0', { title: 'Alpha Tools', description: 'Query PostgreSQL databases' }));
      await publish(serverDoc('com.example/beta_1', '1.0.0+build.5', { description: 'Create GitHub pull requests' }));
      await publish(
        serverDoc('com.example/pkg', '1.0.0', {
          description: 'Packaged server',
          packages: [{ registryType: 'npm', identifier: '@acme/pkg', version: '1.0.0', transport: { type: 'stdio' } }],
        }),
      );
      await publish(
        serverDoc('com.example/remote-sse', '1.0.0', {
          description: 'Remote SSE server',
          remotes: [{ type: 'sse', url: 'https://sse.example.com/sse' }],
        }),
      );
      await publish(serverDoc('com.example/gone', '1.0.0'));
      const del = await t.app.inject({
        method: 'PATCH',
        url: `/v0.1/servers/${enc('com.example/gone')}/versions/1.0.0/status`,
        headers: AUTH,
        payload: { status: 'deleted' },
      });
      expect(del.statusCode).toBe(200);
    });
    afterAll(async () => {
      await t?.destroy();
    });

    const names = (body: any) => body.servers.map((s: any) => `${s.server.name}@${s.server.version}`);

    it('lists one item per version in byte order of (name, version), without deleted ones', async () => {
      const res = await get('/v0.1/servers');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json(; charset=utf-8)?$/);
      const body = res.json();
      expect(names(body)).toEqual([
        'com.example/alpha@1.0.0',
        'com.example/beta_1@1.0.0+build.5',
        'com.example/pkg@1.0.0',
        'com.example/remote-sse@1.0.0',
        'io.github.acme/Zeta@1.0.0',
        'io.github.acme/weather@10.0.0',
        'io.github.acme/weather@2.0.0',
        'io.github.acme/weather@9.0.0',
      ]);
      expect(body.metadata).toEqual({ count: 8 });
      for (const item of body.servers) {
        expect(Object.keys(item)).toEqual(['server', '_meta']);
        expect(Object.keys(item._meta[OFFICIAL])).toEqual(['status', 'statusChangedAt', 'publishedAt', 'updatedAt', 'isLatest']);
      }
    });

    it('pages with name:version cursors and returns a cursor whenever the page is full', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const body = (await get(`/v0.1/servers?limit=3${cursor ? `&cursor=${enc(cursor)}` : ''}`)).json();
        seen.push(...names(body));
        expect(body.metadata.count).toBe(body.servers.length);
        cursor = body.metadata.nextCursor;
        if (body.servers.length === 3) expect(cursor).toBe(`${body.servers[2].server.name}:${body.servers[2].server.version}`);
        else expect(cursor).toBeUndefined();
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(names((await get('/v0.1/servers')).json()));
      // a full last page still yields a cursor, and the page after it is empty
      const three = (await get('/v0.1/servers?limit=3&cursor=io.github.acme%2FZeta')).json();
      expect(three.metadata.nextCursor).toBe('io.github.acme/weather:9.0.0');
      const empty = (await get(`/v0.1/servers?limit=3&cursor=${enc(three.metadata.nextCursor)}`)).json();
      expect(empty).toEqual({ servers: [], metadata: { count: 0 } });
    });

    it('applies the official limit bounds with 422', async () => {
      for (const bad of ['0', '-1', '101', '1000', 'abc', '1.5']) {
        const res = await get(`/v0.1/servers?limit=${bad}`);
        expect(res.statusCode, bad).toBe(422);
        expect(res.json().detail).toBe('validation failed');
        expect(res.json().errors[0].location).toBe('query.limit');
      }
      expect((await get('/v0.1/servers?limit=1000')).json().errors[0].message).toBe('expected number <= 100');
      expect((await get('/v0.1/servers?limit=100')).statusCode).toBe(200);
    });

    it('searches names by case-insensitive substring, treating % and _ literally', async () => {
      expect(names((await get('/v0.1/servers?search=WEATHER&version=latest')).json())).toEqual(['io.github.acme/weather@10.0.0']);
      expect(names((await get('/v0.1/servers?search=beta_')).json())).toEqual(['com.example/beta_1@1.0.0+build.5']);
      expect((await get('/v0.1/servers?search=%25')).json().servers).toEqual([]);
      expect((await get('/v0.1/servers?search=')).json().servers.length).toBe(8);
      expect((await get(`/v0.1/servers?search=${enc('测试')}`)).statusCode).toBe(200);
    });

    it('filters by exact version and by latest', async () => {
      expect(names((await get('/v0.1/servers?version=9.0.0')).json())).toEqual(['io.github.acme/weather@9.0.0']);
      const latest = (await get('/v0.1/servers?version=latest')).json();
      expect(names(latest)).toContain('io.github.acme/weather@10.0.0');
      expect(latest.servers.every((s: any) => s._meta[OFFICIAL].isLatest)).toBe(true);
    });

    it('applies the include_deleted and updated_since rules', async () => {
      expect(names((await get('/v0.1/servers?include_deleted=true')).json())).toContain('com.example/gone@1.0.0');
      expect(names((await get('/v0.1/servers?include_deleted=false')).json())).not.toContain('com.example/gone@1.0.0');
      const sync = (await get('/v0.1/servers?updated_since=2020-01-01T00:00:00Z')).json();
      expect(names(sync)).toContain('com.example/gone@1.0.0');
      const conflict = await get('/v0.1/servers?updated_since=2020-01-01T00:00:00Z&include_deleted=false');
      expect(conflict.statusCode).toBe(400);
      expect(conflict.json().detail).toBe('Cannot set include_deleted=false when using updated_since (incremental sync requires deleted servers)');
      const invalid = await get('/v0.1/servers?updated_since=yesterday');
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json().detail).toBe('Invalid updated_since format: expected RFC3339 timestamp (e.g., 2025-08-07T13:15:04.280Z)');
      expect((await get('/v0.1/servers?updated_since=2030-01-01T00:00:00Z')).json().servers).toEqual([]);
      expect((await get('/v0.1/servers?updated_since=1990-01-01T00:00:00.123456789%2B02:00')).statusCode).toBe(200);
      expect((await get('/v0.1/servers?include_deleted=maybe')).statusCode).toBe(422);
    });

    it('updated_since is strict: the newest row is not returned for its own timestamp', async () => {
      const all = (await get('/v0.1/servers?updated_since=2020-01-01T00:00:00Z&limit=100')).json();
      // Fractions are trimmed of trailing zeros, so compare them padded.
      const sortable = (ts: string) => ts.replace(/(?:\.(\d+))?Z$/, (_m, f = '') => `.${f.padEnd(9, '0')}Z`);
      const newest = all.servers
        .map((s: any) => s._meta[OFFICIAL].updatedAt as string)
        .sort((a: string, b: string) => (sortable(a) < sortable(b) ? -1 : 1))
        .at(-1);
      const after = (await get(`/v0.1/servers?updated_since=${enc(newest)}`)).json();
      expect(after.servers).toEqual([]);
    });

    it('reads one version by URL-encoded name and version, and latest', async () => {
      const res = await get(`/v0.1/servers/${enc('com.example/beta_1')}/versions/${enc('1.0.0+build.5')}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().server.version).toBe('1.0.0+build.5');
      const latest = (await get(`/v0.1/servers/${enc('io.github.acme/weather')}/versions/latest`)).json();
      expect(latest.server.version).toBe('10.0.0');
      const missing = await get(`/v0.1/servers/${enc('io.github.acme/nothing')}/versions/latest`);
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toEqual({ title: 'Not Found', status: 404, detail: 'Server not found', code: 'CATALOG_SERVER_NOT_FOUND' });
      // an unencoded slash is another path, which the catch-all answers
      const raw = await get('/v0.1/servers/io.github.acme/weather/versions/latest');
      expect(raw.statusCode).toBe(404);
      expect(raw.json().detail).toBe('Endpoint not found. See /docs for the API documentation.');
      const badEncoding = await get('/v0.1/servers/io.github.acme%252/versions/1.0.0');
      expect(badEncoding.statusCode).toBe(400);
      expect(badEncoding.json().detail).toBe('Invalid server name encoding');
    });

    it('lists every version of a server, newest publication first', async () => {
      const body = (await get(`/v0.1/servers/${enc('io.github.acme/weather')}/versions`)).json();
      expect(names(body)).toEqual(['io.github.acme/weather@9.0.0', 'io.github.acme/weather@10.0.0', 'io.github.acme/weather@2.0.0']);
      expect(body.metadata).toEqual({ count: 3 });
      expect((await get(`/v0.1/servers/${enc('com.example/gone')}/versions`)).statusCode).toBe(404);
      expect((await get(`/v0.1/servers/${enc('com.example/gone')}/versions?include_deleted=true`)).statusCode).toBe(200);
    });

    it('ranks full-text matches over name, title and description (q)', async () => {
      const pr = (await get('/v0.1/servers?q=pull%20request')).json();
      expect(names(pr)).toEqual(['com.example/beta_1@1.0.0+build.5']);
      const prefix = (await get('/v0.1/servers?q=postgre')).json();
      expect(names(prefix)).toEqual(['com.example/alpha@1.0.0']);
      const title = (await get('/v0.1/servers?q=alpha')).json();
      expect(names(title)[0]).toBe('com.example/alpha@1.0.0');
      const weather = (await get('/v0.1/servers?q=weather&limit=2')).json();
      expect(weather.servers).toHaveLength(2);
      expect(weather.metadata.nextCursor).toBe('2');
      const rest = (await get(`/v0.1/servers?q=weather&limit=2&cursor=${weather.metadata.nextCursor}`)).json();
      expect(rest.servers).toHaveLength(1);
      expect(new Set([...names(weather), ...names(rest)]).size).toBe(3);
      expect((await get('/v0.1/servers?q=weather&cursor=io.github.x:1')).statusCode).toBe(400);
      // query syntax is not interpreted
      expect((await get(`/v0.1/servers?q=${enc('NEAR( "x" * OR')}`)).statusCode).toBe(200);
    });

    it('filters by package registry type, remote transport and status', async () => {
      expect(names((await get('/v0.1/servers?registry_type=npm')).json())).toEqual(['com.example/pkg@1.0.0']);
      expect(names((await get('/v0.1/servers?registry_type=oci,npm')).json())).toEqual(['com.example/pkg@1.0.0']);
      expect(names((await get('/v0.1/servers?remote_transport=sse')).json())).toEqual(['com.example/remote-sse@1.0.0']);
      expect(names((await get('/v0.1/servers?status=deleted')).json())).toEqual(['com.example/gone@1.0.0']);
      const bad = await get('/v0.1/servers?status=archived');
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors[0].location).toBe('query.status');
    });

    it('serves /health, /ping and /version under both prefixes', async () => {
      for (const p of ['/v0', '/v0.1']) {
        expect((await get(`${p}/health`)).json()).toEqual({ status: 'ok' });
        expect((await get(`${p}/ping`)).json()).toEqual({ pong: true });
        expect(Object.keys((await get(`${p}/version`)).json())).toEqual(['version', 'git_commit', 'build_time']);
      }
    });
  });
});
