/**
 * The official registry's own documents as a contract, on every database: each
 * server.json example from its docs (the 17 its e2e test publishes plus the 15
 * from the package-types, quickstart, remote-servers, versioning and aggregator
 * pages) publishes with 200 and reads back exactly as published, deep-equal and
 * byte for byte, and the 4 documents of its offline seed import and read back
 * the same way.
 *
 * Three rewrites, each as narrow as the official CI's own renaming:
 * - Several examples share a name and version (4 × com.example/acme-analytics
 *   2.0.0, 4 × io.github.username/email-integration-mcp 1.0.0). Renaming them
 *   into distinct names would trip remote URL uniqueness (three acme-analytics
 *   examples use the same URL), so names are kept and the n-th repeat of a
 *   name+version is published as `<version>-repeat.<n>` (no "x" in the suffix:
 *   upstream's range check reads `1.x`-like text as a range).
 * - The reference copies name the npm/PyPI hosts by placeholders; those are
 *   mapped back to the default base URLs the validator accepts.
 * - The aggregator example carries a sub-registry key in `_meta`. The official
 *   API refuses that with 422 "unexpected property" (only mcp-publisher, which
 *   drops unknown keys client-side, gets it through), so the test checks that
 *   422 and then publishes the document as mcp-publisher would send it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REGISTRY_BASE_URLS } from '../src/catalog/index.js';
import { importCatalog, readImportFile } from '../src/cli/importCatalog.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const enc = encodeURIComponent;
const FIXTURES = new URL('./fixtures/official-examples/', import.meta.url);
const EXAMPLES_DIR = new URL('server-json/', FIXTURES);
const SEED_FILE = new URL('seed.json', FIXTURES).pathname;

const PLACEHOLDER_HOSTS: Array<[string, string]> = [
  ['"https://npm-registry.example"', JSON.stringify(DEFAULT_REGISTRY_BASE_URLS.npm[0])],
  ['"https://pypi-registry.example"', JSON.stringify(DEFAULT_REGISTRY_BASE_URLS.pypi[0])],
];
const SUBREGISTRY_KEY = 'com.example.subregistry/custom';

interface Example {
  file: string;
  /** The document as published. */
  doc: Record<string, unknown>;
  /** Set when the document as written is refused by the official API: what it sends instead. */
  refused?: Record<string, unknown>;
}

/** The examples in file order, rewritten as the header comment explains. */
function loadExamples(): Example[] {
  const seen = new Map<string, number>();
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      let text = readFileSync(new URL(file, EXAMPLES_DIR), 'utf8');
      for (const [placeholder, host] of PLACEHOLDER_HOSTS) text = text.replaceAll(placeholder, host);
      const doc = JSON.parse(text) as Record<string, unknown>;
      const key = `${doc.name as string}@${doc.version as string}`;
      const repeat = seen.get(key) ?? 0;
      seen.set(key, repeat + 1);
      if (repeat > 0) doc.version = `${doc.version as string}-repeat.${repeat}`;
      const meta = doc._meta as Record<string, unknown> | undefined;
      if (meta && SUBREGISTRY_KEY in meta) {
        const refused = structuredClone(doc);
        delete meta[SUBREGISTRY_KEY];
        if (Object.keys(meta).length === 0) delete doc._meta;
        return { file, doc, refused };
      }
      return { file, doc };
    });
}

const EXAMPLES = loadExamples();
const SEED = readImportFile(SEED_FILE) as Array<Record<string, unknown>>;

