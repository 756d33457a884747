/**
 * Hostile and malformed input to the registry API, on every database: broken or
 * oversized bodies, wrong content types, unknown and snake_case fields, invalid
 * names and versions, prototype-pollution keys, absurd nesting, NULs, absurd
 * cursors and timestamps, broken percent-encoding and header injection. Each gets
 * the official status and a problem+json body whose detail says what to fix;
 * nothing is a 500.
 */
import { STATUS_CODES } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { serverDoc } from './support/serverDocs.js';

type Reply = { statusCode: number; headers: Record<string, unknown>; body: string; json: () => any };

const JSON_TYPE = { 'content-type': 'application/json' };
const NAME_PATTERN = 'expected string to match pattern ^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$';
const INVALID_SCHEMA = 'Failed to publish server, invalid schema: call /validate for details';
const BAD_UPDATED_SINCE = 'Invalid updated_since format: expected RFC3339 timestamp (e.g., 2025-08-07T13:15:04.280Z)';
const PUBLISHER_META = 'io.modelcontextprotocol.registry/publisher-provided';

function expectProblem(res: Reply, status: number, detail: string | RegExp): any {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body.title).toBe(STATUS_CODES[status]);
  expect(body.status).toBe(status);
  if (typeof detail === 'string') expect(body.detail).toBe(detail);
  else expect(body.detail).toMatch(detail);
  return body;
}

/** A server.json as raw text with extra members spliced in, for keys JSON.stringify cannot write. */
function docText(name: string, version: string, extraMembers: string): string {
  return `${JSON.stringify(serverDoc(name, version)).slice(0, -1)},${extraMembers}}`;
}

