/**
 * A server's trust level and owners through /api/servers/{name}/governance, on both
 * databases: trust set by a reviewer with If-Match (428 without, 412 when stale,
 * 422 for an unknown level, 403 without catalog.approve; of two decisions from the
 * same read exactly one wins), who and when recorded and one `trust` audit row;
 * trust shown in `_meta["io.toolshed/governance"]` on /v0 and /v0.1 answers, a
 * reviewer's level overriding the curated default in the answer and the `trust=`
 * filter; owners named by verified email or group (unknown ones refused), who may
 * change contacts but not trust, publish new versions under the server's name
 * with their own Toolshed token whose scopes admit writes (not new names; a catalog:read token is refused
 * this and every other owner's write), and re-certify it (the due date
 * follows the trust level's interval); nothing is half-written by a refused change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personWithToken } from './support/people.js';
import { serverDoc } from './support/serverDocs.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const NAME = 'com.example/governed';
const PATH = `/api/servers/${encodeURIComponent(NAME)}/governance`;
const GOV = 'io.toolshed/governance';
const DAY_MS = 86_400_000;

type Person = Awaited<ReturnType<typeof personWithToken>>;

describe.each(DATABASES)('server governance on %s', (kind) => {
  describe.skipIf(unavailable(kind))(`(${kind})`, () => {
    let t: TestToolshed;
    let reviewer: Person;
    let publisher: Person;
    let owner: Person;
    let stranger: Person;

    const inject = (method: 'GET' | 'PATCH' | 'POST', url: string, headers: Record<string, string>, payload?: unknown) =>
      t.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
    const read = async () => {
      const res = await inject('GET', PATH, AUTH);
      expect(res.statusCode, res.body).toBe(200);
      return { body: res.json(), etag: res.headers.etag as string };
    };
    const trustEvents = async (action: string) => (await t.catalog.events({ name: NAME }, 50)).filter((e) => e.action === action);

    beforeAll(async () => {
      t = await testToolshed(kind, { recertifyDays: 'verified=180,internal=365,community=90,experimental=30' });
      for (const name of [NAME, 'com.example/other']) {
        const res = await inject('POST', '/v0.1/publish', AUTH, serverDoc(name, '1.0.0'));
        expect(res.statusCode, res.body).toBe(200);
      }
      reviewer = await personWithToken(t, 'rita', ['admin'], { roles: ['reviewer'] });
      publisher = await personWithToken(t, 'paul', ['admin'], { roles: ['publisher'] });
      owner = await personWithToken(t, 'olga', ['catalog:read'], { roles: ['user'], groups: ['platform'] });
      stranger = await personWithToken(t, 'sam', ['catalog:read'], { roles: ['user'] });
    });
    afterAll(async () => {
      await t?.destroy();
    });

    it('answers 404 for a server the catalog does not hold, and revision 0 before any decision', async () => {
      const missing = await inject('GET', `/api/servers/${encodeURIComponent('com.example/none')}/governance`, AUTH);
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('GOVERNANCE_SERVER_NOT_FOUND');
      const { body, etag } = await read();
      expect(etag).toBe('W/"0"');
      expect(body).toMatchObject({ name: NAME, trust: null, trustSource: null, owners: [], revision: 0 });
    });

    it('sets trust only with catalog.approve and a current If-Match; refused changes write nothing', async () => {
      const { etag } = await read();
      const noMatch = await inject('PATCH', PATH, reviewer.headers, { trust: 'verified' });
      expect(noMatch.statusCode).toBe(428);
      expect(noMatch.json().code).toBe('GOVERNANCE_IF_MATCH_REQUIRED');
      const unknown = await inject('PATCH', PATH, { ...reviewer.headers, 'if-match': etag }, { trust: 'trusted' });
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json()).toMatchObject({ code: 'GOVERNANCE_TRUST_UNKNOWN' });
      expect(unknown.headers['content-type']).toContain('application/problem+json');
      const forbidden = await inject('PATCH', PATH, { ...publisher.headers, 'if-match': etag }, { trust: 'verified' });
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.json().code).toBe('GOVERNANCE_FORBIDDEN');
      const stale = await inject('PATCH', PATH, { ...reviewer.headers, 'if-match': 'W/"7"' }, { trust: 'verified' });
      expect(stale.statusCode).toBe(412);
      expect(stale.json().code).toBe('GOVERNANCE_CHANGED');
      expect((await read()).body).toMatchObject({ trust: null, revision: 0 });
      expect(await trustEvents('trust')).toEqual([]);

      const before = Date.now();
      const ok = await inject('PATCH', PATH, { ...reviewer.headers, 'if-match': etag }, { trust: 'experimental', reason: 'new, unreviewed' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.headers.etag).toBe('W/"1"');
      const body = ok.json();
      expect(body).toMatchObject({ trust: 'experimental', trustSource: 'reviewer', trustSetBy: 'rita@example.com', revision: 1 });
      expect(Date.parse(body.trustSetAt)).toBeGreaterThanOrEqual(before - 1000);
      // Setting trust sets the re-certification due date from the level's interval (experimental=30).
      const due = Date.parse(body.recertifyDueAt) - Date.parse(body.trustSetAt);
      expect(Math.round(due / DAY_MS)).toBe(30);
      const events = await trustEvents('trust');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ version: '', actor_subject: 'rita@example.com' });
      expect(JSON.parse(events[0]!.new_value)).toEqual({ trust: 'experimental', reason: 'new, unreviewed' });
    });

    it('lets exactly one of two decisions from the same read win', async () => {
      const { etag } = await read();
      const [a, b] = await Promise.all([
        inject('PATCH', PATH, { ...reviewer.headers, 'if-match': etag }, { trust: 'community' }),
        inject('PATCH', PATH, { ...reviewer.headers, 'if-match': etag }, { trust: 'internal' }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412]);
      const winner = a.statusCode === 200 ? 'community' : 'internal';
      expect((await read()).body).toMatchObject({ trust: winner, revision: Number(etag.slice(3, -1)) + 1 });
    });

    it('shows trust in _meta on /v0 and /v0.1 answers, the reviewer’s level over the curated default, and filters by it', async () => {
      await t.federation.curate({ source: 'local', name: NAME, trust: 'verified' }, 'admin');
      await t.federation.curate({ source: 'local', name: 'com.example/other', trust: 'community' }, 'admin');
      const { etag } = await read();
      const set = await inject('PATCH', PATH, { ...reviewer.headers, 'if-match': etag }, { trust: 'experimental' });
      expect(set.statusCode, set.body).toBe(200);
      expect(set.json()).toMatchObject({ trust: 'experimental', trustSource: 'reviewer', curatedTrust: 'verified' });
      for (const prefix of ['/v0', '/v0.1']) {
        const one = await inject('GET', `${prefix}/servers/${encodeURIComponent(NAME)}/versions/latest`, {});
        expect(one.json()._meta[GOV]).toEqual({ reviewState: 'approved', trust: 'experimental', trustSource: 'reviewer', recertifyDueAt: expect.any(String) });
        const list = await inject('GET', `${prefix}/servers?version=latest`, {});
        const metas = Object.fromEntries((list.json().servers as Array<{ server: { name: string }; _meta: Record<string, unknown> }>).map((s) => [s.server.name, s._meta[GOV]]));
        expect(metas[NAME]).toMatchObject({ trust: 'experimental', trustSource: 'reviewer' });
        expect(metas['com.example/other']).toEqual({ reviewState: 'approved', trust: 'community', trustSource: 'curation' });
      }
      const names = async (q: string) => ((await inject('GET', `/v0.1/servers?version=latest&${q}`, {})).json().servers as Array<{ server: { name: string } }>).map((s) => s.server.name);
      expect(await names('trust=verified')).toEqual([]);
      expect(await names('trust=experimental')).toEqual([NAME]);
      expect(await names('trust=community,experimental')).toEqual([NAME, 'com.example/other']);
      // Clearing the reviewer's level falls back to the curated default.
      const cleared = await inject('PATCH', PATH, { ...reviewer.headers, 'if-match': set.headers.etag as string }, { trust: null });
      expect(cleared.json()).toMatchObject({ trust: 'verified', trustSource: 'curation' });
      expect(await names('trust=verified')).toEqual([NAME]);
    });

    it('names owners by verified email or group, refusing unknown ones whole', async () => {
      const { etag } = await read();
      const unknown = await inject(
        'PATCH',
        PATH,
        { ...reviewer.headers, 'if-match': etag },
        {
          owners: [
            { kind: 'user', email: 'olga@example.com' },
            { kind: 'user', email: 'nobody@example.com' },
          ],
          supportContact: 'help@example.com',
        },
      );
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json().code).toBe('GOVERNANCE_OWNER_UNKNOWN');
      const bad = await inject('PATCH', PATH, { ...reviewer.headers, 'if-match': etag }, { docsUrl: 'http://docs.example.com' });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().code).toBe('GOVERNANCE_INVALID');
      expect((await read()).body).toMatchObject({ owners: [], supportContact: null, revision: Number(etag.slice(3, -1)) });

      const ok = await inject(
        'PATCH',
        PATH,
        { ...reviewer.headers, 'if-match': etag },
        {
          owners: [
            { kind: 'user', email: 'OLGA@example.com' },
            { kind: 'group', name: 'platform' },
          ],
          supportContact: 'help@example.com',
          docsUrl: 'https://docs.example.com/governed',
          reason: 'handed to the platform team',
        },
      );
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().owners).toEqual([
        { kind: 'user', id: owner.user.id, email: 'olga@example.com', name: 'olga' },
        { kind: 'group', name: 'platform' },
      ]);
      const events = await trustEvents('owners');
      expect(events).toHaveLength(1);
      expect(JSON.parse(events[0]!.new_value)).toMatchObject({
        owners: [
          { kind: 'user', id: owner.user.id },
          { kind: 'group', name: 'platform' },
        ],
        reason: 'handed to the platform team',
      });
      const meta = (await inject('GET', `/v0.1/servers/${encodeURIComponent(NAME)}/versions/latest`, {})).json()._meta[GOV];
      expect(meta).toMatchObject({
        owners: [
          { kind: 'user', id: owner.user.id },
          { kind: 'group', name: 'platform' },
        ],
        supportContact: 'help@example.com',
        docsUrl: 'https://docs.example.com/governed',
      });
    });

    it('lets an owner change contacts but not trust; a stranger neither', async () => {
      const { etag } = await read();
      const trust = await inject('PATCH', PATH, { ...owner.headers, 'if-match': etag }, { trust: 'verified' });
      expect(trust.statusCode).toBe(403);
      const stranger1 = await inject('PATCH', PATH, { ...stranger.headers, 'if-match': etag }, { supportContact: 'https://evil.example' });
      expect(stranger1.statusCode).toBe(403);
      // The owner's catalog:read token only reads.
      const readOnly = await inject('PATCH', PATH, { ...owner.headers, 'if-match': etag }, { supportContact: 'https://help.example.com/governed' });
      expect(readOnly.statusCode).toBe(403);
      expect(readOnly.json()).toMatchObject({ code: 'GOVERNANCE_OWNER_SCOPE_REQUIRED', detail: expect.stringContaining('"catalog:contribute"') });
      const mine = await inject('PATCH', PATH, { ...(await ownerWriter(['catalog:contribute'])), 'if-match': etag }, { supportContact: 'https://help.example.com/governed' });
      expect(mine.statusCode, mine.body).toBe(200);
      expect(mine.json().supportContact).toBe('https://help.example.com/governed');
    });

    /** A second personal token of the owner, with scopes that admit writes. */
    async function ownerWriter(scopes: string[]): Promise<{ authorization: string }> {
      const caller = await t.directory.callerForUser(owner.user.id, 'session');
      const created = await t.apiTokens.createPersonal(caller!, { name: `olga ${scopes.join('+')}`, scopes });
      return { authorization: `Bearer ${created.secret}` };
    }

    it('lets an owner publish new versions with their own token, but not under a new name', async () => {
      const writer = await ownerWriter(['catalog:contribute']);
      const refused = await inject('POST', '/v0.1/publish', stranger.headers, serverDoc(NAME, '1.1.0'));
      expect(refused.statusCode).toBe(403);
      const published = await inject('POST', '/v0.1/publish', writer, serverDoc(NAME, '1.1.0'));
      expect(published.statusCode, published.body).toBe(200);
      const event = (await t.catalog.events({ name: NAME }, 50)).find((e) => e.action === 'publish' && e.version === '1.1.0');
      expect(event).toMatchObject({ actor_subject: 'olga@example.com' });
      const fresh = await inject('POST', '/v0.1/publish', writer, serverDoc('com.example/brand-new', '1.0.0'));
      expect(fresh.statusCode).toBe(403);
      const otherName = await inject('POST', '/v0.1/publish', writer, serverDoc('com.example/other', '1.1.0'));
      expect(otherName.statusCode).toBe(403);
    });

    it('refuses an owner publishing with a catalog:read token, naming the scope it lacks, and writes nothing', async () => {
      const before = (await t.catalog.events({ name: NAME }, 50)).length;
      const res = await inject('POST', '/v0.1/publish', owner.headers, serverDoc(NAME, '1.2.0'));
      expect(res.statusCode, res.body).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'GOVERNANCE_OWNER_SCOPE_REQUIRED' });
      expect(res.json().detail).toContain('"catalog:contribute"');
      expect(res.json().detail).toContain('catalog:read');
      expect((await inject('GET', `/v0.1/servers/${encodeURIComponent(NAME)}/versions/1.2.0`, AUTH)).statusCode).toBe(404);
      expect((await t.catalog.events({ name: NAME }, 50)).length).toBe(before);
      const published = await inject('POST', '/v0.1/publish', await ownerWriter(['catalog:read', 'catalog:contribute']), serverDoc(NAME, '1.2.0'));
      expect(published.statusCode, published.body).toBe(200);
    });

    it('lets an owner re-certify (If-Match), recording who and when and the next due date from the trust level', async () => {
      const path = `/api/servers/${encodeURIComponent(NAME)}/recertify`;
      const writer = await ownerWriter(['catalog:contribute']);
      expect((await inject('POST', path, writer, {})).statusCode).toBe(428);
      const { etag, body: before } = await read();
      expect((await inject('POST', path, { ...stranger.headers, 'if-match': etag }, {})).statusCode).toBe(403);
      const readOnly = await inject('POST', path, { ...owner.headers, 'if-match': etag }, { reason: 'still in use by billing' });
      expect(readOnly.statusCode).toBe(403);
      expect(readOnly.json().code).toBe('GOVERNANCE_OWNER_SCOPE_REQUIRED');
      const ok = await inject('POST', path, { ...writer, 'if-match': etag }, { reason: 'still in use by billing' });
      expect(ok.statusCode, ok.body).toBe(200);
      const body = ok.json();
      expect(body).toMatchObject({ recertifiedBy: 'olga@example.com', trust: before.trust });
      // The trust in force is the curated `verified` (180 days).
      expect(Math.round((Date.parse(body.recertifyDueAt) - Date.parse(body.recertifiedAt)) / DAY_MS)).toBe(180);
      const events = await trustEvents('recertify');
      expect(events).toHaveLength(1);
      expect(JSON.parse(events[0]!.new_value)).toMatchObject({ reason: 'still in use by billing' });
      expect((await inject('POST', path, { ...writer, 'if-match': etag }, {})).statusCode).toBe(412);
    });
  });
});
