/**
 * The list's total (`include_total=true` → `metadata["io.toolshed/total"]`), on
 * every database: the number of items all pages of the same query hold together,
 * under every filter and the ranked search, on every page of a walk; absent (the
 * official response, byte for byte) unless asked for; refreshed by a publish.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { serverDoc } from './support/serverDocs.js';

const TOTAL = 'io.toolshed/total';
const enc = encodeURIComponent;

describe.each(DATABASES)('list totals on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    const get = async (query: string) => {
      const res = await t.app.inject({ url: `/v0.1/servers?${query}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { servers: unknown[]; metadata: Record<string, unknown> & { nextCursor?: string } };
    };
    const publish = async (doc: Record<string, unknown>) => {
      const res = await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: doc });
      expect(res.statusCode, res.body).toBe(200);
    };
    /** Every item of every page, walked with the cursor. */
    const walk = async (query: string) => {
      let items = 0;
      let cursor: string | undefined;
      do {
        const page = await get(`${query}${cursor ? `&cursor=${enc(cursor)}` : ''}`);
        items += page.servers.length;
        cursor = page.metadata.nextCursor;
      } while (cursor);
      return items;
    };

    beforeAll(async () => {
      t = await testToolshed(kind);
      for (let i = 0; i < 12; i++) {
        const npm = i % 3 === 0 ? { packages: [{ registryType: 'npm', identifier: `@acme/tool-${i}`, version: '1.0.0', transport: { type: 'stdio' } }] } : {};
        await publish(serverDoc(`com.example/tool-${String(i).padStart(2, '0')}`, '1.0.0', { description: i % 2 ? 'Weather forecasts' : 'Calendar events', ...npm }));
        if (i % 4 === 0) await publish(serverDoc(`com.example/tool-${String(i).padStart(2, '0')}`, '1.1.0', { description: 'Weather radar' }));
      }
      await publish(serverDoc('com.example/gone', '1.0.0', { description: 'Weather archive' }));
      const del = await t.app.inject({ method: 'PATCH', url: `/v0.1/servers/${enc('com.example/gone')}/status`, headers: AUTH, payload: { status: 'deleted' } });
      expect(del.statusCode, del.body).toBe(200);
    });
    afterAll(async () => {
      await t?.destroy();
    });

    it('gives the total of all pages for each filter and search, on every page', async () => {
      for (const query of [
        'limit=5',
        'limit=5&version=latest',
        'limit=5&q=weather',
        'limit=2&q=weather&version=latest',
        'limit=3&registry_type=npm',
        'limit=4&include_deleted=true',
        'limit=4&search=tool-0',
      ]) {
        const total = await walk(query);
        const first = await get(`${query}&include_total=true`);
        expect(first.metadata[TOTAL], query).toBe(total);
        expect(first.metadata.count).toBe(first.servers.length);
        if (first.metadata.nextCursor) {
          const second = await get(`${query}&include_total=true&cursor=${enc(first.metadata.nextCursor)}`);
          expect(second.metadata[TOTAL], `${query}, page 2`).toBe(total);
        }
      }
      // 12 servers, 3 of them with a second version, and a deleted one
      expect((await get('limit=1&include_total=true')).metadata[TOTAL]).toBe(15);
      expect((await get('limit=1&include_total=true&version=latest')).metadata[TOTAL]).toBe(12);
      expect((await get('limit=1&include_total=true&q=nothingmatches')).metadata[TOTAL]).toBe(0);
    });

    it('leaves the official metadata as it was unless asked, and refuses a non-boolean', async () => {
      expect(Object.keys((await get('limit=5')).metadata)).toEqual(['nextCursor', 'count']);
      expect(Object.keys((await get('limit=5&include_total=false')).metadata)).toEqual(['nextCursor', 'count']);
      const bad = await t.app.inject({ url: '/v0.1/servers?include_total=maybe' });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors[0].location).toBe('query.include_total');
    });

    it('counts a version published after the total was cached', async () => {
      const before = (await get('limit=1&include_total=true&version=latest')).metadata[TOTAL] as number;
      await publish(serverDoc('com.example/newcomer', '1.0.0'));
      expect((await get('limit=1&include_total=true&version=latest')).metadata[TOTAL]).toBe(before + 1);
    });
  });
});
