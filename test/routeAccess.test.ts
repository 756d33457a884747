/**
 * The route table, read from every route the app registers (hidden ones too), on
 * every database: every `/api/` route declares exactly one of `permission`,
 * `signedIn` or `anonymous`; every route with a permission answers 401
 * problem+json to an anonymous request and 403 to a signed-in caller without the
 * permission; every signed-in route answers 401 to an anonymous request. The
 * table is walked, so a new route cannot be forgotten.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../src/http/routeTable.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { testToolshed, type TestToolshed } from './support/testToolshed.js';

/** A path with every parameter filled by a value each parameter schema accepts. */
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, 'x-1').replace(/\*$/, 'x');

describe.each(DATABASES)('route access on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let routes: RouteEntry[];
    /** Signed-in callers that hold exactly one permission: catalog.read, or gateway.connect. */
    let readerOnly: { authorization: string };
    let gatewayOnly: { authorization: string };

    beforeAll(async () => {
      t = await testToolshed(kind);
      routes = t.app.routeTable.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS');
      const token = async (scopes: string[]) => ({ authorization: `Bearer ${(await t.apiTokens.createService({ name: `only ${scopes[0]}`, roles: ['user'], scopes }, 'test')).secret}` });
      readerOnly = await token(['catalog:read']);
      gatewayOnly = await token(['gateway']);
    });
    afterAll(async () => {
      await t?.destroy();
    });

    const request = (r: RouteEntry, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: r.method as 'GET',
        url: concrete(r.url),
        headers,
        ...(['POST', 'PUT', 'PATCH'].includes(r.method) ? { payload: {} } : {}),
      });

    it('collects every route, the access API among them', () => {
      const keys = routes.map((r) => `${r.method} ${r.url}`);
      for (const key of [
        'GET /api/me',
        'POST /api/me/tokens',
        'PATCH /api/admin/users/:id',
        'PUT /api/admin/groups/:name/members/:userId',
        'DELETE /api/admin/tokens/:id',
        'GET /api/admin/sources',
        'GET /openapi.json',
      ]) {
        expect(keys).toContain(key);
      }
    });

    it('has every /api/ route declare exactly one of permission, signedIn and anonymous', () => {
      const api = routes.filter((r) => r.url.startsWith('/api/'));
      expect(api.length).toBeGreaterThan(20);
      const undeclared = api.filter((r) => [r.permission !== undefined, r.signedIn === true, r.anonymous === true].filter(Boolean).length !== 1);
      expect(undeclared.map((r) => `${r.method} ${r.url}`)).toEqual([]);
    });

    it('answers 401 to anonymous and 403 to a caller without the permission on every route that needs one', async () => {
      const guarded = routes.filter((r) => r.permission !== undefined);
      expect(guarded.length).toBeGreaterThan(20);
      for (const r of guarded) {
        const label = `${r.method} ${r.url} (${r.permission})`;
        const anonymous = await request(r);
        expect(anonymous.statusCode, `${label} anonymous`).toBe(401);
        expect(anonymous.headers['content-type'], label).toContain('application/problem+json');
        const lacking = r.permission === 'catalog.read' ? gatewayOnly : readerOnly;
        const refused = await request(r, lacking);
        expect(refused.statusCode, `${label} without the permission`).toBe(403);
        expect(refused.json().detail, label).toMatch(`This needs the permission "${r.permission}"`);
      }
    });

    it('answers 401 to anonymous on every signed-in route', async () => {
      const signedIn = routes.filter((r) => r.signedIn);
      expect(signedIn.length).toBeGreaterThan(0);
      for (const r of signedIn) {
        const anonymous = await request(r);
        expect(anonymous.statusCode, `${r.method} ${r.url}`).toBe(401);
        expect(anonymous.headers['content-type']).toContain('application/problem+json');
        expect((await request(r, readerOnly)).statusCode, `${r.method} ${r.url} signed in`).not.toBe(401);
      }
    });
  });
});
