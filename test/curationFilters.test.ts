/**
 * The `trust` and `tag` list extensions: only versions whose trust level (curated,
 * unless a reviewer set one) or tags (provenance, set by curation) match one of the
 * values given; an unknown trust level is refused (422), in the filter and in a
 * curation; tags match exactly and case-sensitively, combined with the other
 * filters and `q`; a trust value never
 * matches a tag or a source name, nor a tag the notes, and wildcard or JSON-special
 * characters are taken literally. On both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverDoc } from './support/serverDocs.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

describe.each(DATABASES)('trust and tag filters on %s', (kind) => {
  describe.skipIf(unavailable(kind))(`(${kind})`, () => {
    let t: TestToolshed;
    const names = async (query: string) => {
      const res = await t.app.inject({ url: `/v0.1/servers?version=latest&${query}` });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().servers as Array<{ server: { name: string } }>).map((s) => s.server.name);
    };

    beforeAll(async () => {
      t = await testToolshed(kind);
      for (const short of ['alpha', 'beta', 'gamma', 'delta', 'plain']) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/v0.1/publish',
          headers: AUTH,
          payload: serverDoc(`com.example/${short}`, '1.0.0', { description: `The ${short} weather server` }),
        });
        expect(res.statusCode, res.body).toBe(200);
      }
      const curate = (name: string, c: { trust?: string; tags?: string[]; notes?: string }) => t.federation.curate({ source: 'local', name: `com.example/${name}`, ...c }, 'admin');
      await curate('alpha', { trust: 'verified', tags: ['finance', 'partner'] });
      await curate('beta', { trust: 'community', tags: ['reviewed'] });
      await curate('gamma', { trust: 'internal', tags: ['partner'], notes: 'not "finance", nor ,"finance",' });
      await curate('delta', { tags: ['50%_off', 'say "hi"', 'fin'] });
    });
    afterAll(async () => {
      await t?.destroy();
    });

    it('selects by curated trust level, and refuses a word that is not a level', async () => {
      expect(await names('trust=verified')).toEqual(['com.example/alpha']);
      expect(await names('trust=community')).toEqual(['com.example/beta']);
      expect(await names('trust=verified,internal')).toEqual(['com.example/alpha', 'com.example/gamma']);
      const bad = await t.app.inject({ url: '/v0.1/servers?trust=Verified' });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().code).toBe('HTTP_INVALID_QUERY');
      await expect(t.federation.curate({ source: 'local', name: 'com.example/delta', trust: 'reviewed' }, 'admin')).rejects.toMatchObject({ code: 'GOVERNANCE_TRUST_UNKNOWN', status: 422 });
      expect(await names('tag=fin')).toEqual(['com.example/delta']);
    });

    it('selects by any of the tags given, wherever the tag sits in the list', async () => {
      expect(await names('tag=finance')).toEqual(['com.example/alpha']);
      expect(await names('tag=partner')).toEqual(['com.example/alpha', 'com.example/gamma']);
      expect(await names('tag=reviewed')).toEqual(['com.example/beta']);
      expect(await names('tag=fin')).toEqual(['com.example/delta']);
      expect(await names(`tag=${encodeURIComponent('50%_off')}`)).toEqual(['com.example/delta']);
      expect(await names(`tag=${encodeURIComponent('say "hi"')}`)).toEqual(['com.example/delta']);
      expect(await names('tag=50')).toEqual([]);
      expect(await names('tag=local')).toEqual([]);
    });

    it('combines with the other filters and with ranked search', async () => {
      expect(await names('trust=verified&tag=reviewed')).toEqual([]);
      expect(await names('trust=internal&tag=partner')).toEqual(['com.example/gamma']);
      expect(await names('tag=partner&source=local&q=gamma')).toEqual(['com.example/gamma']);
      expect(await names('tag=partner&q=weather')).toHaveLength(2);
      expect(await names('')).toHaveLength(5);
    });

    it('follows a change of curation', async () => {
      await t.federation.curate({ source: 'local', name: 'com.example/plain', trust: 'verified', tags: [] }, 'admin');
      expect(await names('trust=verified')).toEqual(['com.example/alpha', 'com.example/plain']);
      await t.federation.removeCuration('local', 'com.example/plain', 'admin');
      expect(await names('trust=verified')).toEqual(['com.example/alpha']);
    });
  });
});
