/**
 * Anonymous discovery of a private catalog (issue #21 item 1), on both databases,
 * with the requests VS Code and GitHub Copilot make (no credentials:
 * `GET /v0.1/servers?limit=1` as a probe, then `version=latest` pages): off by
 * default (401, even when the access default is allow and everyone may discover
 * everything), and once a rule for `anonymous` allows `discover` on some servers,
 * anonymous readers see exactly the approved, unblocked versions of those servers
 * (latest is the latest approved one), every other server answers 404 like a
 * missing one, a deny for anonymous wins, signed-in people are unaffected, and
 * removing the rule closes the catalog again at once. A rule for anonymous callers
 * may only name `discover` (422).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personWithToken } from './support/people.js';
import { serverDoc } from './support/serverDocs.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const enc = encodeURIComponent;
const PUBLIC = ['com.acme/public-alpha', 'com.acme/public-beta', 'com.acme/public-gamma', 'com.acme/public-secret'];
const INTERNAL = ['com.acme/internal-one', 'com.acme/internal-two'];
const BLOCKED = 'com.acme/public-blocked';
/** What Copilot sends: no Authorization, no cookie. */
const COPILOT = { accept: 'application/json', 'user-agent': 'vscode/1.107.0' };

interface ListBody {
  servers: Array<{ server: { name: string; version: string } }>;
  metadata: { count: number; nextCursor?: string };
}

