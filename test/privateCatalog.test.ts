/**
 * The private catalog (`catalogVisibility: private`): the /v0 and /v0.1 read API
 * needs `catalog.read` (401 anonymous, 403 without it), shows each caller only the
 * servers access rules let them discover (user, group, everyone and source rules;
 * deny wins), answers 404 for a hidden server exactly as for a missing one, pages
 * the visible subset without gaps or duplicates (plain, ranked `q=` and
 * `updated_since` walks, dense and sparse views, several limits), keeps each
 * caller's cached responses and ETags to themselves (private Cache-Control, Vary),
 * and follows rule changes (a new policy generation) and catalog writes at once.
 * `include_total=true` counts only the visible versions.
 * Reviewers and administrators see everything. A public catalog is unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessPolicy } from '../src/access/accessPolicy.js';
import type { AccessRule } from '../src/access/accessRules.js';
import { createDecider } from '../src/access/createDecider.js';
import { documentFacets, type ServerJson } from '../src/catalog/index.js';
import { formatTimestamp, insertServerVersion, nowMicros } from '../src/store/index.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { asUser, testUserResolver } from './support/testUserResolver.js';
import { serverDoc } from './support/serverDocs.js';

const enc = encodeURIComponent;
const ACME = Array.from({ length: 120 }, (_, i) => `com.acme/alpha-${String(i).padStart(3, '0')}`);
const BETA = Array.from({ length: 180 }, (_, i) => `org.beta/b-${String(i).padStart(3, '0')}`);
const RARE = ['net.rare/one', 'net.rare/two', 'net.rare/three', 'net.rare/four'];
const MIRRORED = Array.from({ length: 5 }, (_, i) => `io.mirror/m-${i}`);
const SOURCE = 'upstream-a';

const RULES: AccessRule[] = [
  { id: 'eng-acme', effect: 'allow', subject: { group: 'eng' }, actions: ['discover'], resource: { server: 'com.acme/*' } },
  { id: 'eng-not-007', effect: 'deny', subject: { group: 'eng' }, actions: ['discover'], resource: { server: 'com.acme/alpha-007' } },
  { id: 'alice-b001', effect: 'allow', subject: { user: 'alice' }, actions: ['discover'], resource: { server: 'org.beta/b-001' } },
  { id: 'all-one', effect: 'allow', subject: { everyone: true }, actions: ['discover'], resource: { server: 'net.rare/one' } },
  { id: 'nobody-three', effect: 'deny', subject: { everyone: true }, actions: ['discover'], resource: { server: 'net.rare/three' } },
  { id: 'sparse-rare', effect: 'allow', subject: { group: 'sparse' }, actions: ['discover'], resource: { server: 'net.rare/*' } },
  { id: 'mirror', effect: 'allow', subject: { group: 'mirror-readers' }, actions: ['discover'], resource: { source: SOURCE } },
  // connect alone never makes a server discoverable
  { id: 'beta-connect', effect: 'allow', subject: { group: 'eng' }, actions: ['connect'], resource: { server: 'org.beta/*' } },
];

/** What each test caller may see, written out from the rules by hand (the oracle). */
const SEES = {
  eng: (n: string) => (n.startsWith('com.acme/') && n !== 'com.acme/alpha-007') || n === 'net.rare/one',
  alice: (n: string) => n === 'org.beta/b-001' || n === 'net.rare/one',
  sparse: (n: string) => n === 'net.rare/one' || n === 'net.rare/two' || n === 'net.rare/four',
  mirror: (n: string) => n.startsWith('io.mirror/') || n === 'net.rare/one',
};
const ENG = asUser('bob', ['eng']);
const ALICE = asUser('alice', []);
const SPARSE = asUser('sam', ['sparse']);
const MIRROR = asUser('mia', ['mirror-readers']);

