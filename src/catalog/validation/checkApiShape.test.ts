// Covers the Huma-equivalent API shape check of server.json bodies: unknown
// properties anywhere in the typed structure, required fields, lengths, the name
// pattern, types, enums, URI format, the `_meta` allow-list, case-insensitive
// property names, collecting every error, and that the accepted value keeps the
// publisher's key order and values (including `false`) with canonical spellings.
import { describe, expect, it } from 'vitest';
import { checkApiShape } from './checkApiShape.js';

const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';

function base(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { $schema: SCHEMA, name: 'io.github.user/weather', description: 'Weather data.', version: '1.0.0', ...extra };
}

function npmPackage(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { registryType: 'npm', identifier: '@user/weather', version: '1.0.0', transport: { type: 'stdio' }, ...extra };
}

function errorsOf(body: unknown) {
  const result = checkApiShape(body);
  if (result.ok) throw new Error('expected the shape check to fail');
  return result.errors;
}

describe('checkApiShape', () => {
  it('accepts a complete document and returns it unchanged, key order and false booleans included', () => {
    const doc = {
      version: '1.0.0',
      $schema: SCHEMA,
      description: 'Weather data.',
      name: 'io.github.user/weather',
      title: 'Weather',
      websiteUrl: 'https://example.com/docs',
      repository: { source: 'github', url: 'https://github.com/user/weather', id: '42', subfolder: 'src' },
      icons: [{ src: 'https://example.com/icon.png', sizes: ['48x48', 'any'], mimeType: 'image/png', theme: 'dark' }],
      packages: [
        npmPackage({
          runtimeHint: 'npx',
          packageArguments: [{ type: 'named', name: '--port', value: '8080', isRepeated: false, isRequired: false }],
          environmentVariables: [{ name: 'API_KEY', isSecret: true, format: 'string', choices: ['a', 'b'] }],
        }),
      ],
      remotes: [
        {
          type: 'streamable-http',
          url: 'https://{host}/mcp',
          headers: [{ name: 'Authorization', isSecret: false }],
          variables: { host: { default: 'api.example.com', isRequired: false } },
        },
      ],
      _meta: { 'io.modelcontextprotocol.registry/publisher-provided': { tool: 'ci', nested: { deep: [1, 2] } } },
    };
    const result = checkApiShape(structuredClone(doc));
    expect(result).toEqual({ ok: true, value: doc });
    if (result.ok) {
      expect(Object.keys(result.value)).toEqual(Object.keys(doc));
      expect(JSON.stringify(result.value)).toBe(JSON.stringify(doc));
    }
  });

  it('reports an unknown top-level property with the containing object as value, as Huma does', () => {
    const body = base({ status: 'active' });
    expect(errorsOf(body)).toEqual([{ message: 'unexpected property', location: 'body.status', value: body }]);
  });

  it('rejects snake_case keys from the 2025-07-09 era inside packages', () => {
    const pkg = { registry_type: 'npm', identifier: 'x', transport: { type: 'stdio' } };
    expect(errorsOf(base({ packages: [pkg] }))).toEqual([
      { message: 'expected required property registryType to be present', location: 'body.packages[0]', value: pkg },
      { message: 'unexpected property', location: 'body.packages[0].registry_type', value: pkg },
    ]);
  });

  it('reports a missing required property at the parent object', () => {
    const body = base();
    delete body.name;
    expect(errorsOf(body)).toEqual([{ message: 'expected required property name to be present', location: 'body', value: body }]);
  });

  it('requires $schema, package transport, key-value names, argument types and icon src', () => {
    const body = {
      name: 'io.github.user/weather',
      description: 'd',
      version: '1',
      packages: [{ registryType: 'npm', identifier: 'x', environmentVariables: [{}], packageArguments: [{ value: 'v' }] }],
      icons: [{}],
    };
    expect(errorsOf(body).map((e) => [e.location, e.message])).toEqual([
      ['body', 'expected required property $schema to be present'],
      ['body.icons[0]', 'expected required property src to be present'],
      ['body.packages[0]', 'expected required property transport to be present'],
      ['body.packages[0].packageArguments[0]', 'expected required property type to be present'],
      ['body.packages[0].environmentVariables[0]', 'expected required property name to be present'],
    ]);
  });

  it('enforces string lengths with the offending value', () => {
    const long = 'x'.repeat(101);
    expect(errorsOf(base({ description: long }))).toEqual([{ message: 'expected length <= 100', location: 'body.description', value: long }]);
    expect(errorsOf(base({ description: '' }))).toEqual([{ message: 'expected length >= 1', location: 'body.description', value: '' }]);
    expect(errorsOf(base({ version: 'v'.repeat(256) }))[0]?.message).toBe('expected length <= 255');
    expect(errorsOf(base({ title: '' }))[0]).toMatchObject({ message: 'expected length >= 1', location: 'body.title' });
  });

  it('counts length in code points, as Go counts runes', () => {
    expect(checkApiShape(base({ description: '😀'.repeat(100) })).ok).toBe(true);
    expect(errorsOf(base({ description: '😀'.repeat(101) }))[0]?.message).toBe('expected length <= 100');
  });

  it.each(['io.github.user/weather/extra', 'io.github.user//weather', 'https://github.com/user/weather', 'io.github.user/weather/', 'a/b/c/d/e', '/usr/local/bin'])(
    'rejects the name %j with the Huma pattern message',
    (name) => {
      expect(errorsOf(base({ name }))).toContainEqual({
        message: 'expected string to match pattern ^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$',
        location: 'body.name',
        value: name,
      });
    },
  );

  it('rejects a name shorter than 3 characters', () => {
    expect(errorsOf(base({ name: 'a/' })).map((e) => e.message)).toEqual(['expected length >= 3', 'expected string to match pattern ^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$']);
  });

  it('uses Huma type messages', () => {
    expect(errorsOf(base({ name: 5 }))).toEqual([{ message: 'expected string', location: 'body.name', value: 5 }]);
    expect(errorsOf(base({ packages: {} }))).toEqual([{ message: 'expected array', location: 'body.packages', value: {} }]);
    expect(errorsOf(base({ repository: [] }))).toEqual([{ message: 'expected object', location: 'body.repository', value: [] }]);
    expect(errorsOf(base({ packages: [npmPackage({ environmentVariables: [{ name: 'K', isSecret: 'yes' }] })] }))).toEqual([
      { message: 'expected boolean', location: 'body.packages[0].environmentVariables[0].isSecret', value: 'yes' },
    ]);
    expect(errorsOf(base({ packages: [null] }))).toEqual([{ message: 'expected object', location: 'body.packages[0]', value: null }]);
  });

  it('uses the Huma enum message', () => {
    expect(errorsOf(base({ packages: [npmPackage({ environmentVariables: [{ name: 'K', format: 'int' }] })] }))).toEqual([
      {
        message: 'expected value to be one of "string, number, boolean, filepath"',
        location: 'body.packages[0].environmentVariables[0].format',
        value: 'int',
      },
    ]);
    expect(errorsOf(base({ icons: [{ src: 'https://x.example/i.png', theme: 'blue', mimeType: 'image/gif' }] })).map((e) => e.message)).toEqual([
      'expected value to be one of "image/png, image/jpeg, image/jpg, image/svg+xml, image/webp"',
      'expected value to be one of "light, dark"',
    ]);
  });

  it('checks patterns on fileSha256 and icon sizes', () => {
    expect(errorsOf(base({ packages: [npmPackage({ fileSha256: 'ABC' })] }))[0]).toMatchObject({
      message: 'expected string to match pattern ^[a-f0-9]{64}$',
      location: 'body.packages[0].fileSha256',
    });
    expect(errorsOf(base({ icons: [{ src: 'https://x.example/i.png', sizes: ['48', 'any'] }] }))[0]).toMatchObject({
      message: 'expected string to match pattern ^(\\d+x\\d+|any)$',
      location: 'body.icons[0].sizes[0]',
    });
  });

  it('checks format uri with Go url.Parse', () => {
    expect(errorsOf(base({ websiteUrl: '://nope' }))).toEqual([
      { message: 'expected string to be RFC 3986 uri: parse "://nope": missing protocol scheme', location: 'body.websiteUrl', value: '://nope' },
    ]);
    expect(errorsOf(base({ $schema: 'https://exa mple.com/schemas/x' }))[0]?.location).toBe('body.$schema');
    expect(checkApiShape(base({ websiteUrl: 'relative/path is fine for Go' })).ok).toBe(true);
  });

  it('accepts property names case-insensitively and returns canonical names in the same position', () => {
    const result = checkApiShape({ $SCHEMA: SCHEMA, Name: 'io.github.user/weather', DESCRIPTION: 'd', version: '1', PACKAGES: [npmPackage({ RegistryType: 'npm' })] });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(Object.keys(result.value)).toEqual(['$schema', 'name', 'description', 'version', 'packages']);
      expect(result.value.name).toBe('io.github.user/weather');
      expect(Object.keys(result.value.packages?.[0] ?? {})).toContain('registryType');
      expect(Object.keys(result.value.packages?.[0] ?? {})).not.toContain('RegistryType');
    }
  });

  it('validates every spelling of a property and keeps the last one, as encoding/json stores it', () => {
    expect(errorsOf(base({ Name: 'bad//name' }))[0]).toMatchObject({ location: 'body.name', value: 'bad//name' });
    const result = checkApiShape(base({ Name: 'io.github.user/other' }));
    expect(result.ok && result.value.name).toBe('io.github.user/other');
  });

  it('accepts only the publisher-provided key under _meta', () => {
    const meta = { 'io.modelcontextprotocol.registry/publisher-provided': {}, tools: [] };
    expect(errorsOf(base({ _meta: meta }))).toEqual([{ message: 'unexpected property', location: 'body._meta.tools', value: meta }]);
    const official = { 'io.modelcontextprotocol.registry/official': { status: 'active' } };
    expect(errorsOf(base({ _meta: official }))[0]?.location).toBe('body._meta.io.modelcontextprotocol.registry/official');
    expect(errorsOf(base({ _meta: { 'io.modelcontextprotocol.registry/publisher-provided': 'text' } }))).toEqual([
      { message: 'expected object', location: 'body._meta.io.modelcontextprotocol.registry/publisher-provided', value: 'text' },
    ]);
  });

  it('accepts an empty repository object, as upstream does', () => {
    expect(checkApiShape(base({ repository: {} })).ok).toBe(true);
  });

  it('treats an optional null as absent and drops it from the value', () => {
    const result = checkApiShape(base({ title: null, packages: null }));
    expect(result).toEqual({ ok: true, value: base() });
  });

  it('still reports a required property set to null as a type error', () => {
    expect(errorsOf(base({ name: null }))).toEqual([{ message: 'expected string', location: 'body.name', value: null }]);
  });

  it('collects every error instead of stopping at the first', () => {
    const errors = errorsOf({ $schema: '', name: 'x', description: '', version: '', extra: 1, packages: [{ transport: 'stdio' }] });
    expect(errors.map((e) => `${e.location}: ${e.message}`)).toEqual([
      'body.$schema: expected length >= 1',
      'body.name: expected length >= 3',
      'body.name: expected string to match pattern ^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$',
      'body.description: expected length >= 1',
      'body.version: expected length >= 1',
      'body.packages[0]: expected required property registryType to be present',
      'body.packages[0]: expected required property identifier to be present',
      'body.packages[0].transport: expected object',
      'body.extra: unexpected property',
    ]);
  });

  it.each([null, undefined, 42, 'text', true, [], [base()]])('reports a non-object body %j as "expected object" at body', (body) => {
    expect(errorsOf(body)).toEqual([{ message: 'expected object', location: 'body', value: body }]);
  });

  it('treats __proto__ and constructor keys as unexpected properties and pollutes nothing', () => {
    const body = JSON.parse(
      `{"$schema":"${SCHEMA}","name":"io.github.user/w","description":"d","version":"1","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"packages":[{"registryType":"npm","identifier":"x","transport":{"type":"stdio"},"__proto__":{"polluted":true}}]}`,
    ) as unknown;
    expect(errorsOf(body).map((e) => e.location)).toEqual(['body.packages[0].__proto__', 'body.__proto__', 'body.constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('keeps a __proto__ key of a variables map as plain data', () => {
    const body = JSON.parse(
      `{"$schema":"${SCHEMA}","name":"io.github.user/w","description":"d","version":"1","remotes":[{"type":"sse","url":"https://x.example/{__proto__}","variables":{"__proto__":{"default":"a","polluted":true}}}]}`,
    ) as unknown;
    expect(errorsOf(body)).toEqual([expect.objectContaining({ message: 'unexpected property', location: 'body.remotes[0].variables.__proto__.polluted' })]);
    const ok = JSON.parse(
      `{"$schema":"${SCHEMA}","name":"io.github.user/w","description":"d","version":"1","remotes":[{"type":"sse","url":"https://x.example/{__proto__}","variables":{"__proto__":{"default":"a"}}}]}`,
    ) as unknown;
    const result = checkApiShape(ok);
    expect(result.ok).toBe(true);
    if (result.ok) {
      const variables = result.value.remotes?.[0]?.variables ?? {};
      expect(Object.keys(variables)).toEqual(['__proto__']);
      expect(Object.getPrototypeOf(variables)).toBe(Object.prototype);
      expect(JSON.stringify(variables)).toBe('{"__proto__":{"default":"a"}}');
    }
  });

  it('survives hostile nesting without walking it', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(errorsOf(base({ packages: [npmPackage({ environmentVariables: [{ name: 'K', choices: deep }] })] }))[0]?.message).toBe('expected string');
    const result = checkApiShape(base({ _meta: { 'io.modelcontextprotocol.registry/publisher-provided': { deep } } }));
    expect(result.ok).toBe(true);
  });
});
