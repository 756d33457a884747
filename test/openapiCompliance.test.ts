/**
 * The OpenAPI document against the official generic spec, and real responses
 * against the official schemas, on every database: GET /openapi.json is OpenAPI
 * 3.1 and a superset of the official spec (every official path and method under
 * /v0.1 and /v0, with the official parameters, bodies and component schemas
 * verbatim, plus Toolshed's query extensions marked as such); list, versions,
 * detail, publish, edit, delete and both status endpoints answer bodies that the
 * official ServerList / ServerResponse / AllVersionsStatusResponse schemas accept
 * (Ajv, JSON Schema 2020-12 with formats), and errors and /validate answer what
 * our own document says; /docs is an HTML page that loads only local assets.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import * as ajvFormats from 'ajv-formats';
import type { FormatsPlugin } from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { serverDoc } from './support/serverDocs.js';

type Json = Record<string, any>;

// ajv-formats is CommonJS: the namespace's `default` is the plugin function.
const addFormats = (ajvFormats as unknown as { default: FormatsPlugin }).default;
const enc = encodeURIComponent;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const EXTENSION_QUERY = ['q', 'registry_type', 'remote_transport', 'status', 'source', 'trust', 'tag', 'sort', 'include_total', 'tool'];

const OFFICIAL: Json = parseYaml(readFileSync(new URL('../src/http/openapi/official-openapi.yaml', import.meta.url), 'utf8'));
const OFFICIAL_ID = 'https://toolshed.test/official-openapi';
const SERVED_ID = 'https://toolshed.test/served-openapi';

const EXAMPLES_DIR = new URL('./fixtures/official-examples/server-json/', import.meta.url);
/**
 * Official examples that publish as written: the first of each name+version, and
 * none that needs the rewrites officialExamples.test.ts makes (placeholder
 * package hosts, a sub-registry `_meta` key).
 */
function publishableExamples(): Json[] {
  const seen = new Set<string>();
  const docs: Json[] = [];
  for (const file of readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const text = readFileSync(new URL(file, EXAMPLES_DIR), 'utf8');
    const doc = JSON.parse(text) as Json;
    const key = `${doc.name}@${doc.version}`;
    if (seen.has(key) || text.includes('registry.example"') || text.includes('subregistry')) continue;
    seen.add(key);
    docs.push(doc);
  }
  return docs;
}

/** Every official operation, as [path, method, operation]. */
const officialOperations = (): Array<[string, string, Json]> =>
  Object.entries<Json>(OFFICIAL.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m): [string, string, Json] => [path, m, item[m]]));

function makeAjv(served: Json) {
  const ajv = new Ajv2020({ allErrors: true, strictTypes: false });
  addFormats(ajv);
  // OpenAPI's `example` annotation, and the `components` wrapper that holds the schemas.
  ajv.addVocabulary(['example', 'components']);
  ajv.addSchema({ $id: OFFICIAL_ID, components: { schemas: OFFICIAL.components.schemas } });
  ajv.addSchema({ $id: SERVED_ID, components: { schemas: served.components.schemas } });
  return ajv;
}

