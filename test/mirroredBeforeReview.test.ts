/**
 * An install upgrading to mirrored review (migration 021), on both databases:
 * versions mirrored before, which readers saw, stay approved (one `approved` review
 * each, decided by `migration 021`, and one audit row saying how many per source);
 * re-syncs leave them visible; a version the upstream adds afterwards waits for
 * review under its source's policy.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up as migrate021 } from '../src/store/migrations/021_mirrored_reviews.js';
import { serverDoc } from './support/serverDocs.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const enc = encodeURIComponent;

describe.each(DATABASES)('versions mirrored before review on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let upstream: TestToolshed;
    let down: TestToolshed;

    const upPublish = async (doc: Record<string, unknown>) => {
      const res = await upstream.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: doc });
      expect(res.statusCode, res.body).toBe(200);
    };
    const read = (name: string, version: string) => down.app.inject({ url: `/v0.1/servers/${enc(name)}/versions/${enc(version)}` });

    beforeAll(async () => {
      upstream = await testToolshed(kind, { reviewDefault: 'approve' });
      const url = await upstream.app.listen({ host: '127.0.0.1', port: 0 });
      down = await testToolshed(kind, { outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true, reviewDefault: 'review' });
      await down.federation.addSource({ name: 'up', baseUrl: url }, 'admin');
    });
    afterAll(async () => {
      await down?.destroy();
      await upstream?.destroy();
    });

    it('keeps versions mirrored before the upgrade approved and visible; a new upstream version waits for review', async () => {
      await upPublish(serverDoc('io.fedold/one', '1.0.0'));
      await upPublish(serverDoc('io.fedold/one', '1.1.0'));
      await upPublish(serverDoc('io.fedold/two', '2.0.0'));
      await down.federation.sync('up');
      expect((await read('io.fedold/one', '1.0.0')).statusCode).toBe(404);

      // What an install mirrored before this change holds: approved rows, no reviews.
      const db = down.store.db as unknown as Kysely<any>;
      await db.deleteFrom('version_reviews').execute();
      await db.updateTable('server_versions').set({ review_state: 'approved' }).where('origin', '<>', '').execute();
      await migrate021(db as Kysely<unknown>, down.store.name);
      down.catalog.cache.invalidate(['io.fedold/one', 'io.fedold/two']);

      const reviews = await db.selectFrom('version_reviews').selectAll().orderBy('name').orderBy('version').execute();
      expect(reviews.map((r) => [r.name, r.version, r.state, r.source, r.decided_by])).toEqual([
        ['io.fedold/one', '1.0.0', 'approved', 'up', 'migration 021'],
        ['io.fedold/one', '1.1.0', 'approved', 'up', 'migration 021'],
        ['io.fedold/two', '2.0.0', 'approved', 'up', 'migration 021'],
      ]);
      const audit = await db.selectFrom('registry_events').selectAll().where('actor_subject', '=', 'migration 021').execute();
      expect(audit.length).toBe(1);
      expect(audit[0]).toMatchObject({ action: 'policy', name: '', version: '' });
      expect(JSON.parse(audit[0]!.new_value).mirroredApproved).toEqual({ up: 3 });
      // Run again (nothing left without a review): no second audit row.
      await migrate021(db as Kysely<unknown>, down.store.name);
      expect((await db.selectFrom('registry_events').selectAll().where('actor_subject', '=', 'migration 021').execute()).length).toBe(1);

      await down.federation.sync('up');
      for (const [name, version] of [
        ['io.fedold/one', '1.0.0'],
        ['io.fedold/one', '1.1.0'],
        ['io.fedold/two', '2.0.0'],
      ] as const) {
        expect((await read(name, version)).statusCode).toBe(200);
      }

      await upPublish(serverDoc('io.fedold/one', '1.2.0'));
      await down.federation.sync('up');
      expect((await read('io.fedold/one', '1.2.0')).statusCode).toBe(404);
      expect((await read('io.fedold/one', 'latest')).json().server.version).toBe('1.1.0');
      const pending = await down.app.inject({ url: `/api/reviews/${enc('io.fedold/one')}/1.2.0`, headers: AUTH });
      expect(pending.json().review).toMatchObject({ state: 'in_review', source: 'up', submittedBy: 'federation:up' });
    });
  });
});
