/**
 * Property-based fuzzing of the whole HTTP API with fast-check, on every database:
 * thousands of generated bodies (arbitrary JSON, mutated server.json and status
 * documents, broken JSON text) to publish, validate, edit and both status
 * endpoints, and thousands of generated query strings and path segments to the
 * read endpoints. Whatever arrives, the answer is below 500, JSON, a problem body
 * with title/status/detail when it is an error, and never shows a stack trace,
 * SQL, a file path or the admin token. Whitespace and Unicode whitespace in every
 * string field of server.json (alone, around or inside the value) are either
 * refused with a 4xx naming the field or published and read back as sent.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { CURRENT_SCHEMA } from './support/serverDocs.js';
import { checkResponse } from './support/checkResponse.js';
import { getAt, namesField, pathText, stringPaths, whitespaceVariant, withAt, WHITESPACE, type Path } from './support/whitespace.js';

const NAME = 'com.example/fuzz-target';
const PUBLISHER_META = 'io.modelcontextprotocol.registry/publisher-provided';

const BASE_DOC = {
  $schema: CURRENT_SCHEMA,
  name: NAME,
  title: 'Fuzz target',
  description: 'A server.json that exercises every part of the shape',
  version: '1.0.0',
  websiteUrl: 'https://example.com/fuzz',
  repository: { url: 'https://github.com/example/fuzz', source: 'github', subfolder: 'servers/fuzz' },
  icons: [{ src: 'https://example.com/icon.png', mimeType: 'image/png', sizes: ['48x48'], theme: 'light' }],
  packages: [
    {
      registryType: 'npm',
      identifier: '@example/fuzz',
      version: '1.0.0',
      runtimeHint: 'npx',
      transport: { type: 'stdio' },
      runtimeArguments: [{ type: 'named', name: '--port', value: '8080' }],
      packageArguments: [{ type: 'positional', value: 'serve', valueHint: 'mode' }],
      environmentVariables: [{ name: 'API_KEY', isSecret: true, isRequired: true, format: 'string' }],
    },
  ],
  remotes: [{ type: 'streamable-http', url: 'https://mcp.example.com/fuzz', headers: [{ name: 'X-Key', value: '{key}', variables: { key: { isRequired: true } } }] }],
  _meta: { [PUBLISHER_META]: { tool: 'fuzz', nested: { list: [1, 2, 3] } } },
};

const STATUS_DOC = { status: 'deprecated', statusMessage: 'moved elsewhere' };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Slot = { parent: Record<string, Json> | Json[]; key: string | number };

function slotsOf(value: Json): Slot[] {
  const out: Slot[] = [];
  const stack: Json[] = [value];
  while (stack.length) {
    const node = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    for (const key of Array.isArray(node) ? node.keys() : Object.keys(node)) {
      out.push({ parent: node, key });
      stack.push((node as Record<string | number, Json>)[key]!);
    }
  }
  return out;
}

const setOwn = (target: object, key: string | number, value: Json) => Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

const hostileString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ud800', '\u202e', '💩'.repeat(60), '../../etc/passwd', "' OR 1=1 --", '%00', '%zz', 'latest', '^1.0.0', '__proto__'),
  fc.integer({ min: 1, max: 400_000 }).map((n) => 'x'.repeat(n)),
);

const hostileKey = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'registry_type', 'website_url', 'Name', 'NAME', 'status_message', '$schema', ''));

const mutation = fc.record({
  op: fc.constantFrom('drop', 'add', 'rename', 'retype', 'string', 'nest', 'duplicate'),
  at: fc.nat(),
  key: hostileKey,
  value: fc.oneof(fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>, hostileString),
  text: hostileString,
  depth: fc.integer({ min: 1, max: 3_000 }),
});

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

const NEST = '\u0001nest:';

/** The mutated document as JSON text. */
function mutate(base: object, mutations: Mutation[]): string {
  const doc = JSON.parse(JSON.stringify(base)) as Json;
  for (const m of mutations) {
    const slots = slotsOf(doc);
    if (!slots.length) break;
    const { parent, key } = slots[m.at % slots.length]!;
    const current = (parent as Record<string | number, Json>)[key]!;
    switch (m.op) {
      case 'drop':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key as string];
        break;
      case 'add':
        if (current !== null && typeof current === 'object' && !Array.isArray(current)) setOwn(current, m.key, m.value);
        else if (Array.isArray(current)) current.push(m.value);
        else if (!Array.isArray(parent)) setOwn(parent, m.key, m.value);
        break;
      case 'rename':
        if (!Array.isArray(parent)) {
          delete parent[key as string];
          setOwn(parent, m.key, current);
        }
        break;
      case 'retype':
        setOwn(parent, key, m.value);
        break;
      case 'string':
        setOwn(parent, key, m.text);
        break;
      case 'nest':
        // a placeholder: the nesting is spliced into the text, too deep for JSON.stringify here
        setOwn(parent, key, `${NEST}${m.depth}`);
        break;
      case 'duplicate':
        setOwn(parent, key, [current, current, current]);
        break;
    }
  }
  return JSON.stringify(doc).replace(/"\\u0001nest:(\d+)"/g, (_, n: string) => '['.repeat(Number(n)) + ']'.repeat(Number(n)));
}