describe.each(DATABASES)('anonymous discovery of a private catalog on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let person: { authorization: string };
    let etag = '*';

    const get = (url: string, headers: Record<string, string> = COPILOT) => t.app.inject({ url, headers });
    async function addRule(rule: Record<string, unknown>) {
      const res = await t.app.inject({ method: 'POST', url: '/api/admin/access/rules', headers: { ...AUTH, 'if-match': etag }, payload: rule });
      expect(res.statusCode, res.body).toBe(201);
      etag = res.headers.etag as string;
      return res;
    }
    async function removeRule(id: string) {
      const res = await t.app.inject({ method: 'DELETE', url: `/api/admin/access/rules/${id}`, headers: { ...AUTH, 'if-match': etag } });
      expect(res.statusCode, res.body).toBeLessThan(300);
      etag = res.headers.etag as string;
    }
    /** Copilot's walk: the probe, then every `version=latest` page. */
    async function copilotWalk(limit: number): Promise<string[]> {
      const probe = await get('/v0.1/servers?limit=1');
      expect(probe.statusCode, probe.body).toBe(200);
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let guard = 0; guard < 50; guard++) {
        const res = await get(`/v0.1/servers?version=latest&limit=${limit}${cursor ? `&cursor=${enc(cursor)}` : ''}`);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.headers['cache-control']).toMatch(/^private/);
        const body = res.json() as ListBody;
        seen.push(...body.servers.map((s) => `${s.server.name}@${s.server.version}`));
        cursor = body.metadata.nextCursor;
        if (cursor === undefined) return seen;
      }
      throw new Error('the walk did not end');
    }

    beforeAll(async () => {
      t = await testToolshed(kind, { catalogVisibility: 'private', accessDefaultEffect: 'allow' });
      for (const name of [...PUBLIC, ...INTERNAL, BLOCKED]) {
        await t.catalog.importDocument(serverDoc(name, '1.0.0') as never);
        await t.catalog.importDocument(serverDoc(name, '1.1.0') as never);
      }
      // A newer version of public-beta waits for review: readers keep 1.1.0.
      await t.catalog.importDocument(serverDoc('com.acme/public-beta', '2.0.0') as never);
      await t.catalog.changeReview('com.acme/public-beta', '2.0.0', async () => ({ state: 'in_review', result: undefined }));
      const moderator = await personWithToken(t, 'mod', ['admin'], { roles: ['reviewer'] });
      const blocked = await t.app.inject({ method: 'POST', url: `/api/servers/${enc(BLOCKED)}/block`, headers: { ...moderator.headers, 'if-match': 'W/"0"' }, payload: { reason: 'malware' } });
      expect(blocked.statusCode, blocked.body).toBe(200);
      person = (await personWithToken(t, 'pat', ['catalog:read'], { roles: ['user'] })).headers;
      await addRule({ id: 'everyone-all', effect: 'allow', subject: { everyone: true }, actions: ['discover'], resource: { server: '*' } });
    });
    afterAll(async () => {
      await t?.destroy();
    });

    it('refuses anonymous reads while no rule is for anonymous callers, even with everyone allowed and a default of allow', async () => {
      for (const url of ['/v0.1/servers?limit=1', '/v0.1/servers?version=latest&limit=100', `/v0.1/servers/${enc(PUBLIC[0]!)}/versions/latest`, '/v0/servers']) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(401);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
      // Signed-in people read as before.
      expect((await get('/v0.1/servers?limit=1', person)).statusCode).toBe(200);
    });

    it('refuses a rule for anonymous callers that names connect or call', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/admin/access/rules',
        headers: AUTH,
        payload: { id: 'anon-connect', effect: 'allow', subject: { anonymous: true }, actions: ['discover', 'connect'], resource: { server: '*' } },
      });
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(res.json())).toContain('a rule for anonymous callers applies only to discover');
    });

    it('shows Copilot exactly the approved latest versions of the servers a rule for anonymous callers allows', async () => {
      await addRule({ id: 'anon-public', effect: 'allow', subject: { anonymous: true }, actions: ['discover'], resource: { server: 'com.acme/public-*' } });
      await addRule({ id: 'anon-not-secret', effect: 'deny', subject: { anonymous: true }, actions: ['discover'], resource: { server: 'com.acme/public-secret' } });
      const expected = ['com.acme/public-alpha@1.1.0', 'com.acme/public-beta@1.1.0', 'com.acme/public-gamma@1.1.0'];
      for (const limit of [1, 2, 100]) expect(await copilotWalk(limit)).toEqual(expected);
      const probe = (await get('/v0.1/servers?limit=1')).json() as ListBody;
      expect(probe.servers.map((s) => s.server.name)).toEqual(['com.acme/public-alpha']);
      expect((await get('/v0.1/servers?include_total=true')).json().metadata['io.toolshed/total']).toBe(6);
      // Reads of what anonymous callers may not see answer exactly like a missing server.
      const missing = await get(`/v0.1/servers/${enc('com.acme/nowhere')}/versions/latest`);
      expect(missing.statusCode).toBe(404);
      for (const name of [INTERNAL[0]!, 'com.acme/public-secret', BLOCKED]) {
        const res = await get(`/v0.1/servers/${enc(name)}/versions/latest`);
        expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 404, body: missing.json() });
      }
      expect((await get(`/v0.1/servers/${enc('com.acme/public-beta')}/versions/2.0.0`)).statusCode).toBe(404);
      expect(((await get(`/v0.1/servers/${enc('com.acme/public-beta')}/versions`)).json() as ListBody).servers.map((s) => s.server.version).sort()).toEqual(['1.0.0', '1.1.0']);
      // Signed-in people see what their own rules allow, anonymous rules aside.
      const theirs = (await get('/v0.1/servers?version=latest&limit=100', person)).json() as ListBody;
      expect(theirs.servers.map((s) => s.server.name)).toEqual(expect.arrayContaining([...INTERNAL, 'com.acme/public-secret']));
    });

    it('closes the catalog to anonymous readers again as soon as the rules for them are gone', async () => {
      expect((await get('/v0.1/servers?limit=1')).statusCode).toBe(200);
      await removeRule('anon-public');
      // Only a deny is left for anonymous callers: nothing is open to them.
      expect((await get('/v0.1/servers?limit=1')).statusCode).toBe(401);
      await removeRule('anon-not-secret');
      expect((await get('/v0.1/servers?limit=1')).statusCode).toBe(401);
    });
  });
});