describe.each(DATABASES)('OpenAPI compliance on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let served: Json;
    let ajv: ReturnType<typeof makeAjv>;
    const examples = publishableExamples();
    const publishBodies: string[] = [];
    beforeAll(async () => {
      t = await testToolshed(kind);
      const res = await t.app.inject({ url: '/openapi.json' });
      expect(res.statusCode).toBe(200);
      served = res.json();
      ajv = makeAjv(served);
      for (const doc of examples) {
        const published = await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: doc });
        expect(published.statusCode, `${doc.name}@${doc.version}: ${published.body}`).toBe(200);
        publishBodies.push(published.body);
      }
    });
    afterAll(async () => {
      await t?.destroy();
    });

    /** Validates a body against `<schema doc>#/components/schemas/<name>`; returns Ajv's errors. */
    const check = (id: string, name: string, body: string) => {
      const validate = ajv.getSchema(`${id}#/components/schemas/${name}`);
      if (!validate) throw new Error(`no schema ${name} in ${id}`);
      return validate(JSON.parse(body)) ? [] : validate.errors;
    };
    const expectOfficial = (name: string, res: { statusCode: number; body: string }, expectedStatus = 200) => {
      expect(res.statusCode, res.body).toBe(expectedStatus);
      expect(check(OFFICIAL_ID, name, res.body)).toEqual([]);
    };
    const patchStatus = (url: string, body: Json) => t.app.inject({ method: 'PATCH', url, headers: AUTH, payload: body });

    describe('the document', () => {
      it('is OpenAPI 3.1 with the official JSON Schema dialect, served as JSON', async () => {
        const res = await t.app.inject({ url: '/openapi.json' });
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(served.openapi).toMatch(/^3\.1\.\d+$/);
        expect(served.jsonSchemaDialect).toBe(OFFICIAL.jsonSchemaDialect);
        expect(served.components.securitySchemes).toEqual(OFFICIAL.components.securitySchemes);
      });

      it('has every official path and method under /v0.1 and /v0, with the official parameters and bodies', () => {
        const operations = officialOperations();
        expect(operations).toHaveLength(8);
        for (const [path, method, official] of operations) {
          for (const prefix of ['/v0.1/', '/v0/']) {
            const ours = served.paths[path.replace(/^\/v0\.1\//, prefix)]?.[method];
            const where = `${method.toUpperCase()} ${prefix}${path}`;
            expect(ours, where).toBeDefined();
            for (const p of official.parameters ?? []) {
              const mine = ours.parameters.find((q: Json) => q.name === p.name && q.in === p.in);
              expect(mine, `${where} ${p.in}:${p.name}`).toBeDefined();
              expect(mine.required ?? false).toBe(p.required ?? false);
              expect(mine.schema.type).toBe(p.schema.type);
              expect(mine.schema.format).toBe(p.schema.format);
            }
            if (official.requestBody) {
              expect(ours.requestBody.content['application/json'].schema, where).toEqual(official.requestBody.content['application/json'].schema);
            }
            expect(ours.responses['200'].content['application/json'].schema, where).toEqual(official.responses['200'].content['application/json'].schema);
            expect(ours.security ?? null, where).toEqual(official.security ?? null);
          }
        }
      });

      it('has every official component schema unchanged', () => {
        const names = Object.keys(OFFICIAL.components.schemas);
        expect(names).toEqual(expect.arrayContaining(['ServerList', 'ServerResponse', 'ServerDetail', 'AllVersionsStatusResponse']));
        for (const name of names) expect(served.components.schemas[name], name).toEqual(OFFICIAL.components.schemas[name]);
      });

      it('documents the extension query parameters on both list endpoints, marked as extensions', () => {
        for (const path of ['/v0.1/servers', '/v0/servers']) {
          const params: Json[] = served.paths[path].get.parameters;
          for (const name of EXTENSION_QUERY) {
            const p = params.find((q) => q.name === name && q.in === 'query');
            expect(p, `${path} ${name}`).toBeDefined();
            expect(p!['x-toolshed-extension']).toBe(true);
            expect(p!.description).toMatch(/^Toolshed extension: /);
          }
          const official = params.filter((q) => !q['x-toolshed-extension']).map((q) => q.name);
          expect(official.sort()).toEqual(OFFICIAL.paths['/v0.1/servers'].get.parameters.map((q: Json) => q.name).sort());
        }
      });

      it('marks every operation beyond the official API (generic spec and official server) as an extension', () => {
        const officialServerOnly = /^\/v0(\.1)?\/(validate|health|ping|version|auth\/[a-z-]+)$/;
        const unmarked: string[] = [];
        let extensions = 0;
        for (const [path, item] of Object.entries<Json>(served.paths)) {
          for (const method of METHODS.filter((m) => item[m])) {
            const inGenericSpec = OFFICIAL.paths[path.replace(/^\/v0\//, '/v0.1/')]?.[method] !== undefined;
            if (item[method]['x-toolshed-extension'] === true) extensions++;
            else if (!inGenericSpec && !officialServerOnly.test(path)) unmarked.push(`${method} ${path}`);
          }
        }
        expect(unmarked).toEqual([]);
        expect(extensions).toBeGreaterThan(0);
      });

      it('lists each parameter once per operation, however often the document is built', async () => {
        const again = (await t.app.inject({ url: '/openapi.json' })).json();
        expect(again).toEqual(served);
        for (const item of Object.values<Json>(served.paths)) {
          for (const op of METHODS.map((m) => item[m]).filter(Boolean)) {
            const keys = (op.parameters ?? []).map((p: Json) => `${p.in}:${p.name}`);
            expect(new Set(keys).size).toBe(keys.length);
          }
        }
      });

      it('resolves every $ref it contains', () => {
        const refs = JSON.stringify(served).match(/"\$ref":"[^"]*"/g) ?? [];
        expect(refs.length).toBeGreaterThan(0);
        for (const ref of new Set(refs)) {
          const name = /^"\$ref":"#\/components\/schemas\/([^"]+)"$/.exec(ref)?.[1];
          expect(name, ref).toBeDefined();
          expect(served.components.schemas[name!], ref).toBeDefined();
        }
      });
    });

    describe('real responses against the official schemas', () => {
      it('the validator refuses a body that breaks them (so a pass means something)', async () => {
        const res = await t.app.inject({ url: `/v0.1/servers/${enc(examples[0]!.name)}/versions/latest` });
        expectOfficial('ServerResponse', res);
        const body = res.json();
        body._meta['io.modelcontextprotocol.registry/official'].isLatest = 'yes';
        delete body.server.description;
        const paths = (check(OFFICIAL_ID, 'ServerResponse', JSON.stringify(body)) ?? []).map((e) => e.instancePath);
        expect(paths).toEqual(expect.arrayContaining(['/server', '/_meta/io.modelcontextprotocol.registry~1official/isLatest']));
      });

      it(`publish: ${examples.length} official examples answer ServerResponse`, () => {
        expect(examples).toHaveLength(19);
        for (const body of publishBodies) expect(check(OFFICIAL_ID, 'ServerResponse', body)).toEqual([]);
      });

      it('list: every page, under /v0.1 and /v0, with and without filters, is a ServerList', async () => {
        for (const prefix of ['/v0.1', '/v0']) {
          let cursor: string | undefined;
          let total = 0;
          for (let page = 0; page < 20; page++) {
            const query = `limit=4${cursor === undefined ? '' : `&cursor=${enc(cursor)}`}`;
            const res = await t.app.inject({ url: `${prefix}/servers?${query}` });
            expectOfficial('ServerList', res);
            const body = res.json();
            total += body.servers.length;
            cursor = body.metadata.nextCursor;
            if (cursor === undefined) break;
          }
          expect(cursor).toBeUndefined();
          expect(total).toBe(examples.length);
        }
        for (const query of ['version=latest', 'search=example', 'q=weather', 'registry_type=npm,oci', 'remote_transport=sse', 'include_deleted=true']) {
          expectOfficial('ServerList', await t.app.inject({ url: `/v0.1/servers?${query}` }));
        }
      });

      it('versions and detail: ServerList and ServerResponse', async () => {
        const name = enc('io.github.joelverhagen/knapcode-samplemcpserver');
        const versions = await t.app.inject({ url: `/v0.1/servers/${name}/versions` });
        expectOfficial('ServerList', versions);
        expect(versions.json().servers).toHaveLength(2);
        expectOfficial('ServerResponse', await t.app.inject({ url: `/v0/servers/${name}/versions/latest` }));
        expectOfficial('ServerResponse', await t.app.inject({ url: `/v0.1/servers/${name}/versions/0.4.0-beta` }));
      });

      it('status of one version and of all versions: ServerResponse and AllVersionsStatusResponse, with a message', async () => {
        const name = enc('com.example/openapi-status');
        for (const v of ['1.0.0', '1.1.0', '2.0.0']) {
          const res = await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: serverDoc('com.example/openapi-status', v) });
          expectOfficial('ServerResponse', res);
        }
        const one = await patchStatus(`/v0.1/servers/${name}/versions/1.0.0/status`, { status: 'deprecated', statusMessage: 'Use 2.0.0' });
        expectOfficial('ServerResponse', one);
        expect(one.json()._meta['io.modelcontextprotocol.registry/official'].statusMessage).toBe('Use 2.0.0');
        const all = await patchStatus(`/v0/servers/${name}/status`, { status: 'deprecated', statusMessage: 'Moved to com.example/next' });
        expectOfficial('AllVersionsStatusResponse', all);
        expect(all.json().servers).toHaveLength(3);
        const deleted = await t.app.inject({ method: 'DELETE', url: `/v0.1/servers/${name}/versions/1.1.0`, headers: AUTH });
        expectOfficial('ServerResponse', deleted);
        expectOfficial('ServerList', await t.app.inject({ url: `/v0.1/servers/${name}/versions?include_deleted=true` }));
        const edited = await t.app.inject({
          method: 'PUT',
          url: `/v0.1/servers/${name}/versions/2.0.0`,
          headers: AUTH,
          payload: serverDoc('com.example/openapi-status', '2.0.0', { title: 'Edited' }),
        });
        expectOfficial('ServerResponse', edited);
      });
    });

    describe('real responses against our own document', () => {
      /** The schema the served document gives for one operation and status. */
      const documented = (path: string, method: string, status: string): string => {
        const content = served.paths[path][method].responses[status].content;
        const schema = (content['application/problem+json'] ?? content['application/json']).schema;
        return /^#\/components\/schemas\/(.+)$/.exec(schema.$ref)![1]!;
      };

      it('errors are the documented problem+json', async () => {
        const missing = await t.app.inject({ url: `/v0.1/servers/${enc('com.example/nope')}/versions/1.0.0` });
        expect(missing.statusCode).toBe(404);
        expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(check(SERVED_ID, documented('/v0.1/servers/{serverName}/versions/{version}', 'get', '404'), missing.body)).toEqual([]);
        const invalid = await t.app.inject({ method: 'POST', url: '/v0.1/publish', payload: { name: 1 } });
        expect(invalid.statusCode).toBe(422);
        expect(check(SERVED_ID, documented('/v0.1/publish', 'post', '422'), invalid.body)).toEqual([]);
        const forbidden = await t.app.inject({ method: 'POST', url: '/v0/publish', headers: { authorization: 'Bearer wrong' }, payload: serverDoc('com.example/x', '1.0.0') });
        expect(forbidden.statusCode).toBe(401);
        expect(check(SERVED_ID, documented('/v0/publish', 'post', '401'), forbidden.body)).toEqual([]);
      });

      it('/validate answers the documented ValidationResult, for a valid and an invalid document', async () => {
        const schema = documented('/v0.1/validate', 'post', '200');
        const good = await t.app.inject({ method: 'POST', url: '/v0.1/validate', payload: examples[0] });
        expect(good.statusCode).toBe(200);
        expect(good.json().valid).toBe(true);
        expect(check(SERVED_ID, schema, good.body)).toEqual([]);
        const bad = await t.app.inject({ method: 'POST', url: '/v0.1/validate', payload: serverDoc('com.example/range', '^1.0.0') });
        expect(bad.json().valid).toBe(false);
        expect(check(SERVED_ID, schema, bad.body)).toEqual([]);
      });
    });

    describe('/docs', () => {
      it('serves an HTML page whose scripts and styles are all local and load', async () => {
        const res = await t.app.inject({ url: '/docs' });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        const scripts = [...res.body.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!);
        const links = [...res.body.matchAll(/<link[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]!);
        expect(scripts.length).toBeGreaterThan(0);
        for (const url of [...scripts, ...links]) {
          expect(url, url).toMatch(/^\/(?!\/)/);
          expect((await t.app.inject({ url })).statusCode, url).toBe(200);
        }
        expect(String(res.headers['content-security-policy'])).toMatch(/script-src 'self'\s*;/);
      });
    });
  });
});