/** Byte-level damage to the JSON text, for the parser paths. */
const textDamage = fc.option(fc.record({ op: fc.constantFrom('truncate', 'insert', 'delete', 'double'), at: fc.nat(), ch: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }) }), { freq: 4 });

function damage(text: string, d: { op: string; at: number; ch: string } | null): string {
  if (!d || !text.length) return text;
  const at = d.at % text.length;
  if (d.op === 'truncate') return text.slice(0, at);
  if (d.op === 'insert') return text.slice(0, at) + d.ch + text.slice(at);
  if (d.op === 'delete') return text.slice(0, at) + text.slice(at + 1);
  return text.slice(0, at) + text.slice(at, at + 40).repeat(2) + text.slice(at + 40);
}

const BODY_TARGETS = [
  { method: 'POST', url: '/v0.1/publish', base: BASE_DOC },
  { method: 'POST', url: '/v0/validate', base: BASE_DOC },
  { method: 'PUT', url: `/v0.1/servers/${encodeURIComponent(NAME)}/versions/1.0.0`, base: BASE_DOC },
  { method: 'PATCH', url: `/v0.1/servers/${encodeURIComponent(NAME)}/versions/1.0.0/status`, base: STATUS_DOC },
  { method: 'PATCH', url: `/v0/servers/${encodeURIComponent(NAME)}/status`, base: STATUS_DOC },
] as const;

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/merge-patch+json', '', 'text/plain', 'application/x-www-form-urlencoded'];

/** Characters valid in a request target, heavy on the ones with meaning. */
/** Whether the surrogate at `i` is half of a pair (encodeURIComponent refuses lone ones). */
function isPaired(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0xdc00) return (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
  return (s.charCodeAt(i - 1) & 0xfc00) === 0xd800;
}

const urlChar = fc.constantFrom(..."%%%%0123456789abcdefABCDEF/.:~-_+&=?;,!$'()*@[]".split(''), 'a', 'Z', '%2F', '%25', '%00', '%2500', '%ZZ', '%E0%A4', '%C3%A9', '%FF');
const rawUrlText = fc.array(urlChar, { maxLength: 30 }).map((cs) => cs.join(''));
const encodedText = hostileString.map((s) => encodeURIComponent(s.slice(0, 3_000).replace(/[\ud800-\udfff]/g, (c, i, all) => (isPaired(all, i) ? c : '\ufffd'))));
const segment = fc.oneof(rawUrlText, encodedText, fc.constantFrom('com.example%2Ffuzz-target', 'latest', '1.0.0', '..', '.', ''));

const QUERY_KEYS = ['cursor', 'limit', 'search', 'updated_since', 'version', 'include_deleted', 'q', 'registry_type', 'remote_transport', 'status'];
const queryValue = fc.oneof(
  segment,
  fc.constantFrom('0', '-1', '101', '1e3', '30', 'true', 'TRUE', 'yes', 'latest', '2025-01-01T00:00:00Z', '2025-13-45T99:99:99Z', 'active,deleted', 'npm,,oci', 'sse', ':::'),
);
const queryString = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), rawUrlText), queryValue), { maxLength: 5 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));

