/**
 * Property-based fuzzing of every Toolshed API route (`/api/…` and `/auth/…`,
 * taken from the app's route table so a new route is fuzzed without being listed
 * here), as an administrator so requests get past the access check, on every
 * database: generated JSON bodies (arbitrary values and objects built from the
 * fields these routes take), query strings and path parameters. Whatever
 * arrives, the answer is below 500, an error is problem+json, and nothing leaks.
 * Whitespace and Unicode whitespace in every string field of a valid body of every
 * route that takes one are accepted, or refused with a 4xx naming the field.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../src/http/routeTable.js';
import { checkResponse } from './support/checkResponse.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { personWithToken } from './support/people.js';
import { remoteDoc, serverDoc } from './support/serverDocs.js';
import { snapshotOf } from '../src/inventory/snapshotOf.js';
import { nowMicros, recordSnapshot } from '../src/store/index.js';
import { getAt, namesField, pathText, stringPaths, whitespaceVariant, withAt, WHITESPACE, type Path } from './support/whitespace.js';

/** Field names the API's bodies and queries use, so generated objects reach past the shape checks. */
const FIELDS = [
  'id',
  'name',
  'label',
  'server',
  'tool',
  'source',
  'user',
  'group',
  'groups',
  'roles',
  'role',
  'scopes',
  'expiresInDays',
  'effect',
  'subject',
  'actions',
  'resource',
  'rules',
  'everyone',
  'description',
  'disabled',
  'position',
  'action',
  'since',
  'limit',
  'cursor',
  'baseUrl',
  'authHeader',
  'filter',
  'precedence',
  'enabled',
  'intervalSeconds',
  'decision',
  'trust',
  'tags',
  'notes',
  'upsert',
  'delete',
  'principals',
  'servers',
  'tools',
  'returnTo',
  'csrfToken',
  'kind',
  'value',
  '__proto__',
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

    describe('whitespace in every string field of every body', () => {
      const SERVER = 'com.example/ws-target';
      // Blocks land on a server of their own: a blocked server leaves people's discovery, and the other cases connect to SERVER.
      const BLOCKED = 'com.example/ws-blocked';
      const rule = (id: string) => ({
        id,
        description: 'Platform may connect',
        effect: 'allow',
        subject: { group: 'platform' },
        actions: ['discover', 'connect'],
        resource: { server: 'com.example/*' },
      });
      /** A valid body for each route that takes one (`n` keeps names unique), and what it needs first. */
      /** Open reports made for the resolve route, by `n`. */
      const reportIds = new Map<number, number>();
      const openReport = async (n: number) => {
        const row = await t.store.db
          .insertInto('server_reports')
          .values({
            name: BLOCKED,
            version: null,
            reporter: `ws-reporter-${n}`,
            kind: 'broken',
            text: 'x',
            state: 'open',
            created_at: nowMicros(),
            decided_by: null,
            decided_at: null,
            action: null,
            reason: null,
            revision: 1,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        reportIds.set(n, Number(row.id));
      };
      /** A version of its own in review, published by the person so the admin token may decide it (four-eyes). */
      const pendingReview = (what: string) => async (n: number) => {
        const name = `com.example/ws-${what}-${n}`;
        expect((await send('POST', '/v0.1/publish', serverDoc(name, '1.0.0'), person)).statusCode).toBe(200);
        await t.store.db.updateTable('version_reviews').set({ state: 'in_review' }).where('name', '=', name).execute();
        await t.store.db.updateTable('server_versions').set({ review_state: 'in_review' }).where('name', '=', name).execute();
      };
      const review = (n: number, what: string) => `/api/reviews/${encodeURIComponent(`com.example/ws-${what}-${n}`)}/1.0.0/${what}`;
      const IF_ANY = { ...AUTH, 'if-match': '*' };
      const BODIES: Record<
        string,
        { url: (n: number) => string; body: (n: number) => Record<string, unknown>; before?: (n: number) => Promise<void>; person?: true; headers?: Record<string, string> }
      > = {
        'POST /api/reviews/:name/:version/approve': { url: (n) => review(n, 'approve'), body: () => ({ reason: 'Looks fine' }), before: pendingReview('approve'), headers: IF_ANY },
        'POST /api/reviews/:name/:version/reject': { url: (n) => review(n, 'reject'), body: () => ({ reason: 'Sends data out' }), before: pendingReview('reject'), headers: IF_ANY },
        'POST /api/reviews/:name/:version/comments': { url: (n) => review(n, 'comments'), body: () => ({ body: 'Who owns it?' }), before: pendingReview('comments') },
        'PUT /api/admin/review-policy/:source': {
          url: () => '/api/admin/review-policy/local',
          // Keeps review off for the rest of this file: what it publishes is live at once.
          body: () => ({ defaultAction: 'approve', allowSelfApproval: false, rules: [{ namespace: 'com.example/*', publishedBy: { group: 'platform' }, when: 'checks-pass' }] }),
          headers: IF_ANY,
        },
        'POST /api/admin/groups': { url: () => '/api/admin/groups', body: (n) => ({ name: `team-${n}`, description: 'The platform team' }) },
        'POST /api/admin/tokens': { url: () => '/api/admin/tokens', body: (n) => ({ name: `release ci ${n}`, roles: ['publisher'], groups: ['platform'], scopes: ['catalog:publish'] }) },
        'POST /api/me/tokens': { url: () => '/api/me/tokens', body: (n) => ({ name: `laptop ${n}`, scopes: ['gateway'] }), person: true },
        'PATCH /api/admin/users/:id': { url: () => `/api/admin/users/${otherUserId}`, body: () => ({ roles: ['publisher'] }) },
        'PUT /api/admin/access/rules': { url: () => '/api/admin/access/rules', body: (n) => ({ rules: [rule(`r-all-${n}`)] }) },
        'POST /api/admin/access/rules': { url: () => '/api/admin/access/rules', body: (n) => rule(`r-new-${n}`) },
        'PUT /api/admin/access/rules/:id': {
          url: (n) => `/api/admin/access/rules/r-put-${n}`,
          body: (n) => rule(`r-put-${n}`),
          before: async (n) => void (await send('POST', '/api/admin/access/rules', rule(`r-put-${n}`))),
        },
        'POST /api/admin/access/simulate': {
          url: () => '/api/admin/access/simulate',
          body: (n) => ({ upsert: [rule(`r-sim-${n}`)], principals: [{ user: 'ws-person@example.com', groups: ['platform'] }], servers: [SERVER], tools: [{ server: SERVER, tool: 'echo' }] }),
        },
        'POST /api/me/connections': {
          url: () => '/api/me/connections',
          body: () => ({ server: SERVER, label: 'laptop / Claude Desktop' }),
          person: true,
          // The rule set may just have been replaced by one whose pattern took the whitespace.
          before: async () => void (await send('PUT', '/api/admin/access/rules', { rules: [rule('r-base')] })),
        },
        'PATCH /api/me/connections/:id': { url: () => `/api/me/connections/${connectionId}`, body: () => ({ label: 'laptop / Claude Desktop' }), person: true },
        'POST /api/admin/sources': { url: () => '/api/admin/sources', body: (n) => ({ name: `src-${n}`, baseUrl: 'https://registry.example.com', authHeader: 'Bearer abc', enabled: false }) },
        'PATCH /api/admin/sources/:name': { url: () => '/api/admin/sources/upstream', body: () => ({ baseUrl: 'https://registry.example.com', authHeader: 'Bearer abc' }) },
        'PUT /api/admin/curations/:source/:name': {
          url: () => `/api/admin/curations/upstream/${encodeURIComponent(SERVER)}`,
          body: () => ({ decision: 'allow', pinnedVersion: '1.0.0', hiddenVersions: ['0.9.0'], trust: 'verified', tags: ['finance'], notes: 'Reviewed by security' }),
        },
        'PUT /api/admin/servers/:name/secrets/:secretName': { url: (n) => `/api/admin/servers/${encodeURIComponent(SERVER)}/secrets/KEY_${n}`, body: () => ({ kind: 'header', value: 'abc' }) },
        'PUT /api/me/servers/:name/secrets/:secretName': {
          url: (n) => `/api/me/servers/${encodeURIComponent(SERVER)}/secrets/KEY_${n}`,
          body: () => ({ kind: 'header', value: 'abc' }),
          person: true,
          // A server the person may not discover is a 404 here: restore the rule set that lets them.
          before: async () => void (await send('PUT', '/api/admin/access/rules', { rules: [rule('r-base')] })),
        },
        'PUT /api/admin/servers/:name/secrets/:secretName/allowed-origins': {
          url: () => `/api/admin/servers/${encodeURIComponent(SERVER)}/secrets/KEY_ORIGINS/allowed-origins`,
          body: () => ({ allowedOrigins: ['https://mcp.example.com'] }),
          before: async () => void (await send('PUT', `/api/admin/servers/${encodeURIComponent(SERVER)}/secrets/KEY_ORIGINS`, { kind: 'header', value: 'abc' })),
        },
        'PUT /api/admin/servers/:name/drift-action': { url: () => `/api/admin/servers/${encodeURIComponent(SERVER)}/drift-action`, body: () => ({ action: 'hide' }) },
        'PUT /api/admin/servers/:name/hosting': { url: () => `/api/admin/servers/${encodeURIComponent(SERVER)}/hosting`, body: () => ({ mode: 'per-person', network: false }) },
        'POST /api/admin/servers/:name/pin': {
          url: () => `/api/admin/servers/${encodeURIComponent(SERVER)}/pin`,
          body: () => ({}),
          // A pin needs a snapshot of the latest version: one as the gateway would have observed it.
          before: async () => {
            const snapshot = snapshotOf({ protocolVersion: '2025-06-18', era: 'session', lists: { tools: [{ name: 'echo', description: 'Echo', inputSchema: { type: 'object' } }] } });
            await t.store.db.transaction().execute((tx) => recordSnapshot({ tx, server: SERVER, version: '1.0.0', snapshot, findings: [], source: 'observed', at: nowMicros() }));
          },
        },
        'POST /api/admin/servers/:name/probe': { url: () => `/api/admin/servers/${encodeURIComponent(SERVER)}/probe`, body: () => ({ version: '1.0.0' }) },
        'PUT /api/admin/servers/:name/probe-credential': { url: () => `/api/admin/servers/${encodeURIComponent(SERVER)}/probe-credential`, body: () => ({ header: 'X-Probe-Key', value: 'abc' }) },
        'POST /api/reports': {
          url: () => '/api/reports',
          body: () => ({ name: SERVER, version: '1.0.0', kind: 'other', text: 'It stopped answering' }),
          // Each report would be a duplicate of the last, and count towards the hourly limit.
          before: async () => void (await t.store.db.deleteFrom('server_reports').execute()),
        },
        'POST /api/reports/:id/resolve': {
          url: (n) => `/api/reports/${reportIds.get(n)}/resolve`,
          body: () => ({ action: 'block', reason: 'Phishing for credentials' }),
          before: openReport,
          headers: { 'if-match': '*' },
        },
        'POST /api/servers/:name/block': { url: () => `/api/servers/${encodeURIComponent(BLOCKED)}/block`, body: () => ({ reason: 'Phishing for credentials' }), headers: { 'if-match': '*' } },
        'POST /api/servers/:name/unblock': {
          url: () => `/api/servers/${encodeURIComponent(BLOCKED)}/unblock`,
          body: () => ({ reason: 'Fixed upstream' }),
          before: async () => void (await send('POST', `/api/servers/${encodeURIComponent(BLOCKED)}/block`, { reason: 'Phishing' }, { ...AUTH, 'if-match': '*' })),
          headers: { 'if-match': '*' },
        },
        // A governance decision needs If-Match; `*` accepts any revision.
        'PATCH /api/servers/:name/governance': {
          url: () => `/api/servers/${encodeURIComponent(SERVER)}/governance`,
          body: () => ({ trust: 'verified', owners: [{ kind: 'group', name: 'platform' }], supportContact: 'help@example.com', docsUrl: 'https://docs.example.com/ws', reason: 'reviewed' }),
          headers: { 'if-match': '*' },
        },
        'POST /api/servers/:name/recertify': { url: () => `/api/servers/${encodeURIComponent(SERVER)}/recertify`, body: () => ({ reason: 'still used' }), headers: { 'if-match': '*' } },
        'POST /api/admin/users': { url: () => '/api/admin/users', body: (n) => ({ email: `ws-local-${n}@example.com`, name: 'Local Person', roles: ['publisher'] }) },
        'POST /api/admin/users/:id/tokens': {
          url: () => '/api/admin/users/ws-local-tokens@example.com/tokens',
          body: (n) => ({ name: `break glass ${n}`, scopes: ['gateway'] }),
          before: async () => void (await send('POST', '/api/admin/users', { email: 'ws-local-tokens@example.com' })),
        },
      };
      let person: Record<string, string> = {};
      let otherUserId = '';
      let connectionId = '';
      const send = (method: string, url: string, payload: unknown, as: Record<string, string> = AUTH) =>
        t.app.inject({ method: method as 'POST', url, headers: { ...as, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
      let n = 0;
      const sendWithin = async (route: string, path: Path, value: string) => {
        const target = BODIES[route]!;
        const i = ++n;
        await target.before?.(i);
        const body = withAt(target.body(i), path, value);
        const url = target.url(i);
        const method = route.split(' ')[0]!;
        const res = await send(method, url, body, { ...(target.person ? person : AUTH), ...target.headers });
        const where = `${route} ${pathText(path)} = ${JSON.stringify(value)} -> ${res.statusCode} ${res.body.slice(0, 400)}`;
        checkResponse({ method, url, text: JSON.stringify(body) }, res, { anySuccessType: true });
        if (res.statusCode < 300) return;
        expect([400, 404, 409, 422], where).toContain(res.statusCode);
        // A lookup that finds nothing may name the value it looked for, quoted, instead of the field.
        const quoted = [`"${value}"`, JSON.stringify(value)].some((q) => String(res.json().detail).includes(q));
        expect(namesField(res.json(), path) || (res.statusCode === 404 && quoted), where).toBe(true);
      };

      beforeAll(async () => {
        expect((await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: remoteDoc(SERVER, '1.0.0', 'https://mcp.example.com/ws') })).statusCode).toBe(200);
        expect((await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: remoteDoc(BLOCKED, '1.0.0', 'https://mcp.example.com/blocked') })).statusCode).toBe(200);
        expect((await send('POST', '/api/admin/groups', { name: 'platform' })).statusCode).toBe(201);
        expect((await send('POST', '/api/admin/sources', { name: 'upstream', baseUrl: 'https://registry.example.com', enabled: false })).statusCode).toBe(201);
        expect((await send('POST', '/api/admin/access/rules', rule('r-base'))).statusCode).toBe(201);
        person = (await personWithToken(t, 'ws-person', ['admin'], { roles: ['admin'], groups: ['platform'] })).headers;
        otherUserId = (await personWithToken(t, 'ws-other', ['gateway'])).user.id;
        const connection = await send('POST', '/api/me/connections', { server: SERVER, label: 'laptop' }, person);
        expect(connection.statusCode, connection.body).toBe(201);
        connectionId = connection.json().connection.id;
        for (const [route, target] of Object.entries(BODIES)) {
          await target.before?.(0);
          const res = await send(route.split(' ')[0]!, target.url(0), target.body(0), { ...(target.person ? person : AUTH), ...target.headers });
          expect(res.statusCode, `${route}: ${res.body}`).toBeLessThan(300);
        }
      });

      it('has a valid body for every API route that takes one', () => {
        const taking = routes.filter((r) => r.body && r.url.startsWith('/api/')).map((r) => `${r.method} ${r.url}`);
        expect(new Set(Object.keys(BODIES))).toEqual(new Set(taking));
      });

      it('accepts whitespace alone in a string field or refuses it with a 4xx naming the field', async () => {
        for (const route of Object.keys(BODIES)) {
          for (const path of stringPaths(BODIES[route]!.body(0))) {
            for (const ws of [' ', '\u3000', '\t\n']) await sendWithin(route, path, ws);
          }
        }
      }, 120_000);

      it('accepts generated whitespace and Unicode whitespace around and inside every string field, or refuses it naming the field', async () => {
        const cases = Object.keys(BODIES).flatMap((route) => stringPaths(BODIES[route]!.body(0)).map((path) => ({ route, path })));
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...cases).chain((c) => fc.tuple(fc.constant(c), whitespaceVariant(getAt(BODIES[c.route]!.body(0), c.path) as string))),
            async ([c, value]) => sendWithin(c.route, c.path, value),
          ),
          { numRuns: WHITESPACE.length * 30 },
        );
      }, 240_000);
    });
  });
});
