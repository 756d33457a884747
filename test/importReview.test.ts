/**
 * `toolshed import` and the review lifecycle (issue #21), on both databases: an
 * import attributed to a person (`--as`) is submitted by their registry subject with
 * their groups, exactly as their publish would be, so a `publishedBy` group rule
 * approves it and four-eyes keeps them from approving it themselves; an import
 * without `--as` is submitted by `toolshed import`, in no group, which a `subject`
 * rule can name. A disabled person, or one nobody is, is refused before anything is
 * stored.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectory } from '../src/access/index.js';
import { importCatalog, importIdentity } from '../src/cli/importCatalog.js';
import { directorySettings } from '../src/compose/planeSettings.js';
import { loadConfig } from '../src/config.js';
import { findVersionReview, nowMicros, openStore, saveReviewPolicy } from '../src/store/index.js';
import { ISSUER, personWithToken } from './support/people.js';
import { runToolshed } from './support/runToolshed.js';
import { serverDoc } from './support/serverDocs.js';
import { DATABASES, scratchDatabase, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const enc = encodeURIComponent;
type Person = Awaited<ReturnType<typeof personWithToken>>;

describe.each(DATABASES)('imports under review on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let rita: Person; // reviewer
    let plato: Person; // reviewer in the platform group

    const call = async (method: 'GET' | 'POST' | 'PUT', url: string, headers: Record<string, string>, payload?: object) => {
      const res = await t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
      return { status: res.statusCode, body: res.json() };
    };
    const reviewOf = async (name: string, version: string) => (await call('GET', `/api/reviews/${enc(name)}/${enc(version)}`, rita.headers)).body.review;

    beforeAll(async () => {
      t = await testToolshed(kind, { reviewDefault: 'review' });
      rita = await personWithToken(t, 'rita', ['admin'], { roles: ['reviewer'] });
      plato = await personWithToken(t, 'plato', ['admin'], { roles: ['reviewer', 'publisher'], groups: ['platform'] });
      const saved = await call(
        'PUT',
        '/api/admin/review-policy/local',
        { ...rita.headers, 'if-match': '"0"' },
        {
          rules: [
            { namespace: 'com.acme.platform/*', publishedBy: { group: 'platform' }, when: 'checks-pass' },
            { namespace: 'com.acme.seed/*', publishedBy: { subject: 'toolshed import' }, when: 'checks-pass' },
          ],
        },
      );
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    });
    afterAll(async () => {
      await t?.destroy();
    });

    it('an import --as a person is submitted as their publish would be: a publishedBy group rule approves it', async () => {
      const as = await importIdentity(t.store, directorySettings(t.config), 'plato@example.com');
      expect(as).toEqual({ actor: { subject: 'plato@example.com', method: 'import', permissions: [] }, groups: ['platform'] });
      const report = await importCatalog(t.catalog, [serverDoc('com.acme.platform/search', '1.0.0'), serverDoc('io.acme/elsewhere', '1.0.0')], undefined, { as });
      expect(report).toMatchObject({ created: 2, failed: [] });

      expect(await reviewOf('com.acme.platform/search', '1.0.0')).toMatchObject({ state: 'approved', submittedBy: 'plato@example.com', decidedBy: 'toolshed' });
      expect((await reviewOf('com.acme.platform/search', '1.0.0')).autoRule).toContain('platform');
      const other = await reviewOf('io.acme/elsewhere', '1.0.0');
      expect(other).toMatchObject({ state: 'in_review', submittedBy: 'plato@example.com' });
      // Four-eyes: the person an import is attributed to is its submitter.
      const own = await call('POST', `/api/reviews/${enc('io.acme/elsewhere')}/1.0.0/approve`, { ...plato.headers, 'if-match': other.etag }, {});
      expect(own.status).toBe(403);
      expect(own.body.code).toBe('GOVERNANCE_SELF_APPROVAL');

      const events = await call('GET', `/api/admin/registry-events?name=${enc('com.acme.platform/search')}`, AUTH);
      const rows = events.body.events as Array<{ action: string }>;
      expect(rows.map((e) => e.action)).toEqual(expect.arrayContaining(['publish', 'submit', 'approve']));
      expect(JSON.stringify(rows.find((e) => e.action === 'submit'))).toContain('plato@example.com');
    });

    it('an import without --as is submitted by `toolshed import`, in no group', async () => {
      const report = await importCatalog(t.catalog, [serverDoc('com.acme.platform/other', '1.0.0'), serverDoc('com.acme.seed/one', '1.0.0')]);
      expect(report).toMatchObject({ created: 2, failed: [] });
      expect(await reviewOf('com.acme.platform/other', '1.0.0')).toMatchObject({ state: 'in_review', submittedBy: 'toolshed import' });
      expect(await reviewOf('com.acme.seed/one', '1.0.0')).toMatchObject({ state: 'approved', submittedBy: 'toolshed import' });
    });

    it('refuses --as a person nobody is, or a disabled one, before storing anything', async () => {
      await expect(importIdentity(t.store, directorySettings(t.config), 'nobody@example.com')).rejects.toMatchObject({ code: 'ACCESS_USER_NOT_FOUND' });
      const gone = await personWithToken(t, 'gone', ['catalog:read']);
      await t.directory.updateUser(gone.user.id, { disabled: true }, 'test');
      await expect(importIdentity(t.store, directorySettings(t.config), 'gone@example.com')).rejects.toMatchObject({ code: 'ACCESS_USER_DISABLED' });
    });
  });
});

describe.each(DATABASES)('npx toolshed import --as on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', { timeout: 120_000 }, () => {
    it('attributes the import to the person named, so their group’s rule approves it; a person nobody is exits 2 and stores nothing', async () => {
      const db = await scratchDatabase(kind);
      try {
        const cfg = loadConfig({}, { dataDir: db.dataDir, ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : {}) });
        let store = await openStore({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
        await createDirectory({ store, config: directorySettings(cfg) }).recordSignIn({
          issuer: ISSUER,
          subject: 'plato',
          email: 'plato@example.com',
          emailVerified: true,
          name: 'plato',
          claimGroups: ['platform'],
          claimRoles: [],
        });
        const policy = { defaultAction: 'review', allowSelfApproval: false, rules: [{ namespace: 'com.acme.platform/*', publishedBy: { group: 'platform' }, when: 'checks-pass' }] };
        await saveReviewPolicy({ tx: store.db, source: 'local', policy: JSON.stringify(policy), revision: 0, at: nowMicros(), by: 'test' });
        await store.close();

        const file = join(db.dataDir, 'servers.json');
        writeFileSync(file, JSON.stringify([serverDoc('com.acme.platform/search', '1.0.0')]));
        const env = { TOOLSHED_DATA_DIR: db.dataDir, TOOLSHED_LOG_LEVEL: 'silent', TOOLSHED_REVIEW_DEFAULT: 'review', ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}) };
        const nobody = await runToolshed(['import', file, '--as', 'nobody@example.com'], { env });
        expect(nobody.status, nobody.stderr).toBe(2);
        expect(nobody.stderr).toContain('nobody@example.com');
        const run = await runToolshed(['import', file, '--as', 'plato@example.com'], { env });
        expect(run.status, run.stderr).toBe(0);
        expect(run.stdout).toContain('1 created');

        store = await openStore({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
        try {
          expect(await findVersionReview({ tx: store.db, name: 'com.acme.platform/search', version: '1.0.0' })).toMatchObject({
            state: 'approved',
            submitted_by: 'plato@example.com',
            decided_by: 'toolshed',
          });
        } finally {
          await store.close();
        }
      } finally {
        await db.drop();
      }
    });
  });
});
