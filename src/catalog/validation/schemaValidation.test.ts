// Covers the `$schema` rules (required, version extraction, released versions
// only, non-current policy) and full JSON Schema validation: issue paths in
// bracket notation, absolute keyword references, Go-compatible `uri` format and
// pattern semantics, each released schema version, and lazy compilation.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compiledSchema, schemaValidation } from './schemaValidation.js';
import { CURRENT_SCHEMA_URL, SCHEMA_VERSIONS } from './serverJson.js';

const schemaUrl = (version: string) => `https://static.modelcontextprotocol.io/schemas/${version}/server.schema.json`;

function doc(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { $schema: CURRENT_SCHEMA_URL, name: 'io.github.user/weather', description: 'Weather.', version: '1.0.0', ...extra };
}

const references = (issues: ReturnType<typeof schemaValidation>) => issues.map((i) => i.reference);

describe('schemaValidation: $schema', () => {
  it('accepts the current schema without any issue', () => {
    expect(schemaValidation(doc())).toEqual([]);
  });

  it.each([undefined, '', 42])('requires $schema (%j)', (value) => {
    const issues = schemaValidation(doc({ $schema: value }));
    expect(issues[0]).toEqual({
      type: 'semantic',
      path: 'schema',
      message: '$schema field is required',
      severity: 'error',
      reference: 'schema-field-required',
    });
  });

  it('rejects a URL without a version segment', () => {
    const issues = schemaValidation(doc({ $schema: 'https://example.com/server.schema.json' }));
    expect(issues[0]).toMatchObject({ type: 'schema', path: 'schema', severity: 'error', reference: 'schema-version-extraction-error' });
  });

  it('rejects the draft schema URLs', () => {
    expect(references(schemaValidation(doc({ $schema: schemaUrl('draft') })))).toContain('schema-version-not-available');
    const draftId = 'https://raw.githubusercontent.com/modelcontextprotocol/registry/main/docs/reference/server-json/draft/server.schema.json';
    expect(references(schemaValidation(doc({ $schema: draftId })))).toContain('schema-version-extraction-error');
  });

  it('rejects an unknown date such as 2025-01-27', () => {
    const issues = schemaValidation(doc({ $schema: schemaUrl('2025-01-27') }));
    expect(issues.filter((i) => i.severity === 'error')).toEqual([expect.objectContaining({ type: 'schema', path: 'schema', reference: 'schema-version-not-available' })]);
  });

  it('warns about a released but non-current version by default', () => {
    const issues = schemaValidation(doc({ $schema: schemaUrl('2025-10-17') }));
    expect(issues).toEqual([
      {
        type: 'semantic',
        path: 'schema',
        message: 'schema version 2025-10-17 is not the current version (2025-12-11). Consider updating to the latest schema version',
        severity: 'warning',
        reference: 'schema-version-deprecated',
      },
    ]);
  });

  it('follows the error and allow policies for a non-current version', () => {
    const old = doc({ $schema: schemaUrl('2025-10-17') });
    expect(schemaValidation(old, 'error')).toEqual([expect.objectContaining({ severity: 'error', reference: 'schema-version-deprecated' })]);
    expect(schemaValidation(old, 'allow')).toEqual([]);
  });

  it('still validates the structure against the current schema when $schema is unusable', () => {
    const issues = schemaValidation({ name: 'io.github.user/x', description: 'd'.repeat(101), version: '1' });
    expect(references(issues)).toEqual(['schema-field-required', `${CURRENT_SCHEMA_URL}#/definitions/ServerDetail/properties/description/maxLength`]);
  });
});

