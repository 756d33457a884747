/**
 * The `sort=updated` list extension: most recently updated first (ties by name and
 * version), paged by its own keyset cursor without gaps or repeats, combined with
 * the filters; a status change moves a version to the front; it refuses `q` (which
 * orders by relevance), a foreign cursor and an unknown sort. On both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverDoc } from './support/serverDocs.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

type Item = { server: { name: string; version: string }; _meta: Record<string, { updatedAt: string }> };
const OFFICIAL = 'io.modelcontextprotocol.registry/official';

describe.each(DATABASES)('sort=updated on %s', (kind) => {
  describe.skipIf(unavailable(kind))(`(${kind})`, () => {
    let t: TestToolshed;
    const page = async (query: string) => {
      const res = await t.app.inject({ url: `/v0.1/servers?${query}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { servers: Item[]; metadata: { nextCursor?: string; count: number } };
    };
    const key = (i: Item) => `${i.server.name}@${i.server.version}`;
    const publish = async (name: string, version: string) => {
      const res = await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: serverDoc(name, version) });
      expect(res.statusCode, res.body).toBe(200);
    };

    beforeAll(async () => {
      t = await testToolshed(kind);
      for (const n of ['d', 'b', 'e', 'a', 'c']) await publish(`com.example/srv-${n}`, '1.0.0');
      await publish('com.example/srv-b', '2.0.0');
    });
    afterAll(async () => {
      await t?.destroy();
    });

    it('lists the most recently updated first, and by name without it', async () => {
      const all = (await page('sort=updated&limit=100')).servers;
      const stamps = all.map((i) => i._meta[OFFICIAL]!.updatedAt);
      expect(stamps).toEqual([...stamps].sort().reverse());
      // Publishing srv-b 2.0.0 moved the latest flag, which bumps both of srv-b's versions
      // (one timestamp: the tie goes by version).
      expect(all.map(key)).toEqual(['com.example/srv-b@1.0.0', 'com.example/srv-b@2.0.0', 'com.example/srv-c@1.0.0', 'com.example/srv-a@1.0.0', 'com.example/srv-e@1.0.0', 'com.example/srv-d@1.0.0']);
      expect((await page('limit=100')).servers.map(key)).toEqual([...all.map(key)].sort());
      expect((await page('sort=name&limit=100')).servers.map(key)).toEqual([...all.map(key)].sort());
    });

    it('pages with its cursor without gaps or repeats, and with filters', async () => {
      const whole = (await page('sort=updated&limit=100')).servers.map(key);
      const walked: string[] = [];
      let cursor: string | undefined;
      do {
        const p = await page(`sort=updated&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        walked.push(...p.servers.map(key));
        cursor = p.metadata.nextCursor;
      } while (cursor);
      expect(walked).toEqual(whole);
      const latest = (await page('sort=updated&version=latest&limit=100')).servers.map(key);
      expect(latest).toEqual(whole.filter((k) => k !== 'com.example/srv-b@1.0.0'));
    });

    it('moves a version whose status changes to the front', async () => {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/v0.1/servers/${encodeURIComponent('com.example/srv-d')}/versions/1.0.0/status`,
        headers: AUTH,
        payload: { status: 'deprecated', statusMessage: 'old' },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect((await page('sort=updated&limit=1')).servers.map(key)).toEqual(['com.example/srv-d@1.0.0']);
    });

    it('refuses q, a cursor of another order, and an unknown sort', async () => {
      const withQ = await t.app.inject({ url: '/v0.1/servers?sort=updated&q=example' });
      expect(withQ.statusCode).toBe(400);
      expect(withQ.json().detail).toContain('Cannot combine sort=updated with q');
      const nameCursor = await t.app.inject({ url: `/v0.1/servers?sort=updated&cursor=${encodeURIComponent('com.example/srv-a:1.0.0')}` });
      expect(nameCursor.statusCode).toBe(400);
      expect(nameCursor.json().detail).toContain('sort=updated cursor');
      const unknown = await t.app.inject({ url: '/v0.1/servers?sort=newest' });
      expect(unknown.statusCode).toBe(422);
    });
  });
});