/** A policy whose rules a test can replace, bumping the generation as the stored rules will. */
function mutablePolicy(rules: AccessRule[]) {
  let decider = createDecider(rules);
  let generation = 1;
  const policy: AccessPolicy = {
    get generation() {
      return generation;
    },
    decide: (p, a, r) => decider.decide(p, a, r),
  };
  return {
    policy,
    replace(next: AccessRule[]) {
      decider = createDecider(next);
      generation++;
    },
  };
}

interface Item {
  server: { name: string; version: string };
}
interface ListBody {
  servers: Item[];
  metadata: { count: number; nextCursor?: string };
}

const keyOf = (i: Item) => `${i.server.name}@${i.server.version}`;

describe.each(DATABASES)('private catalog on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let pub: TestToolshed;
    const rules = mutablePolicy(RULES);
    let updatedSince = '';

    async function walk(query: string, headers: Record<string, string>): Promise<{ items: Item[]; pages: ListBody[] }> {
      const items: Item[] = [];
      const pages: ListBody[] = [];
      let cursor: string | undefined;
      for (let guard = 0; guard < 2000; guard++) {
        const url = `/v0.1/servers?${query}${cursor !== undefined ? `&cursor=${enc(cursor)}` : ''}`;
        const res = await t.app.inject({ url, headers });
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json() as ListBody;
        pages.push(body);
        items.push(...body.servers);
        cursor = body.metadata.nextCursor;
        if (cursor === undefined) return { items, pages };
      }
      throw new Error('walk did not end');
    }

    beforeAll(async () => {
      const options = { accessPolicy: rules.policy, extraResolvers: [testUserResolver] };
      t = await testToolshed(kind, { catalogVisibility: 'private', cacheMaxAge: 30, anonymousAuth: true }, options);
      pub = await testToolshed(kind, { cacheMaxAge: 30 }, options);
      for (const name of [...ACME, ...BETA, ...RARE]) {
        // Every third server is a widget, for the ranked search; every tenth has two versions.
        const widget = /[0369]$/.test(name) || name === 'net.rare/two' || name === 'net.rare/three';
        const extra = widget ? { description: `Widget toolkit ${name}` } : {};
        for (const target of [t, pub]) {
          await target.catalog.importDocument(serverDoc(name, '1.0.0', extra) as unknown as ServerJson);
          if (Number(name.slice(-1)) === 0) await target.catalog.importDocument(serverDoc(name, '1.1.0', extra) as unknown as ServerJson);
        }
      }
      for (const name of MIRRORED) {
        const doc = serverDoc(name, '1.0.0') as unknown as ServerJson;
        const at = nowMicros();
        await insertServerVersion({
          tx: t.store.db,
          row: { name, version: '1.0.0', doc: JSON.stringify(doc), ...documentFacets(doc), isLatest: true, publishedAt: at, origin: SOURCE },
        });
      }
      t.catalog.cache.invalidate();
      updatedSince = formatTimestamp(nowMicros());
      await new Promise((r) => setTimeout(r, 5));
      // Later versions across namespaces, for the updated_since walk.
      for (const name of [ACME[3]!, ACME[7]!, ACME[50]!, BETA[1]!, BETA[2]!, RARE[1]!]) {
        await t.catalog.importDocument(serverDoc(name, '3.0.0') as unknown as ServerJson);
      }
    }, 120_000);
    afterAll(async () => {
      await t?.destroy();
      await pub?.destroy();
    });

    it('refuses anonymous reads with 401 saying how to authenticate, and callers without catalog.read with 403', async () => {
      for (const url of ['/v0.1/servers', `/v0/servers/${enc('net.rare/one')}/versions`, `/v0.1/servers/${enc('net.rare/one')}/versions/latest`, `/v0.1/servers/${enc('no.such/x')}/versions/latest`]) {
        const res = await t.app.inject({ url });
        expect(res.statusCode).toBe(401);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json().detail).toMatch(/Authorization: Bearer/);
      }
      const token = (await t.app.inject({ method: 'POST', url: '/v0.1/auth/none' })).json().registry_token as string;
      const res = await t.app.inject({ url: '/v0.1/servers', headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(403);
      expect(res.json().detail).toMatch(/catalog\.read/);
    });

    it('keeps health, validate and the auth endpoints open as before', async () => {
      expect((await t.app.inject({ url: '/v0.1/health' })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'POST', url: '/v0.1/validate', payload: serverDoc('com.acme/new', '1.0.0') })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'POST', url: '/v0/auth/none' })).statusCode).toBe(200);
    });

    it('shows each caller what user, group, everyone and source rules allow, deny winning', async () => {
      const all = (await walk('limit=100', AUTH)).items.map((i) => i.server.name);
      expect(new Set(all).size).toBe(ACME.length + BETA.length + RARE.length + MIRRORED.length);
      for (const [who, headers] of [
        ['eng', ENG],
        ['alice', ALICE],
        ['sparse', SPARSE],
        ['mirror', MIRROR],
      ] as const) {
        const names = new Set((await walk('limit=100', headers)).items.map((i) => i.server.name));
        expect([...names].sort(), who).toEqual([...new Set(all.filter(SEES[who]))].sort());
      }
      const eng = new Set((await walk('limit=100', ENG)).items.map((i) => i.server.name));
      expect(eng.has('com.acme/alpha-007')).toBe(false);
      expect(eng.has('com.acme/alpha-006')).toBe(true);
      // An everyone-deny beats a group allow.
      expect(new Set((await walk('limit=100', SPARSE)).items.map((i) => i.server.name)).has('net.rare/three')).toBe(false);
    });

    it('lets reviewers and administrators see everything', async () => {
      const admin = (await walk('limit=100', AUTH)).items.map(keyOf);
      const reviewer = (await walk('limit=100', asUser('rita', [], 'reviewer'))).items.map(keyOf);
      expect(reviewer).toEqual(admin);
      const user = (await walk('limit=100', asUser('uma', []))).items.map(keyOf);
      expect(user.length).toBeLessThan(admin.length);
    });

    it('answers 404 for a hidden server exactly as for a missing one', async () => {
      const missingDetail = await t.app.inject({ url: `/v0.1/servers/${enc('org.beta/nope')}/versions/latest`, headers: ENG });
      const missingVersions = await t.app.inject({ url: `/v0.1/servers/${enc('org.beta/nope')}/versions`, headers: ENG });
      expect(missingDetail.statusCode).toBe(404);
      for (const name of ['org.beta/b-005', 'com.acme/alpha-007', 'io.mirror/m-1']) {
        const detail = await t.app.inject({ url: `/v0.1/servers/${enc(name)}/versions/latest`, headers: ENG });
        expect(detail.statusCode).toBe(404);
        expect(detail.body).toBe(missingDetail.body);
        const exact = await t.app.inject({ url: `/v0.1/servers/${enc(name)}/versions/1.0.0`, headers: ENG });
        expect(exact.body).toBe(missingDetail.body);
        const versions = await t.app.inject({ url: `/v0.1/servers/${enc(name)}/versions`, headers: ENG });
        expect(versions.statusCode).toBe(404);
        expect(versions.body).toBe(missingVersions.body);
        // The same URLs answer 200 to someone allowed.
        expect((await t.app.inject({ url: `/v0.1/servers/${enc(name)}/versions`, headers: AUTH })).statusCode).toBe(200);
      }
      const mirrored = await t.app.inject({ url: `/v0.1/servers/${enc('io.mirror/m-1')}/versions/latest`, headers: MIRROR });
      expect(mirrored.statusCode).toBe(200);
      expect(mirrored.json().server.name).toBe('io.mirror/m-1');
      const visible = await t.app.inject({ url: `/v0/servers/${enc('com.acme/alpha-010')}/versions`, headers: ENG });
      expect(
        visible
          .json()
          .servers.map((s: Item) => s.server.version)
          .sort(),
      ).toEqual(['1.0.0', '1.1.0']);
    });

    it('walks every page of a dense or sparse view with no gap, duplicate or empty last page', async () => {
      const admin = (await walk('limit=100', AUTH)).items;
      for (const [who, headers] of [
        ['eng', ENG],
        ['sparse', SPARSE],
        ['alice', ALICE],
      ] as const) {
        const expected = admin.filter((i) => SEES[who](i.server.name)).map(keyOf);
        for (const limit of [1, 2, 7, 30, 100]) {
          const { items, pages } = await walk(`limit=${limit}`, headers);
          expect(items.map(keyOf), `${who} limit ${limit}`).toEqual(expected);
          for (const page of pages.slice(0, -1)) expect(page.servers.length).toBe(limit);
          expect(pages.at(-1)!.servers.length).toBeGreaterThan(0);
          expect(pages.length).toBe(Math.ceil(expected.length / limit));
        }
      }
    });

    it('counts in include_total only what the caller may see, for plain and ranked walks', async () => {
      for (const [who, headers] of [
        ['admin', AUTH],
        ['eng', ENG],
        ['sparse', SPARSE],
        ['mirror', MIRROR],
      ] as const) {
        for (const query of ['limit=7', 'limit=7&q=widget', 'limit=7&version=latest']) {
          const walked = (await walk(query, headers)).items.length;
          const res = await t.app.inject({ url: `/v0.1/servers?${query}&include_total=true`, headers });
          expect(res.json().metadata['io.toolshed/total'], `${who} ${query}`).toBe(walked);
        }
      }
    });

    it('filters and pages the ranked q= search and the updated_since walk', async () => {
      const ranked = (await walk('limit=100&q=widget', AUTH)).items;
      expect(ranked.length).toBeGreaterThan(50);
      for (const [who, headers] of [
        ['eng', ENG],
        ['sparse', SPARSE],
      ] as const) {
        const expected = ranked.filter((i) => SEES[who](i.server.name)).map(keyOf);
        expect(expected.length).toBeGreaterThan(0);
        for (const limit of [1, 3, 25]) {
          expect((await walk(`limit=${limit}&q=widget`, headers)).items.map(keyOf), `${who} q limit ${limit}`).toEqual(expected);
        }
      }
      const changed = (await walk(`limit=100&updated_since=${enc(updatedSince)}`, AUTH)).items;
      // A new version also changes the previous latest one (isLatest), so both are listed.
      expect([...new Set(changed.map((i) => i.server.name))].sort()).toEqual([ACME[3], ACME[50], ACME[7], BETA[1], BETA[2], RARE[1]].sort());
      for (const [who, headers] of [
        ['eng', ENG],
        ['alice', ALICE],
        ['sparse', SPARSE],
      ] as const) {
        const expected = changed.filter((i) => SEES[who](i.server.name)).map(keyOf);
        for (const limit of [1, 2]) {
          expect((await walk(`limit=${limit}&updated_since=${enc(updatedSince)}`, headers)).items.map(keyOf)).toEqual(expected);
        }
      }
    });

    it('sends private Cache-Control and Vary, and never answers 304 to one caller with another view’s ETag', async () => {
      const urls = ['/v0.1/servers?limit=5', `/v0.1/servers/${enc('net.rare/one')}/versions`, `/v0.1/servers/${enc('net.rare/one')}/versions/latest`];
      for (const url of urls) {
        const res = await t.app.inject({ url, headers: ENG });
        expect(res.statusCode).toBe(200);
        expect(res.headers['cache-control']).toBe('private, max-age=30');
        expect(String(res.headers.vary)).toMatch(/Authorization, Cookie/);
        const again = await t.app.inject({ url, headers: { ...ENG, 'if-none-match': res.headers.etag as string } });
        expect(again.statusCode).toBe(304);
        expect(again.headers['cache-control']).toBe('private, max-age=30');
      }
      const a = await t.app.inject({ url: '/v0.1/servers?limit=5', headers: ENG });
      for (const other of [SPARSE, ALICE, MIRROR]) {
        const b = await t.app.inject({ url: '/v0.1/servers?limit=5', headers: { ...other, 'if-none-match': a.headers.etag as string } });
        expect(b.statusCode).toBe(200);
        expect(b.body).not.toBe(a.body);
        expect(b.headers.etag).not.toBe(a.headers.etag);
      }
      // The cached view of one caller is never served to another: each body holds only what that caller sees.
      for (const [who, headers] of [
        ['sparse', SPARSE],
        ['eng', ENG],
      ] as const) {
        const body = (await t.app.inject({ url: '/v0.1/servers?limit=100', headers })).json() as ListBody;
        expect(body.servers.every((i) => SEES[who](i.server.name))).toBe(true);
      }
    });

    it('shows a rule change on the next request (new policy generation), without any catalog write', async () => {
      const before = await t.app.inject({ url: '/v0.1/servers?limit=100', headers: SPARSE });
      const detail = await t.app.inject({ url: `/v0.1/servers/${enc('net.rare/two')}/versions/latest`, headers: SPARSE });
      expect(detail.statusCode).toBe(200);
      rules.replace(RULES.filter((r) => r.id !== 'sparse-rare'));
      try {
        const after = await t.app.inject({ url: '/v0.1/servers?limit=100', headers: { ...SPARSE, 'if-none-match': before.headers.etag as string } });
        expect(after.statusCode).toBe(200);
        expect((after.json() as ListBody).servers.map((i) => i.server.name)).toEqual(['net.rare/one']);
        expect((await t.app.inject({ url: `/v0.1/servers/${enc('net.rare/two')}/versions/latest`, headers: SPARSE })).statusCode).toBe(404);
      } finally {
        rules.replace(RULES);
      }
      expect((await t.app.inject({ url: `/v0.1/servers/${enc('net.rare/two')}/versions/latest`, headers: SPARSE })).statusCode).toBe(200);
    });

    it('a catalog write shows in every caller’s cached views of that server', async () => {
      const name = 'com.acme/alpha-099';
      const url = `/v0.1/servers/${enc(name)}/versions/latest`;
      expect((await t.app.inject({ url, headers: ENG })).json().server.version).toBe('1.0.0');
      const list = await t.app.inject({ url: '/v0.1/servers?limit=100&version=latest&search=alpha-099', headers: ENG });
      expect((list.json() as ListBody).servers.map(keyOf)).toEqual([`${name}@1.0.0`]);
      const pubRes = await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: serverDoc(name, '2.0.0') });
      expect(pubRes.statusCode).toBe(200);
      expect((await t.app.inject({ url, headers: ENG })).json().server.version).toBe('2.0.0');
      const list2 = await t.app.inject({ url: '/v0.1/servers?limit=100&version=latest&search=alpha-099', headers: ENG });
      expect((list2.json() as ListBody).servers.map(keyOf)).toEqual([`${name}@2.0.0`]);
    });

    it('changes nothing in a public catalog: everyone sees everything, with public caching', async () => {
      const anonymous = await pub.app.inject({ url: '/v0.1/servers?limit=100' });
      expect(anonymous.statusCode).toBe(200);
      expect(anonymous.headers['cache-control']).toBe('public, max-age=30');
      expect(anonymous.headers.vary ?? '').not.toMatch(/Authorization/);
      const sparse = await pub.app.inject({ url: '/v0.1/servers?limit=100', headers: SPARSE });
      expect(sparse.body).toBe(anonymous.body);
      const beta = await pub.app.inject({ url: '/v0.1/servers?search=b-005' });
      expect((beta.json() as ListBody).servers.map((i) => i.server.name)).toEqual(['org.beta/b-005']);
      expect((await pub.app.inject({ url: `/v0.1/servers/${enc('org.beta/b-005')}/versions/latest` })).statusCode).toBe(200);
    });
  });
});