describe.each(DATABASES)('fuzzing the API on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    // PostgreSQL round trips are slower; fewer runs keep the file within about a minute.
    const runs = (n: number) => (kind === 'sqlite' ? n : Math.ceil(n / 4));
    let t: TestToolshed;
    beforeAll(async () => {
      t = await testToolshed(kind);
      const res = await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: BASE_DOC });
      expect(res.statusCode, res.body).toBe(200);
    });
    afterAll(async () => {
      await t?.destroy();
    });

    const sendBody = async (target: (typeof BODY_TARGETS)[number], text: string, contentType: string) => {
      const headers: Record<string, string> = { ...AUTH };
      if (contentType) headers['content-type'] = contentType;
      const res = await t.app.inject({ method: target.method, url: target.url, headers, payload: text });
      checkResponse({ method: target.method, url: target.url, text }, res);
    };

    it('survives arbitrary JSON values as bodies', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...BODY_TARGETS), fc.jsonValue(), fc.constantFrom(...CONTENT_TYPES.slice(0, 4)), async (target, value, type) => {
          await sendBody(target, JSON.stringify(value) ?? 'null', type);
        }),
        { numRuns: runs(1_200) },
      );
    }, 120_000);

    it('survives mutated server.json and status documents, intact or with damaged JSON text', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...BODY_TARGETS), fc.array(mutation, { minLength: 1, maxLength: 4 }), textDamage, fc.constantFrom(...CONTENT_TYPES), async (target, mutations, hurt, type) => {
          await sendBody(target, damage(mutate(target.base, mutations), hurt), type);
        }),
        { numRuns: runs(1_800) },
      );
    }, 120_000);

    describe('whitespace in server.json string fields', () => {
      let published = 0;
      /** Publishes `doc` (its version made unique unless `path` is the version) and checks the answer. */
      const publishWithin = async (path: Path, value: string) => {
        const unique = pathText(path) === 'version' ? value : `0.0.${++published}`;
        const doc = withAt({ ...BASE_DOC, version: unique }, path, value);
        const text = JSON.stringify(doc);
        const res = await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: { ...AUTH, 'content-type': 'application/json' }, payload: text });
        const where = `${pathText(path)} = ${JSON.stringify(value)} -> ${res.statusCode} ${res.body.slice(0, 400)}`;
        checkResponse({ method: 'POST', url: '/v0.1/publish', text }, res);
        if (res.statusCode === 200) {
          const url = `/v0.1/servers/${encodeURIComponent(doc.name)}/versions/${encodeURIComponent(doc.version)}`;
          const back = await t.app.inject({ url });
          expect(back.statusCode, `${where}; read back ${back.body.slice(0, 200)}`).toBe(200);
          expect(back.json().server, where).toEqual(doc);
        } else {
          expect([400, 422], where).toContain(res.statusCode);
          // Upstream reports `$schema` problems at the location `schema`.
          expect(namesField(res.json(), path) || (path[0] === '$schema' && namesField(res.json(), ['schema'])), where).toBe(true);
        }
        return res.statusCode;
      };

      it('refuses a whitespace-only version with 422 naming the field, never a database error', async () => {
        for (const value of [' ', '   ', '\t', '\u3000', ' \u00a0\n']) {
          const res = await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: { ...BASE_DOC, version: value } });
          expect(res.statusCode, res.body).toBe(422);
          expect(res.json().errors).toContainEqual({ location: 'version', message: 'version cannot be only whitespace (version-whitespace-only)' });
        }
      });

      it('refuses or round-trips whitespace alone in every string field', async () => {
        for (const path of stringPaths(BASE_DOC)) {
          for (const ws of [' ', '\u3000', '\t\n']) await publishWithin(path, ws);
        }
      }, 120_000);

      it('refuses or round-trips generated whitespace and Unicode whitespace around and inside every string field', async () => {
        const paths = stringPaths(BASE_DOC);
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...paths).chain((path) => fc.tuple(fc.constant(path), whitespaceVariant(getAt(BASE_DOC, path) as string))),
            async ([path, value]) => {
              await publishWithin(path, value);
            },
          ),
          { numRuns: runs(WHITESPACE.length * 40) },
        );
      }, 240_000);
    });

    it('survives generated query strings on the list and read endpoints', async () => {
      const paths = ['/v0.1/servers', '/v0/servers', `/v0.1/servers/${encodeURIComponent(NAME)}/versions`, `/v0.1/servers/${encodeURIComponent(NAME)}/versions/latest`];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...paths), queryString, async (path, query) => {
          const url = `${path}?${query}`;
          checkResponse({ method: 'GET', url }, await t.app.inject({ method: 'GET', url }));
        }),
        { numRuns: runs(1_500) },
      );
    }, 120_000);

    it('survives generated path segments on the read endpoints', async () => {
      await fc.assert(
        fc.asyncProperty(segment, segment, fc.constantFrom('versions', 'versions/x', ''), async (name, version, shape) => {
          const url = shape === '' ? `/v0.1/servers/${name}/versions` : shape === 'versions' ? `/v0.1/servers/${name}/versions/${version}` : `/v0/servers/${name}/${version}`;
          checkResponse({ method: 'GET', url }, await t.app.inject({ method: 'GET', url }));
        }),
        { numRuns: runs(1_500) },
      );
    }, 120_000);
  });
});
