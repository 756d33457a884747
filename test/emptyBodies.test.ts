/**
 * An empty request body is no body, whatever the Content-Type says, on every
 * database: every route (taken from the app's route table, so a new one is covered
 * without being listed) answers an empty body sent as `application/json`, with a
 * charset, as `text/plain` or with no type at all in the same way; routes without a
 * body schema accept it (`POST /v0/auth/none` answers 200, as on the official
 * registry), and routes that take a body refuse it with 400 "request body is required".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded'];

describe.each(DATABASES)('empty bodies on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    beforeAll(async () => {
      t = await testToolshed(kind, { anonymousAuth: true });
    });
    afterAll(async () => t?.destroy());

    const send = (method: string, url: string, type?: string) => t.app.inject({ method: method as 'POST', url, headers: { ...AUTH, ...(type ? { 'content-type': type } : {}) }, payload: '' });

    it('accepts POST /v0/auth/none with Content-Type: application/json and no body, as the official registry does', async () => {
      for (const url of ['/v0/auth/none', '/v0.1/auth/none']) {
        const res = await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' } });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().registry_token).toEqual(expect.any(String));
      }
    });

    it('answers an empty body the same on every route whatever the Content-Type, refusing it only where a body is required', async () => {
      const routes = t.app.routeTable.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));
      expect(routes.length).toBeGreaterThan(30);
      let accepted = 0;
      for (const route of routes) {
        const url = route.url.replace(/:[A-Za-z]+/g, 'x');
        const untyped = await send(route.method, url);
        const required = untyped.statusCode === 400 && untyped.json().detail === 'request body is required';
        if (!required) accepted++;
        for (const type of TYPES) {
          const res = await send(route.method, url, type);
          // Statuses may differ where the first call changed state (the starter rules apply once, then 409);
          // what must not differ is whether the empty body is refused as missing, and it is never a 415 or a 5xx.
          const seen = {
            route: `${route.method} ${url}`,
            type,
            required: res.statusCode === 400 && res.json().detail === 'request body is required',
            unsupported: res.statusCode === 415 || res.statusCode >= 500,
          };
          expect(seen).toEqual({ route: `${route.method} ${url}`, type, required, unsupported: false });
        }
      }
      // Both kinds exist, so neither half of the property holds vacuously.
      expect(accepted).toBeGreaterThan(10);
      expect(routes.length - accepted).toBeGreaterThan(5);
    });
  });
});
