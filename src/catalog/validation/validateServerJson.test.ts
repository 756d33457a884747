// Covers full validation end to end: every official example document is valid
// (and passes the API shape check, except the sub-registry example whose vendor
// `_meta` key the API rejects), each invalid fixture fails with its expected
// issue, `valid` follows error severity only, and the 464-document real dataset
// behaves as documented (when ../shared is present).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkApiShape } from './checkApiShape.js';
import { CURRENT_SCHEMA_URL } from './serverJson.js';
import { validateServerJson } from './validateServerJson.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const fixtures = join(here, 'fixtures');
const repoRoot = resolve(here, '../../..');
const datasetPath = resolve(repoRoot, '../shared/datasets/official-seed-2025-05.json');
const sharedExamples = resolve(repoRoot, '../shared/reference/official-registry/examples');

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

const officialExamples = jsonFiles(join(fixtures, 'server-json'));
const unverifiedValid = jsonFiles(join(fixtures, 'index-unverified/valid'));

describe('official examples', () => {
  it('has all 32 documents from the upstream docs', () => {
    expect(officialExamples).toHaveLength(32);
    expect(officialExamples.filter((f) => f.startsWith('generic-server-json-'))).toHaveLength(17);
  });

  it.each(officialExamples)('%s is valid without any issue', (file) => {
    expect(validateServerJson(readJson(join(fixtures, 'server-json', file)))).toEqual({ valid: true, issues: [] });
  });

  it.each(officialExamples.filter((f) => !f.startsWith('registry-aggregators-')))('%s passes the API shape check unchanged', (file) => {
    const doc = readJson(join(fixtures, 'server-json', file));
    expect(checkApiShape(doc)).toEqual({ ok: true, value: doc });
  });

  it('rejects the sub-registry example at the API, because publishers may not set vendor _meta keys', () => {
    const doc = readJson(join(fixtures, 'server-json', 'registry-aggregators-01-io.github.username__email-integration-mcp.json'));
    expect(checkApiShape(doc)).toEqual({
      ok: false,
      errors: [expect.objectContaining({ message: 'unexpected property', location: 'body._meta.com.example.subregistry/custom' })],
    });
  });

  it.each(unverifiedValid)('index-unverified/valid/%s is valid', (file) => {
    const doc = readJson(join(fixtures, 'index-unverified/valid', file));
    expect(validateServerJson(doc)).toEqual({ valid: true, issues: [] });
    expect(checkApiShape(doc)).toEqual({ ok: true, value: doc });
  });

  // The copies restore the real npm/PyPI hosts that the shared reference replaced with placeholders.
  describe.runIf(existsSync(sharedExamples))('fixture provenance', () => {
    it.each(officialExamples)('%s matches the shared reference copy apart from the registry hosts', (file) => {
      const original = readFileSync(join(sharedExamples, 'server-json', file), 'utf8')
        .replaceAll('https://npm-registry.example', 'https://registry.npmjs.org')
        .replaceAll('https://pypi-registry.example', 'https://pypi.org');
      expect(readFileSync(join(fixtures, 'server-json', file), 'utf8')).toBe(original);
    });
  });
});

describe('invalid fixtures', () => {
  const cases: Array<[string, string, string]> = [
    ['bad-name-pattern.json', 'name', '#/definitions/ServerDetail/properties/name/pattern'],
    ['bad-name-pattern.json', 'name', 'invalid-server-name'],
    ['description-too-long.json', 'description', '#/definitions/ServerDetail/properties/description/maxLength'],
    ['missing-name.json', '', '#/definitions/ServerDetail/required'],
    ['missing-name.json', 'name', 'invalid-server-name'],
    ['package-version-latest.json', 'packages[0].version', '#/definitions/Package/properties/version/not'],
    ['package-version-latest.json', 'packages[0].version', 'reserved-version-string'],
    ['positional-argument-missing-value.json', 'packages[0].packageArguments[0]', '#/definitions/PositionalArgument/allOf/1/anyOf'],
  ];

  it.each(cases)('%s fails at %j with %s', (file, path, reference) => {
    const doc = readJson(join(fixtures, 'index-unverified/invalid', file)) as Record<string, unknown>;
    const expected = expect.objectContaining({
      path,
      severity: 'error',
      reference: reference.startsWith('#') ? `${CURRENT_SCHEMA_URL}${reference}` : reference,
    });
    const asIs = validateServerJson(doc);
    expect(asIs.valid).toBe(false);
    expect(asIs.issues).toContainEqual(expect.objectContaining({ reference: 'schema-field-required' }));
    expect(asIs.issues).toContainEqual(expected);
    // With the missing $schema supplied, the document still fails for its own reason.
    const declared = validateServerJson({ $schema: CURRENT_SCHEMA_URL, ...doc });
    expect(declared.valid).toBe(false);
    expect(declared.issues).toContainEqual(expected);
  });
});

