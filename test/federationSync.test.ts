/**
 * Federation between two real Toolshed instances on every database: an upstream
 * loaded with the official seed dataset and listening on 127.0.0.1, and a
 * downstream mirroring it. Covers the initial mirror (every version, with
 * provenance), incremental sync fetching only what changed, status changes and
 * latest flips upstream, precedence between two sources with a source filter,
 * a local publish winning over mirrored versions, curation (deny, pin, hide,
 * trust/tags/notes) surviving re-syncs, and a no-change re-sync leaving every
 * row, updatedAt and ETag as it was.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerJson } from '../src/catalog/index.js';
import type { SyncResult } from '../src/federation/index.js';
import { formatTimestamp, parseRfc3339Nanos } from '../src/store/index.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { serverDoc } from './support/serverDocs.js';

const DATASET = '/work/shared/datasets/official-seed-2025-05.json';
const OFFICIAL = 'io.modelcontextprotocol.registry/official';
const PROVENANCE = 'io.toolshed/provenance';
const enc = encodeURIComponent;

interface Item {
  server: ServerJson;
  _meta: Record<string, any>;
}

/** Every item of a list query, following cursors (bounded). */
async function listAll(app: FastifyInstance, query = ''): Promise<{ items: Item[]; etags: string[] }> {
  const items: Item[] = [];
  const etags: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const res = await app.inject({ url: `/v0.1/servers?limit=100${query}${cursor ? `&cursor=${enc(cursor)}` : ''}` });
    expect(res.statusCode, res.body).toBe(200);
    etags.push(String(res.headers.etag));
    const body = res.json();
    items.push(...body.servers);
    cursor = body.metadata.nextCursor;
    if (!cursor) return { items, etags };
  }
  throw new Error('listing did not end');
}

const key = (i: Item) => `${i.server.name}@${i.server.version}`;