describe('schemaValidation: JSON Schema', () => {
  it('reports a nested violation with a bracket path and the absolute keyword location', () => {
    const issues = schemaValidation(doc({ packages: [{ registryType: 'npm', identifier: 'x', version: 'latest', transport: { type: 'stdio' } }] }));
    expect(issues).toEqual([
      {
        type: 'schema',
        path: 'packages[0].version',
        message: 'not failed',
        severity: 'error',
        reference: `${CURRENT_SCHEMA_URL}#/definitions/Package/properties/version/not`,
      },
    ]);
  });

  it('reports required properties at the containing object', () => {
    const issues = schemaValidation(doc({ repository: { url: 'https://github.com/u/r' } }));
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'repository',
        message: "missing required fields: 'source'",
        reference: `${CURRENT_SCHEMA_URL}#/definitions/Repository/required`,
      }),
    ]);
  });

  it('collects every violation', () => {
    const issues = schemaValidation(doc({ name: 'no-slash', title: '', icons: [{ src: 'https://x.example/i.png', sizes: ['big'] }], remotes: [{ type: 'sse', url: 'ftp://x' }] }));
    const paths = issues.map((i) => i.path);
    expect(paths).toContain('name');
    expect(paths).toContain('title');
    expect(paths).toContain('icons[0].sizes[0]');
    expect(paths).toContain('remotes[0].url');
  });

  it('judges format uri like Go: a scheme is required, spaces in paths are fine', () => {
    expect(schemaValidation(doc({ websiteUrl: 'https://example.com/a b' }))).toEqual([]);
    expect(schemaValidation(doc({ websiteUrl: 'example.com' }))).toEqual([expect.objectContaining({ path: 'websiteUrl', message: "'example.com' has invalid format 'uri'" })]);
  });

  it('reads \\s in schema patterns as RE2 does (ASCII whitespace only)', () => {
    const remote = (url: string) => doc({ remotes: [{ type: 'sse', url }] });
    expect(schemaValidation(remote('https://x.example/\u00a0'))).toEqual([]);
    expect(references(schemaValidation(remote('https://x.example/ a')))).toContain(`${CURRENT_SCHEMA_URL}#/definitions/SseTransport/properties/url/pattern`);
  });

  it('validates a snake_case document against the 2025-07-09 schema it declares', () => {
    const legacy = {
      $schema: schemaUrl('2025-07-09'),
      name: 'io.github.user/weather',
      description: 'Weather.',
      version: '1.0.0',
      packages: [{ registry_type: 'npm', identifier: '@user/weather', version: '1.0.0', transport: { type: 'stdio' } }],
    };
    const issues = schemaValidation(legacy);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    const camel = { ...legacy, packages: [{ registryType: 'npm', identifier: '@user/weather', version: '1.0.0', transport: { type: 'stdio' } }] };
    expect(schemaValidation(camel).map((i) => i.path)).toContain('packages[0]');
  });

  it('compiles every released schema once and reuses it', () => {
    for (const version of SCHEMA_VERSIONS) {
      const first = compiledSchema(version);
      expect(first.id).toBe(schemaUrl(version));
      expect(compiledSchema(version)).toBe(first);
    }
  });

  it('reports a non-object document against the root', () => {
    expect(schemaValidation([1, 2])).toEqual([expect.objectContaining({ reference: 'schema-field-required' }), expect.objectContaining({ path: '', message: 'expected object, but got array' })]);
  });
});

const sharedSchemas = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/reference/official-registry/server-json/schemas');

// The copies restore the real npm/PyPI hosts in `examples` annotations that the shared reference replaced with placeholders.
describe.runIf(existsSync(sharedSchemas))('schema provenance', () => {
  it.each([...SCHEMA_VERSIONS])('%s matches the shared reference copy apart from the registry hosts', (version) => {
    const original = readFileSync(resolve(sharedSchemas, `${version}.json`), 'utf8')
      .replaceAll('https://npm-registry.example', 'https://registry.npmjs.org')
      .replaceAll('https://pypi-registry.example', 'https://pypi.org');
    expect(readFileSync(new URL(`./schemas/${version}.json`, import.meta.url), 'utf8')).toBe(original);
  });
});
