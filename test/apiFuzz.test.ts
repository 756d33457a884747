/**
 * Property-based fuzzing of every Toolshed API route (`/api/…` and `/auth/…`,
 * taken from the app's route table so a new route is fuzzed without being listed
 * here), as an administrator so requests get past the access check, on every
 * database: generated JSON bodies (arbitrary values and objects built from the
 * fields these routes take), query strings and path parameters. Whatever
 * arrives, the answer is below 500, an error is problem+json, and nothing leaks.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../src/http/routeTable.js';
import { checkResponse } from './support/checkResponse.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

/** Field names the API's bodies and queries use, so generated objects reach past the shape checks. */
const FIELDS = [
  'id', 'name', 'label', 'server', 'tool', 'source', 'user', 'group', 'groups', 'roles', 'role', 'scopes', 'expiresInDays',
  'effect', 'subject', 'actions', 'resource', 'rules', 'everyone', 'description', 'disabled', 'position', 'action', 'since',
  'limit', 'cursor', 'baseUrl', 'authHeader', 'filter', 'precedence', 'enabled', 'intervalSeconds', 'decision', 'trust',
  'tags', 'notes', 'upsert', 'delete', 'principals', 'servers', 'tools', 'returnTo', 'csrfToken', 'kind', 'value', '__proto__',
];
const scalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', '*', 'com.acme/*', 'allow', 'deny', 'discover', 'call', 'admin', 'user', 'catalog:read', '../..', '%00', 'a'.repeat(300), '2026-01-01T00:00:00Z'),
  fc.integer({ min: -5, max: 1e9 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.constantFrom(...FIELDS), tie('v'), { maxKeys: 5 })),
})).v;
const body = fc.oneof(value, fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 6 }));
const segment = fc.oneof(fc.constantFrom('x', 'admin', 'usr_x', 'tok_x', '*', 'local', '%2F', '%00', '..', 'a'.repeat(250)), fc.stringMatching(/^[\w.~%-]{1,30}$/));
const query = fc
  .array(fc.tuple(fc.constantFrom(...FIELDS), fc.oneof(fc.stringMatching(/^[\w.*%:-]{0,20}$/), fc.constantFrom('%ZZ', '-1', '1e99', 'true'))), { maxLength: 4 })
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));

describe.each(DATABASES)('API fuzz on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let routes: RouteEntry[];

    beforeAll(async () => {
      t = await testToolshed(kind);
      routes = t.app.routeTable.filter((r) => (r.url.startsWith('/api/') || r.url.startsWith('/auth/')) && r.method !== 'HEAD' && r.method !== 'OPTIONS');
    });
    afterAll(async () => t?.destroy());

    it('fuzzes a good number of routes', () => {
      expect(routes.length).toBeGreaterThan(30);
    });

    it('answers every generated request to every route below 500, as problem+json when refused, leaking nothing', async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(), fc.array(segment, { minLength: 3, maxLength: 3 }), query, body, async (pick, segments, q, payload) => {
          const route = routes[pick % routes.length]!;
          let i = 0;
          const url = route.url.replace(/:[A-Za-z]+/g, () => segments[i++ % segments.length]!) + (q ? `?${q}` : '');
          const text = JSON.stringify(payload) ?? 'null';
          const hasBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
          const res = await t.app.inject({
            method: route.method as 'GET',
            url,
            headers: { ...AUTH, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
            ...(hasBody ? { payload: text } : {}),
          });
          checkResponse({ method: route.method, url, text }, res, { anySuccessType: true });
        }),
        { numRuns: 1500 },
      );
    }, 300_000);
  });
});