describe.each(DATABASES)('federation sync on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let up: TestToolshed;
    let down: TestToolshed;
    let upUrl: string;

    const upPublish = async (doc: unknown) => {
      const res = await up.app.inject({ method: 'POST', url: '/v0/publish', headers: AUTH, payload: doc as object });
      expect(res.statusCode, res.body).toBe(200);
    };
    const upStatus = async (name: string, version: string, status: string) => {
      const res = await up.app.inject({
        method: 'PATCH',
        url: `/v0.1/servers/${enc(name)}/versions/${enc(version)}/status`,
        headers: AUTH,
        payload: { status },
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    const downVersions = async (name: string) => {
      const res = await down.app.inject({ url: `/v0.1/servers/${enc(name)}/versions?include_deleted=true` });
      return res.statusCode === 200 ? (res.json().servers as Item[]) : [];
    };
    const latestOf = (items: Item[]) => items.filter((i) => i._meta[OFFICIAL].isLatest).map((i) => i.server.version);

    /** Names carried by exactly one active version upstream, for tests that change them. */
    let singles: string[] = [];

    /**
     * An incremental run re-reads from 1 s below the high-water mark (upstream
     * compares strictly): it must fetch exactly what upstream changed in that window,
     * which includes `changed` and is less than everything.
     */
    const expectIncremental = async (result: SyncResult, highWaterBefore: string, changed: string[]) => {
      const since = formatTimestamp(Number(parseRfc3339Nanos(highWaterBefore)! / 1000n) - 1_000_000);
      const window = (await listAll(up.app, `&updated_since=${enc(since)}`)).items.map(key);
      const total = (await listAll(up.app, '&include_deleted=true')).items.length;
      expect(result.mode).toBe('incremental');
      expect(result.fetched).toBe(window.length);
      expect(window).toEqual(expect.arrayContaining(changed));
      expect(window.length).toBeLessThan(total);
    };
    const highWater = async () => (await down.federation.getSource('up')).highWater!;

    beforeAll(async () => {
      up = await testToolshed(kind);
      const docs = JSON.parse(readFileSync(DATASET, 'utf8')) as ServerJson[];
      for (const doc of docs) await up.catalog.importDocument(doc);
      upUrl = await up.app.listen({ host: '127.0.0.1', port: 0 });
      down = await testToolshed(kind, { outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true });
      const { items } = await listAll(up.app);
      const count = new Map<string, number>();
      for (const i of items) count.set(i.server.name, (count.get(i.server.name) ?? 0) + 1);
      singles = [...count].filter(([, n]) => n === 1).map(([n]) => n);
      expect(singles.length).toBeGreaterThan(10);
      // Incremental runs re-read 1 s below the high-water mark: let the bulk import
      // fall out of that window (so re-reads are small), behind one marker version.
      await sleep(2200);
      await upPublish(serverDoc('io.github.fedtest/marker', '1.0.0'));
    }, 120_000);
    afterAll(async () => {
      await down?.destroy();
      await up?.destroy();
    });

    it('mirrors every upstream version on the first sync, with provenance, visible under source=', async () => {
      await down.federation.addSource({ name: 'up', baseUrl: upUrl, authHeader: 'Bearer upstream-secret-token' }, 'admin');
      const result = await down.federation.sync('up');
      const upstream = (await listAll(up.app, '&include_deleted=true')).items;
      expect(result).toMatchObject({ source: 'up', mode: 'initial', rejected: 0, fetched: upstream.length, stored: upstream.length });
      expect(result.changed).toBe(upstream.length);

      const mirrored = (await listAll(down.app, '&include_deleted=true')).items;
      expect(mirrored.map(key)).toEqual(upstream.map(key));
      const byKey = new Map(mirrored.map((i) => [key(i), i]));
      for (const u of upstream) {
        const d = byKey.get(key(u))!;
        expect(d.server).toEqual(u.server);
        const { updatedAt: _u, ...officialUp } = u._meta[OFFICIAL];
        const { updatedAt: _d, ...officialDown } = d._meta[OFFICIAL];
        expect(officialDown).toEqual(officialUp);
        expect(d._meta[PROVENANCE]).toEqual({
          origin: 'mirror',
          source: 'up',
          upstreamPublishedAt: u._meta[OFFICIAL].publishedAt,
          upstreamUpdatedAt: u._meta[OFFICIAL].updatedAt,
        });
      }
      expect((await listAll(down.app, '&source=up&include_deleted=true')).items.length).toBe(upstream.length);
      expect((await listAll(down.app, '&source=local')).items).toEqual([]);

      const status = await down.federation.getSource('up');
      expect(status).toMatchObject({ hasAuthHeader: true, resumable: false, lastError: null, highWater: result.highWater });
      expect(status.counts).toEqual({ lastRun: { fetched: upstream.length, stored: upstream.length, rejected: 0, changed: upstream.length, pages: result.pages }, mirrored: upstream.length });
      expect(JSON.stringify(await down.federation.listSources())).not.toContain('upstream-secret-token');
    });

    it('fetches only versions changed since the high-water mark on the next sync', async () => {
      await upPublish(serverDoc('io.github.fedtest/fresh', '1.0.0'));
      await upPublish(serverDoc('io.github.fedtest/fresh', '1.1.0'));
      const hw = await highWater();
      const result = await down.federation.sync('up');
      await expectIncremental(result, hw, ['io.github.fedtest/fresh@1.0.0', 'io.github.fedtest/fresh@1.1.0']);
      expect(result).toMatchObject({ stored: result.fetched, rejected: 0, changed: 2 });
      expect(latestOf(await downVersions('io.github.fedtest/fresh'))).toEqual(['1.1.0']);
    });

    it('mirrors deprecations and deletions as such', async () => {
      const [deprecate, remove] = singles;
      const version = async (name: string) => (await downVersions(name))[0]!.server.version;
      await upStatus(deprecate!, await version(deprecate!), 'deprecated');
      await upStatus(remove!, await version(remove!), 'deleted');
      const hw = await highWater();
      const result = await down.federation.sync('up');
      await expectIncremental(result, hw, [`${deprecate}@${await version(deprecate!)}`, `${remove}@${await version(remove!)}`]);
      expect(result.changed).toBe(2);
      expect((await downVersions(deprecate!))[0]!._meta[OFFICIAL].status).toBe('deprecated');
      expect((await downVersions(remove!))[0]!._meta[OFFICIAL].status).toBe('deleted');
      const listed = (await listAll(down.app)).items.map((i) => i.server.name);
      expect(listed).toContain(deprecate);
      expect(listed).not.toContain(remove);
    });

    it('follows a latest flip upstream and its undoing, which upstream does not stamp on the old version', async () => {
      const name = singles[2]!;
      const [old] = await downVersions(name);
      expect(old!._meta[OFFICIAL].isLatest).toBe(true);
      await upPublish({ ...old!.server, version: '999.0.0' });
      await down.federation.sync('up');
      expect(latestOf(await downVersions(name))).toEqual(['999.0.0']);
      await upStatus(name, '999.0.0', 'deleted');
      await down.federation.sync('up');
      const after = await downVersions(name);
      expect(latestOf(after)).toEqual([old!.server.version]);
      expect(after.find((i) => i.server.version === '999.0.0')!._meta[OFFICIAL].status).toBe('deleted');
    });

    it('lets the source with the lower precedence supply the names its filter admits', async () => {
      await down.federation.addSource({ name: 'preferred', baseUrl: upUrl, precedence: 10, filter: { names: ['io.github.a*'] } }, 'admin');
      const result = await down.federation.sync('preferred');
      const upstream = (await listAll(up.app, '&include_deleted=true')).items;
      const admitted = upstream.filter((i) => i.server.name.startsWith('io.github.a'));
      expect(admitted.length).toBeGreaterThan(0);
      expect(result.stored).toBe(upstream.length); // mirrored in full; the filter decides what is shown
      const preferred = (await listAll(down.app, '&source=preferred&include_deleted=true')).items;
      expect(preferred.map(key)).toEqual(admitted.map(key));
      expect(preferred.every((i) => i._meta[PROVENANCE].source === 'preferred')).toBe(true);
      const fromUp = (await listAll(down.app, '&source=up&include_deleted=true')).items;
      expect(fromUp.length).toBe(upstream.length - admitted.length);

      await down.federation.updateSource('preferred', { enabled: false }, 'admin');
      expect((await listAll(down.app, '&source=preferred')).items).toEqual([]);
      expect((await listAll(down.app, '&source=up&include_deleted=true')).items.length).toBe(upstream.length);
      await down.federation.removeSource('preferred', 'admin');
      expect((await down.federation.listSources()).map((s) => s.name)).toEqual(['up']);
    });

    it('shows a locally published server instead of the mirrored one, and keeps the mirror copy', async () => {
      const name = singles[3]!;
      const [mirrored] = await downVersions(name);
      const res = await down.app.inject({
        method: 'POST',
        url: '/v0/publish',
        headers: AUTH,
        payload: { ...mirrored!.server, version: '0.0.1-local', description: 'Our own build' },
      });
      expect(res.statusCode, res.body).toBe(200);
      await down.federation.sync('up');
      const shown = await downVersions(name);
      expect(shown.map((i) => i.server.version)).toEqual(['0.0.1-local']);
      expect(shown[0]!._meta[PROVENANCE]).toBeUndefined();
      expect((await listAll(down.app, `&source=local`)).items.map(key)).toEqual([`${name}@0.0.1-local`]);
      const kept = await down.store.db.selectFrom('mirrored_versions').select('version').where('name', '=', name).execute();
      expect(kept.map((r) => r.version)).toEqual([mirrored!.server.version]);
    });

    it('applies curation (deny, pin, hide, trust/tags/notes) and keeps it through re-syncs', async () => {
      const [denied, pinned, hidden, noted] = [singles[4]!, 'io.github.fedtest/fresh', singles[5]!, singles[6]!];
      await upPublish(serverDoc(hidden, '500.0.0'));
      await down.federation.sync('up');
      await down.federation.curate({ source: 'up', name: denied, decision: 'deny' }, 'curator-a');
      await down.federation.curate({ source: 'up', name: pinned, pinnedVersion: '1.0.0' }, 'curator-a');
      await down.federation.curate({ source: 'up', name: hidden, hiddenVersions: ['500.0.0'] }, 'curator-b');
      await down.federation.curate({ source: 'up', name: noted, trust: 'verified', tags: ['db', 'internal'], notes: 'Approved by security' }, 'curator-b');
      await down.federation.curate({ source: 'local', name: '*', tags: ['ours'] }, 'curator-b');

      const check = async () => {
        expect(await downVersions(denied)).toEqual([]);
        expect(latestOf(await downVersions(pinned))).toEqual(['1.0.0']);
        expect((await downVersions(pinned)).map((i) => i.server.version).sort()).toEqual(['1.0.0', '1.1.0', '1.2.0']);
        expect((await downVersions(hidden)).map((i) => i.server.version)).not.toContain('500.0.0');
        expect(latestOf(await downVersions(hidden))).toHaveLength(1);
        const [n] = await downVersions(noted);
        expect(n!._meta[PROVENANCE]).toMatchObject({ origin: 'mirror', source: 'up', trust: 'verified', tags: ['db', 'internal'], notes: 'Approved by security' });
        const local = (await listAll(down.app, '&source=local')).items;
        expect(local.map((i) => i._meta[PROVENANCE])).toEqual([{ origin: 'local', tags: ['ours'] }]);
      };
      // A newer upstream version of the pinned server and a change to the denied one: the re-sync must not undo curation.
      await upPublish(serverDoc(pinned, '1.2.0'));
      await upPublish(serverDoc(denied, '777.0.0'));
      const hw = await highWater();
      const resync = await down.federation.sync('up');
      await expectIncremental(resync, hw, [`${pinned}@1.2.0`, `${denied}@777.0.0`]);
      await check();
      expect((await down.federation.listCurations('up')).map((c) => [c.name, c.updatedBy]).sort()).toEqual(
        [
          [denied, 'curator-a'],
          [hidden, 'curator-b'],
          [noted, 'curator-b'],
          [pinned, 'curator-a'],
        ].sort(),
      );
      expect(await down.federation.listCurations('local')).toMatchObject([{ source: 'local', name: '*', tags: ['ours'], decision: null }]);

      await down.federation.removeCuration('up', denied, 'curator-a');
      expect(latestOf(await downVersions(denied))).toEqual(['777.0.0']);
    });

    it('changes nothing on a re-sync without upstream changes: rows, updatedAt and ETags stay', async () => {
      const before = await listAll(down.app, '&include_deleted=true');
      const rowsBefore = await down.store.db.selectFrom('server_versions').select(['name', 'version', 'updated_at', 'is_latest', 'provenance']).orderBy('name').orderBy('version').execute();
      const result = await down.federation.sync('up');
      expect(result.mode).toBe('incremental');
      expect(result.changed).toBe(0);
      const after = await listAll(down.app, '&include_deleted=true');
      expect(after.etags).toEqual(before.etags);
      expect(after.items.map((i) => i._meta[OFFICIAL].updatedAt)).toEqual(before.items.map((i) => i._meta[OFFICIAL].updatedAt));
      const rowsAfter = await down.store.db.selectFrom('server_versions').select(['name', 'version', 'updated_at', 'is_latest', 'provenance']).orderBy('name').orderBy('version').execute();
      expect(rowsAfter).toEqual(rowsBefore);
    });
  });
});