describe.each(DATABASES)('bad input on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    beforeAll(async () => {
      t = await testToolshed(kind);
      const ok = await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: serverDoc('com.example/existing', '1.0.0') });
      expect(ok.statusCode).toBe(200);
    });
    afterAll(async () => {
      await t?.destroy();
    });

    /** Every endpoint that takes a body, with the auth it needs. */
    const bodyEndpoints = [
      { method: 'POST', url: '/v0.1/publish' },
      { method: 'POST', url: '/v0.1/validate' },
      { method: 'PUT', url: '/v0.1/servers/com.example%2Fexisting/versions/1.0.0' },
      { method: 'PATCH', url: '/v0.1/servers/com.example%2Fexisting/versions/1.0.0/status' },
      { method: 'PATCH', url: '/v0.1/servers/com.example%2Fexisting/status' },
    ] as const;
    const send = (method: string, url: string, payload: string | object, headers: Record<string, string> = JSON_TYPE) =>
      t.app.inject({ method: method as 'POST', url, headers: { ...AUTH, ...headers }, payload }) as Promise<Reply>;
    const publish = (payload: string | object, headers: Record<string, string> = JSON_TYPE) => send('POST', '/v0.1/publish', payload, headers);
    const get = (url: string) => t.app.inject({ url }) as Promise<Reply>;

    describe('bodies', () => {
      it('refuses malformed JSON with 400 on every body endpoint', async () => {
        for (const { method, url } of bodyEndpoints) {
          for (const text of ['{"name":', '{name: 1}', "{'a':1}", '[1,]', '{"a":1}}', 'nul', '\u00ff\u00fe{}']) {
            expectProblem(await send(method, url, text), 400, /^request body is not valid JSON: /);
          }
        }
      });

      it('refuses text/plain and other non-JSON types with 415', async () => {
        const doc = JSON.stringify(serverDoc('com.example/ctype', '1.0.0'));
        for (const { method, url } of bodyEndpoints) {
          for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
            expectProblem(await send(method, url, doc, { 'content-type': type }), 415, 'unsupported content type: send the body as application/json');
          }
        }
      });

      it('reads a body without Content-Type as JSON, and accepts +json types and charset parameters', async () => {
        const doc = JSON.stringify(serverDoc('com.example/no-type', '1.0.0'));
        const noType = (await t.app.inject({ method: 'POST', url: '/v0.1/validate', payload: doc })) as Reply;
        expect(noType.statusCode).toBe(200);
        expect(noType.json()).toEqual({ valid: true, issues: [] });
        for (const type of ['application/json; charset=utf-8', 'application/merge-patch+json', 'APPLICATION/JSON']) {
          const res = await send('POST', '/v0.1/validate', doc, { 'content-type': type });
          expect(res.statusCode, type).toBe(200);
          expect(res.json().valid).toBe(true);
        }
        const published = await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: doc });
        expect(published.statusCode).toBe(200);
      });

      it('refuses an empty JSON body with 400 "request body is required"', async () => {
        for (const { method, url } of bodyEndpoints) {
          expectProblem(await send(method, url, ''), 400, 'request body is required');
          expectProblem(await send(method, url, '', { 'content-type': 'application/json; charset=utf-8' }), 400, 'request body is required');
        }
      });

      it('refuses a body over 1 MiB with 413 and accepts one of exactly 1 MiB', async () => {
        const doc = JSON.stringify(serverDoc('com.example/size', '1.0.0'));
        const exact = doc + ' '.repeat(1_048_576 - Buffer.byteLength(doc));
        expect(Buffer.byteLength(exact)).toBe(1_048_576);
        const atLimit = await send('POST', '/v0.1/validate', exact);
        expect(atLimit.statusCode).toBe(200);
        expect(atLimit.json().valid).toBe(true);
        for (const { method, url } of bodyEndpoints) {
          expectProblem(await send(method, url, `${exact} `), 413, 'request body is too large limit=1048576 bytes');
        }
        const huge = serverDoc('com.example/size', '1.0.0', { title: 'x'.repeat(3_000_000) });
        expectProblem(await publish(huge), 413, 'request body is too large limit=1048576 bytes');
      });

      it('refuses a body that is valid JSON but not an object with 422 "expected object"', async () => {
        for (const { method, url } of bodyEndpoints) {
          for (const text of ['null', '[]', '"server"', '42', 'true']) {
            const body = expectProblem(await send(method, url, text), 422, 'validation failed');
            expect(body.errors).toContainEqual(expect.objectContaining({ message: 'expected object', location: 'body' }));
          }
        }
      });
    });

    describe('fields', () => {
      it('refuses unknown fields with 422 "unexpected property" and where they are', async () => {
        const cases: Array<[Record<string, unknown>, string]> = [
          [serverDoc('com.example/unknown', '1.0.0', { bogus: 1 }), 'body.bogus'],
          [serverDoc('com.example/unknown', '1.0.0', { repository: { url: 'https://github.com/a/b', source: 'github', branch: 'main' } }), 'body.repository.branch'],
          [serverDoc('com.example/unknown', '1.0.0', { packages: [{ registryType: 'npm', identifier: 'x', transport: { type: 'stdio' }, extra: true }] }), 'body.packages[0].extra'],
          [serverDoc('com.example/unknown', '1.0.0', { _meta: { 'io.modelcontextprotocol.registry/official': { isLatest: true } } }), 'body._meta.io.modelcontextprotocol.registry/official'],
        ];
        for (const [doc, location] of cases) {
          for (const url of ['/v0.1/publish', '/v0.1/validate']) {
            const body = expectProblem(await send('POST', url, doc), 422, 'validation failed');
            expect(body.errors).toContainEqual(expect.objectContaining({ message: 'unexpected property', location }));
          }
        }
        const status = await send('PATCH', bodyEndpoints[3].url, { status: 'deprecated', reason: 'x' });
        expect(expectProblem(status, 422, 'validation failed').errors).toContainEqual(expect.objectContaining({ message: 'unexpected property', location: 'body.reason' }));
      });

      it('refuses snake_case spellings of camelCase fields as unexpected properties', async () => {
        const doc = serverDoc('com.example/snake', '1.0.0', {
          website_url: 'https://example.com',
          packages: [{ registry_type: 'npm', identifier: 'x', transport: { type: 'stdio' } }],
        });
        const body = expectProblem(await publish(doc), 422, 'validation failed');
        expect(body.errors).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ message: 'unexpected property', location: 'body.website_url' }),
            expect.objectContaining({ message: 'unexpected property', location: 'body.packages[0].registry_type' }),
            expect.objectContaining({ message: 'expected required property registryType to be present', location: 'body.packages[0]' }),
          ]),
        );
        const status = await send('PATCH', bodyEndpoints[3].url, { status: 'deprecated', status_message: 'old' });
        expect(expectProblem(status, 422, 'validation failed').errors).toContainEqual(expect.objectContaining({ message: 'unexpected property', location: 'body.status_message' }));
      });

      it('refuses names with two slashes, `//`, no slash or URL-like forms with the 422 pattern message', async () => {
        for (const name of ['com.example/a/b', 'com.example//a', 'comexample', 'https://example.com/a', '/com.example/a', 'com.example/a/']) {
          for (const url of ['/v0.1/publish', '/v0.1/validate']) {
            const body = expectProblem(await send('POST', url, serverDoc(name, '1.0.0')), 422, 'validation failed');
            expect(body.errors, name).toContainEqual({ message: NAME_PATTERN, location: 'body.name', value: name });
          }
        }
      });

      it('refuses version ranges and `latest` at publish with the official 422, and /validate explains', async () => {
        for (const version of ['^1.2.3', '~1.2.3', '>=1.0.0', '1.x', '1.2 || 1.3', '1.2.3 - 2.0.0', 'latest']) {
          const name = 'com.example/ranges';
          expectProblem(await publish(serverDoc(name, version)), 422, INVALID_SCHEMA);
          const check = await send('POST', '/v0.1/validate', serverDoc(name, version));
          expect(check.statusCode).toBe(200);
          expect(check.headers['content-type']).toMatch(/^application\/json/);
          const result = check.json();
          expect(result.valid, version).toBe(false);
          expect(result.issues).toContainEqual(
            expect.objectContaining({ type: 'semantic', path: 'version', severity: 'error', reference: expect.stringMatching(/^(version-looks-like-range|reserved-version-string)$/) }),
          );
          expect(result.issues.find((i: any) => i.path === 'version').message).toMatch(version === 'latest' ? /reserved/ : /range/);
        }
        const versions = await get('/v0.1/servers/com.example%2Franges/versions');
        expectProblem(versions, 404, 'Server not found');
      });

      it('refuses wrong types and lengths with 422 naming the field', async () => {
        const body = expectProblem(await publish(serverDoc('com.example/types', '1.0.0', { description: 7, title: 'x'.repeat(101), packages: {} })), 422, 'validation failed');
        expect(body.errors).toEqual(
          expect.arrayContaining([
            { message: 'expected string', location: 'body.description', value: 7 },
            expect.objectContaining({ message: 'expected length <= 100', location: 'body.title' }),
            { message: 'expected array', location: 'body.packages', value: {} },
          ]),
        );
        const status = await send('PATCH', bodyEndpoints[3].url, { status: 'gone', statusMessage: 'x'.repeat(501) });
        expect(expectProblem(status, 422, 'validation failed').errors).toEqual(
          expect.arrayContaining([
            { message: 'expected value to be one of "active, deprecated, deleted"', location: 'body.status', value: 'gone' },
            expect.objectContaining({ message: 'expected length <= 500', location: 'body.statusMessage' }),
          ]),
        );
      });
    });

    describe('hostile structure', () => {
      it('refuses `__proto__` and `constructor` keys as unexpected properties without polluting prototypes', async () => {
        const cases: Array<[string, string]> = [
          [docText('com.example/proto', '1.0.0', '"__proto__":{"polluted":"yes"}'), 'body.__proto__'],
          [docText('com.example/proto', '1.0.0', '"constructor":{"prototype":{"polluted":"yes"}}'), 'body.constructor'],
          [docText('com.example/proto', '1.0.0', '"repository":{"__proto__":{"polluted":"yes"}}'), 'body.repository.__proto__'],
          [docText('com.example/proto', '1.0.0', '"packages":[{"registryType":"npm","identifier":"x","transport":{"type":"stdio"},"__proto__":{"polluted":"yes"}}]'), 'body.packages[0].__proto__'],
        ];
        for (const [text, location] of cases) {
          for (const { method, url } of bodyEndpoints.slice(0, 3)) {
            const body = expectProblem(await send(method, url, text), 422, 'validation failed');
            expect(body.errors).toContainEqual(expect.objectContaining({ message: 'unexpected property', location }));
          }
        }
        const status = await send('PATCH', bodyEndpoints[3].url, '{"status":"deprecated","__proto__":{"polluted":"yes"}}');
        expect(expectProblem(status, 422, 'validation failed').errors).toContainEqual(expect.objectContaining({ message: 'unexpected property', location: 'body.__proto__' }));
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.prototype).not.toHaveProperty('polluted');
      });

      it('stores `__proto__` inside free-form publisher _meta as plain data', async () => {
        const text = docText('com.example/proto-meta', '1.0.0', `"_meta":{"${PUBLISHER_META}":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}}`);
        const res = await publish(text);
        expect(res.statusCode, res.body).toBe(200);
        const stored = await get('/v0.1/servers/com.example%2Fproto-meta/versions/1.0.0');
        expect(stored.statusCode).toBe(200);
        expect(stored.body).toContain('"__proto__":{"polluted":"yes"}');
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      });

      it('refuses 10,000 levels of nesting with a 400 on every body endpoint', async () => {
        const detail = 'request body is nested too deeply (limit=2100 levels)';
        const arrays = '['.repeat(10_000) + ']'.repeat(10_000);
        const objects = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
        const inMeta = docText('com.example/deep', '1.0.0', `"_meta":{"${PUBLISHER_META}":{"a":${arrays}}}`);
        for (const { method, url } of bodyEndpoints) {
          for (const text of [arrays, objects, inMeta]) expectProblem(await send(method, url, text), 400, detail);
        }
        const deep = `{"a":${'['.repeat(2_100)}${']'.repeat(2_100)}}`;
        expectProblem(await send('POST', '/v0.1/validate', deep), 400, detail);
        // nesting characters inside strings do not count
        const quoted = await send('POST', '/v0.1/validate', JSON.stringify(serverDoc('com.example/deep', '1.0.0', { title: '['.repeat(90) })));
        expect(quoted.statusCode).toBe(200);
      });

      it('publishes the deepest publisher _meta that fits in 4 KB and refuses one level more with the 4 KB message', async () => {
        const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
        // {"a":[[…]]} is 6 + 2n bytes: n = 2045 is exactly 4096
        const fits = await publish(docText('com.example/deep-meta', '1.0.0', `"_meta":{"${PUBLISHER_META}":{"a":${nest(2_045)}}}`));
        expect(fits.statusCode, fits.body.slice(0, 300)).toBe(200);
        const read = await get('/v0.1/servers/com.example%2Fdeep-meta/versions/latest');
        expect(read.statusCode).toBe(200);
        expect(read.json().server._meta[PUBLISHER_META].a).toHaveLength(1);
        const over = await publish(docText('com.example/deep-meta', '2.0.0', `"_meta":{"${PUBLISHER_META}":{"a":${nest(2_046)}}}`));
        const body = expectProblem(over, 400, 'Failed to publish server');
        expect(body.errors[0].message).toBe(`_meta.${PUBLISHER_META} extension exceeds 4KB limit (4098 bytes)`);
      });

      it('refuses NUL characters in body strings with 400 and stores nothing', async () => {
        const detail = 'request body contains a NUL character (\\u0000); remove it';
        const docs = [
          serverDoc('com.example/nul', '1.0.0', { description: 'a\u0000b' }),
          serverDoc('com.example/nul', '1.0.0\u0000'),
          serverDoc('com.example/nul', '1.0.0', { _meta: { [PUBLISHER_META]: { 'k\u0000': 1 } } }),
        ];
        for (const doc of docs) {
          for (const { method, url } of bodyEndpoints.slice(0, 3)) expectProblem(await send(method, url, doc), 400, detail);
        }
        expectProblem(await send('PATCH', bodyEndpoints[3].url, { status: 'deprecated', statusMessage: 'x\u0000' }), 400, detail);
        expectProblem(await get('/v0.1/servers/com.example%2Fnul/versions'), 404, 'Server not found');
        // an escaped backslash followed by "u0000" is ordinary text
        const literal = await send('POST', '/v0.1/validate', serverDoc('com.example/nul', '1.0.0', { description: 'path \\u0000 literal' }));
        expect(literal.statusCode).toBe(200);
        expect(literal.json().valid).toBe(true);
      });

      it('answers thousands of unknown keys with a bounded 422 instead of echoing the body per error', async () => {
        const keys = Object.fromEntries(Array.from({ length: 30_000 }, (_, i) => [`k${i}`, 0]));
        const res = await send('POST', '/v0.1/validate', keys);
        const body = expectProblem(res, 422, 'validation failed');
        expect(body.errors).toHaveLength(30_004);
        expect(body.errors.at(-1)).toEqual({ message: 'unexpected property', location: 'body.k29999' });
        expect(body.errors[0]).toEqual(expect.objectContaining({ message: 'expected required property $schema to be present', value: keys }));
        expect(res.body.length).toBeLessThan(8 * 1_048_576);
      });
    });

    describe('query and path', () => {
      it('answers absurd cursors without a 500', async () => {
        expectProblem(await get(`/v0.1/servers?cursor=${'a'.repeat(10_240)}`), 400, 'Invalid cursor: longer than any server name and version');
        for (const cursor of ['%01%02%ff%fe', ':::', '%E2%80%AE%F0%9F%92%A9', ':', encodeURIComponent("' OR 1=1 --"), encodeURIComponent('\\%_')]) {
          const res = await get(`/v0.1/servers?cursor=${cursor}`);
          expect(res.statusCode, cursor).toBe(200);
          expect(Array.isArray(res.json().servers)).toBe(true);
        }
        expectProblem(await get('/v0.1/servers?q=server&cursor=abc'), 400, /^Invalid cursor: /);
      });

      it('answers a ranked search (q) without any word as a list, not a 500', async () => {
        for (const q of [':::', '"', '*', '(', '-', '💩', '\u202e', "'", 'NEAR(']) {
          const res = await get(`/v0.1/servers?q=${encodeURIComponent(q)}`);
          expect(res.statusCode, q).toBe(200);
          expect(Array.isArray(res.json().servers)).toBe(true);
        }
      });

      it('refuses invalid updated_since values with the official 400', async () => {
        const forms = [
          'invalid',
          '2025-13-01T00:00:00Z',
          '2025-01-01',
          '2025-01-01T00:00:00',
          '2025-01-01 00:00:00Z',
          '1735689600',
          '2025-02-30T00:00:00Z',
          '2025-01-01T25:00:00Z',
          '2025-01-01T00:00:00+25:00',
          'T',
          "2025-01-01T00:00:00Z' OR '1'='1",
        ];
        for (const value of forms) {
          expectProblem(await get(`/v0.1/servers?updated_since=${encodeURIComponent(value)}`), 400, BAD_UPDATED_SINCE);
        }
        const ok = await get('/v0.1/servers?updated_since=1990-01-01T00:00:00.123456789Z');
        expect(ok.statusCode).toBe(200);
      });

      it('refuses out-of-range and repeated query values with 422 naming the parameter', async () => {
        for (const [query, location] of [
          ['limit=0', 'query.limit'],
          ['limit=1000', 'query.limit'],
          ['limit=abc', 'query.limit'],
          ['limit=1&limit=2', 'query.limit'],
          ['cursor=a&cursor=b', 'query.cursor'],
          ['include_deleted=maybe', 'query.include_deleted'],
          ['status=gone', 'query.status'],
        ]) {
          const body = expectProblem(await get(`/v0.1/servers?${query}`), 422, 'validation failed');
          expect(body.errors[0].location, query).toBe(location);
        }
      });

      it('refuses broken percent-encoding in path segments with 400 and decodes %252F twice as upstream does', async () => {
        const broken = 'Invalid request: URL path contains invalid percent-encoding (use %XX escapes of UTF-8 bytes)';
        for (const url of [
          '/v0.1/servers/%zz/versions',
          '/v0.1/servers/com.example%2F%E0%A4%A/versions/1.0.0',
          '/v0.1/servers/com.example%2Fexisting/versions/%zz',
          '/v0.1/servers/com.example%2Fexisting/versions/1.0.%',
        ]) {
          expectProblem(await get(url), 400, broken);
        }
        expectProblem(await send('PATCH', '/v0.1/servers/%zz/status', { status: 'deprecated' }), 400, broken);
        expectProblem(await get('/v0.1/servers/com.example%25zz/versions'), 400, 'Invalid server name encoding');
        expectProblem(await get('/v0.1/servers/com.example%252Fexisting/versions/1.0.%25'), 400, 'Invalid version encoding');
        const twice = await get('/v0.1/servers/com.example%252Fexisting/versions/1.0.0');
        expect(twice.statusCode).toBe(200);
        expect(twice.json().server.name).toBe('com.example/existing');
        expectProblem(await get('/v0.1/servers/com.example%252Fa%252Fb/versions'), 404, 'Server not found');
      });

      it('refuses a NUL smuggled past the guard as %2500 once the path is decoded', async () => {
        for (const url of ['/v0.1/servers/a%2500b/versions', '/v0.1/servers/com.example%2Fexisting/versions/1.0.0%2500']) {
          expectProblem(await get(url), 400, 'Invalid request: URL path contains null bytes');
        }
        expectProblem(await send('PATCH', '/v0.1/servers/a%2500b/status', { status: 'deprecated' }), 400, 'Invalid request: URL path contains null bytes');
        const query = await get('/v0.1/servers?search=%2500');
        expect(query.statusCode).toBe(200);
      });

      it('refuses an absurdly long path segment with a 414 problem', async () => {
        expectProblem(await get(`/v0.1/servers/${'a'.repeat(2_000)}/versions`), 414, 'URL path segment is too long (limit=1024 characters)');
      });
    });

    describe('header injection', () => {
      it('keeps encoded CR/LF encoded in the trailing-slash redirect', async () => {
        const res = await get('/v0.1/servers/%0d%0aSet-Cookie:%20admin=1/');
        expect(res.statusCode).toBe(308);
        expect(res.headers.location).toBe('/v0.1/servers/%0d%0aSet-Cookie:%20admin=1');
        expect(res.headers['set-cookie']).toBeUndefined();
      });

      it('redirects relative to the request, whatever Host or X-Forwarded-Host says', async () => {
        const res = (await t.app.inject({ url: '/v0.1/servers/?limit=1', headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' } })) as Reply;
        expect(res.statusCode).toBe(308);
        expect(res.headers.location).toBe('/v0.1/servers?limit=1');
      });

      it('refuses forged Authorization values with 401 and sets nothing from them', async () => {
        for (const authorization of ['Bearer x\r\nX-Admin: 1', 'Bearer ' + 'A'.repeat(8_000), 'Bearer \u00ff', 'Basic YWRtaW46YWRtaW4=', 'Bearer  ']) {
          const res = (await t.app.inject({
            method: 'POST',
            url: '/v0.1/publish',
            headers: { authorization, 'content-type': 'application/json' },
            payload: serverDoc('com.example/forged', '1.0.0'),
          })) as Reply;
          expectProblem(res, 401, /^Invalid (Authorization header format|or expired Registry JWT token)/);
          expect(res.headers['x-admin']).toBeUndefined();
          expect(res.body).not.toContain('AAAAAAAAAA');
        }
        expectProblem(await get('/v0.1/servers/com.example%2Fforged/versions'), 404, 'Server not found');
      });

      it('ignores a hostile If-None-Match and Content-Type parameters', async () => {
        const res = (await t.app.inject({ url: '/v0.1/servers', headers: { 'if-none-match': '"x"\r\nSet-Cookie: a=1, *x, W/' } })) as Reply;
        expect(res.statusCode).toBe(200);
        expect(res.headers['set-cookie']).toBeUndefined();
        const typed = await send('POST', '/v0.1/validate', JSON.stringify(serverDoc('com.example/ct', '1.0.0')), {
          'content-type': 'application/json; charset=utf-8; boundary="\r\nX: y"',
        });
        expect(typed.statusCode).toBe(200);
        expect(typed.headers.x).toBeUndefined();
      });
    });
  });
});