describe('validateServerJson', () => {
  const base = { $schema: CURRENT_SCHEMA_URL, name: 'io.github.user/weather', description: 'Weather.', version: '1.0.0' };

  it('stays valid with only a warning', () => {
    const result = validateServerJson({ ...base, $schema: 'https://static.modelcontextprotocol.io/schemas/2025-10-17/server.schema.json' });
    expect(result.valid).toBe(true);
    expect(result.issues).toEqual([expect.objectContaining({ severity: 'warning', reference: 'schema-version-deprecated' })]);
  });

  it('becomes invalid under the error policy for a non-current schema', () => {
    const old = { ...base, $schema: 'https://static.modelcontextprotocol.io/schemas/2025-10-17/server.schema.json' };
    expect(validateServerJson(old, { nonCurrentSchemaPolicy: 'error' }).valid).toBe(false);
  });

  it('lists schema issues before semantic issues and collects both', () => {
    const result = validateServerJson({ ...base, version: 'latest', title: '', websiteUrl: 'http://example.com' });
    expect(result.valid).toBe(false);
    expect(result.issues.map((i) => `${i.type}:${i.path}`)).toEqual(['schema:title', 'semantic:version', 'semantic:websiteUrl']);
  });

  it('rejects a version range at full validation (publish answers 422 for it)', () => {
    expect(validateServerJson({ ...base, version: '^1.2.3' }).issues).toEqual([expect.objectContaining({ reference: 'version-looks-like-range', path: 'version' })]);
  });

  it('applies configured registry base URLs', () => {
    const doc = {
      ...base,
      packages: [{ registryType: 'npm', registryBaseUrl: 'https://npm.corp.example', identifier: 'x', version: '1.0.0', transport: { type: 'stdio' } }],
    };
    expect(validateServerJson(doc).valid).toBe(false);
    expect(validateServerJson(doc, { allowedRegistryBaseUrls: { npm: ['https://npm.corp.example'] } })).toEqual({ valid: true, issues: [] });
  });
});

// 74 documents of the seed fail upstream's named-argument rules: the 2025-05
// pre-release seed stored whole flags ("-e API_KEY", "--port 8080") as argument
// names and repeated them as value and default. Upstream v1.8.0 rejects them too.
describe.runIf(existsSync(datasetPath))('official seed dataset', () => {
  const dataset = existsSync(datasetPath) ? (readJson(datasetPath) as unknown[]) : [];
  const results = dataset.map((doc) => ({ doc, result: validateServerJson(doc) }));
  const invalid = results.filter((r) => !r.result.valid);

  it('holds 464 documents', () => {
    expect(dataset).toHaveLength(464);
  });

  it('passes the API shape check unchanged for every document', () => {
    for (const doc of dataset) expect(checkApiShape(doc)).toEqual({ ok: true, value: doc });
  });

  it('passes the JSON Schema for every document', () => {
    const schemaIssues = results.flatMap((r) => r.result.issues.filter((i) => i.type === 'schema'));
    expect(schemaIssues).toEqual([]);
  });

  it('has 390 valid documents; the other 74 fail only the named-argument rules', () => {
    expect(results.length - invalid.length).toBe(390);
    expect(invalid).toHaveLength(74);
    const rules = new Set(invalid.flatMap((r) => r.result.issues.map((i) => i.reference)));
    expect([...rules].sort()).toEqual(['argument-default-starts-with-name', 'argument-value-starts-with-name', 'invalid-named-argument-name']);
  });
});
