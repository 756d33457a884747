/**
 * HTTP caching of the read API: a strong ETag on every GET, 304 for a matching
 * If-None-Match, the configured Cache-Control, and invalidation that drops exactly
 * what a write changed (every listing, and the changed server's own responses;
 * other servers' detail responses stay cached).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { serverDoc } from './support/serverDocs.js';

const enc = encodeURIComponent;

describe.each(DATABASES)('caching on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    const publish = (name: string, version: string) => t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: serverDoc(name, version) });

    beforeAll(async () => {
      t = await testToolshed(kind, { cacheMaxAge: 45 });
      await publish('com.example/aaa', '1.0.0');
      await publish('com.example/bbb', '1.0.0');
    });
    afterAll(async () => {
      await t?.destroy();
    });

    it('sends a strong ETag and Cache-Control, and 304 for a matching If-None-Match', async () => {
      for (const url of ['/v0.1/servers', `/v0.1/servers/${enc('com.example/aaa')}/versions`, `/v0.1/servers/${enc('com.example/aaa')}/versions/latest`]) {
        const first = await t.app.inject({ url });
        expect(first.statusCode).toBe(200);
        const etag = first.headers.etag as string;
        expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
        expect(first.headers['cache-control']).toBe('public, max-age=45');
        const again = await t.app.inject({ url, headers: { 'if-none-match': etag } });
        expect(again.statusCode).toBe(304);
        expect(again.body).toBe('');
        expect(again.headers.etag).toBe(etag);
        expect((await t.app.inject({ url, headers: { 'if-none-match': `"other", W/${etag}` } })).statusCode).toBe(304);
        expect((await t.app.inject({ url, headers: { 'if-none-match': '"stale"' } })).statusCode).toBe(200);
      }
    });

    it('gives different queries different ETags', async () => {
      const a = await t.app.inject({ url: '/v0.1/servers?limit=1' });
      const b = await t.app.inject({ url: '/v0.1/servers?limit=2' });
      expect(a.headers.etag).not.toBe(b.headers.etag);
    });

    it('a write invalidates listings and the written server, and nothing else', async () => {
      const list = await t.app.inject({ url: '/v0.1/servers' });
      const aLatest = await t.app.inject({ url: `/v0.1/servers/${enc('com.example/aaa')}/versions/latest` });
      const bLatest = await t.app.inject({ url: `/v0.1/servers/${enc('com.example/bbb')}/versions/latest` });
      const cachedBefore = t.catalog.cache.size;
      expect(cachedBefore).toBeGreaterThanOrEqual(3);

      expect((await publish('com.example/aaa', '2.0.0')).statusCode).toBe(200);

      const list2 = await t.app.inject({ url: '/v0.1/servers', headers: { 'if-none-match': list.headers.etag as string } });
      expect(list2.statusCode).toBe(200);
      expect(list2.json().servers).toHaveLength(3);
      const a2 = await t.app.inject({ url: `/v0.1/servers/${enc('com.example/aaa')}/versions/latest`, headers: { 'if-none-match': aLatest.headers.etag as string } });
      expect(a2.statusCode).toBe(200);
      expect(a2.json().server.version).toBe('2.0.0');
      // b's cached response survived the write (same body object served from cache)
      const b2 = await t.app.inject({ url: `/v0.1/servers/${enc('com.example/bbb')}/versions/latest`, headers: { 'if-none-match': bLatest.headers.etag as string } });
      expect(b2.statusCode).toBe(304);
    });

    it('a status change invalidates the changed server', async () => {
      const url = `/v0.1/servers/${enc('com.example/bbb')}/versions/1.0.0`;
      const before = await t.app.inject({ url });
      const patch = await t.app.inject({ method: 'PATCH', url: `${url}/status`, headers: AUTH, payload: { status: 'deprecated' } });
      expect(patch.statusCode).toBe(200);
      const after = await t.app.inject({ url, headers: { 'if-none-match': before.headers.etag as string } });
      expect(after.statusCode).toBe(200);
      expect(after.json()._meta['io.modelcontextprotocol.registry/official'].status).toBe('deprecated');
    });

    it('does not cache error responses or writes', async () => {
      const missing = await t.app.inject({ url: `/v0.1/servers/${enc('com.example/none')}/versions/latest` });
      expect(missing.statusCode).toBe(404);
      expect(missing.headers.etag).toBeUndefined();
      expect(missing.headers['cache-control']).toBe('no-store');
      expect((await publish('com.example/none', '1.0.0')).statusCode).toBe(200);
      expect((await t.app.inject({ url: `/v0.1/servers/${enc('com.example/none')}/versions/latest` })).statusCode).toBe(200);
    });

    it('keeps lookups apart whose name and version run together alike', async () => {
      // 'com.example/ab' + '1.0.0' and 'com.example/a' + 'b1.0.0' spell the same text; each must get its own answer.
      expect((await publish('com.example/ab', '1.0.0')).statusCode).toBe(200);
      const found = await t.app.inject({ url: `/v0.1/servers/${enc('com.example/ab')}/versions/1.0.0` });
      expect(found.statusCode).toBe(200);
      expect(found.json().server.name).toBe('com.example/ab');
      const other = await t.app.inject({ url: `/v0.1/servers/${enc('com.example/a')}/versions/b1.0.0` });
      expect(other.statusCode).toBe(404);
      // And the other way round, with the first lookup cached.
      expect((await t.app.inject({ url: `/v0.1/servers/${enc('com.example/ab')}/versions/1.0.0` })).json().server.version).toBe('1.0.0');
    });
  });
});