describe.each(DATABASES)('official example documents on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    const published = new Map<string, { status: number; body: string }>();
    const refusals = new Map<string, { status: number; body: string }>();
    beforeAll(async () => {
      t = await testToolshed(kind);
      for (const { file, doc, refused } of EXAMPLES) {
        if (refused) {
          const res = await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: refused });
          refusals.set(file, { status: res.statusCode, body: res.body });
        }
        const res = await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: doc });
        published.set(file, { status: res.statusCode, body: res.body });
      }
    });
    afterAll(async () => {
      await t?.destroy();
    });

    const detail = (name: string, version: string, prefix = '/v0.1') => t.app.inject({ url: `${prefix}/servers/${enc(name)}/versions/${enc(version)}` });
    /** The response body must splice in exactly the text JSON.stringify gives for the published document. */
    const expectVerbatim = (body: string, doc: unknown) => expect(body.startsWith(`{"server":${JSON.stringify(doc)},"_meta":`)).toBe(true);

    it('has the 32 documents, 17 of them the generic examples the official e2e test publishes', () => {
      expect(EXAMPLES).toHaveLength(32);
      expect(EXAMPLES.filter((e) => e.file.startsWith('generic-server-json-'))).toHaveLength(17);
      expect(new Set(EXAMPLES.map((e) => `${e.doc.name as string}@${e.doc.version as string}`)).size).toBe(32);
      expect(EXAMPLES.filter((e) => e.refused).map((e) => e.file)).toEqual(['registry-aggregators-01-io.github.username__email-integration-mcp.json']);
    });

    it('refuses a sub-registry key in _meta with the official 422, as the official API does', () => {
      const [file] = EXAMPLES.filter((e) => e.refused).map((e) => e.file);
      const res = refusals.get(file!)!;
      expect(res.status).toBe(422);
      expect(JSON.parse(res.body)).toMatchObject({
        detail: 'validation failed',
        errors: [{ message: 'unexpected property', location: `body._meta.${SUBREGISTRY_KEY}` }],
      });
    });

    it('publishes every example with 200 and answers with the document as sent', () => {
      const failures = EXAMPLES.filter((e) => published.get(e.file)?.status !== 200).map((e) => `${e.file}: ${published.get(e.file)?.status} ${published.get(e.file)?.body}`);
      expect(failures).toEqual([]);
      for (const { file, doc } of EXAMPLES) {
        const body = published.get(file)!.body;
        expect(JSON.parse(body).server, file).toEqual(doc);
        expectVerbatim(body, doc);
      }
    });

    it('reads every example back deep-equal and byte-identical, under /v0.1 and /v0', async () => {
      for (const { file, doc } of EXAMPLES) {
        for (const prefix of ['/v0.1', '/v0']) {
          const res = await detail(doc.name as string, doc.version as string, prefix);
          expect(res.statusCode, `${prefix} ${file}`).toBe(200);
          expect(res.json().server, `${prefix} ${file}`).toEqual(doc);
          expectVerbatim(res.body, doc);
        }
      }
    });

    it('lists all 32 versions, and the repeated names with every one of their versions', async () => {
      const list = await t.app.inject({ url: '/v0.1/servers?limit=100' });
      expect(list.json().metadata.count).toBe(32);
      const acme = await t.app.inject({ url: `/v0.1/servers/${enc('com.example/acme-analytics')}/versions` });
      expect(
        acme
          .json()
          .servers.map((s: any) => s.server.version)
          .sort(),
      ).toEqual(['2.0.0', '2.0.0-repeat.1', '2.0.0-repeat.2', '2.0.0-repeat.3']);
      const latest = await detail('com.example/acme-analytics', 'latest');
      expect(latest.json().server.version).toBe('2.0.0');
    });

    it('imports the 4 documents of the official seed and reads them back verbatim', async () => {
      expect(SEED).toHaveLength(4);
      const report = await importCatalog(t.catalog, SEED);
      expect(report).toEqual({ total: 4, created: 4, unchanged: 0, failed: [], warned: [] });
      for (const doc of SEED) {
        const res = await detail(doc.name as string, doc.version as string);
        expect(res.statusCode).toBe(200);
        expect(res.json().server).toEqual(doc);
        expectVerbatim(res.body, doc);
      }
      const airtable = await detail('io.github.domdomegg/airtable-mcp-server', 'latest');
      expect(airtable.json().server.version).toBe('1.7.3');
      const again = await importCatalog(t.catalog, SEED);
      expect(again).toEqual({ total: 4, created: 0, unchanged: 4, failed: [], warned: [] });
    });
  });
});
