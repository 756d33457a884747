// Covers every semantic rule id with documents that break it (asserting the rule
// id and the issue path) and documents that satisfy it (asserting no semantic
// issue at all), following upstream's validators_test.go cases listed in the
// reference notes §11, plus the package registry type / base URL / hash rules.
import { describe, expect, it } from 'vitest';
import { semanticRules, type SemanticRuleOptions } from './semanticRules.js';

type Doc = Record<string, unknown>;

const HASH = 'fe333e598595000ae021bd27117db32ec69af6987f507ba7a63c90638ff633ce';

function server(extra: Doc = {}): Doc {
  return { name: 'io.github.user/weather', description: 'Weather.', version: '1.0.0', ...extra };
}

function withPackage(pkg: Doc): Doc {
  return server({ packages: [{ registryType: 'npm', identifier: '@user/weather', version: '1.0.0', transport: { type: 'stdio' }, ...pkg }] });
}

function withArgument(argument: Doc): Doc {
  return withPackage({ packageArguments: [argument] });
}

function withRemote(remote: Doc): Doc {
  return server({ remotes: [{ type: 'streamable-http', url: 'https://mcp.example.com/mcp', ...remote }] });
}

interface Case {
  doc: Doc;
  path: string;
  options?: SemanticRuleOptions;
}

const failing: Record<string, Case[]> = {
  'invalid-server-name': [
    { doc: server({ name: 'io.github.user/a/b' }), path: 'name' },
    { doc: server({ name: 'noslash' }), path: 'name' },
    { doc: server({ name: '' }), path: 'name' },
    { doc: server({ name: '-io.github/x1' }), path: 'name' },
    { doc: server({ name: 'io.github.user/-x' }), path: 'name' },
    { doc: server({ name: 'a/weather' }), path: 'name' },
    { doc: server({ name: '/weather' }), path: 'name' },
  ],
  'version-whitespace-only': [' ', '\t', '\u3000', ' \u00a0\n'].map((version) => ({ doc: server({ version }), path: 'version' })),
  'invalid-repository-source': [
    { doc: server({ repository: { url: 'https://github.com/u/r', source: ' github ' } }), path: 'repository.source' },
    { doc: server({ repository: { url: 'https://bitbucket.org/u/r', source: 'bitbucket' } }), path: 'repository.source' },
  ],
  'reserved-version-string': [
    { doc: server({ version: 'latest' }), path: 'version' },
    { doc: withPackage({ version: 'latest' }), path: 'packages[0].version' },
  ],
  'version-looks-like-range': [
    { doc: server({ version: '^1.2.3' }), path: 'version' },
    { doc: server({ version: '1.2 || 1.3' }), path: 'version' },
    { doc: withPackage({ version: '>= 1.2.3' }), path: 'packages[0].version' },
  ],
  'invalid-repository-url': [
    { doc: server({ repository: { url: 'https://bitbucket.org/u/r', source: 'bitbucket' } }), path: 'repository.url' },
    { doc: server({ repository: { url: 'https://github.com/u/r', source: 'git' } }), path: 'repository.url' },
    { doc: server({ repository: { url: 'https://github.com/u', source: 'github' } }), path: 'repository.url' },
    { doc: server({ repository: { url: 'https://gitlab.com/u/r', source: 'github' } }), path: 'repository.url' },
    { doc: server({ repository: { url: 'https://github.com/u/r/tree/main', source: 'github' } }), path: 'repository.url' },
    { doc: server({ repository: { source: 'github' } }), path: 'repository.url' },
  ],
  'invalid-subfolder-path': ['../escape', '/absolute', 'trailing/', 'bad char!', 'a//b', '.', 'a/../b'].map((subfolder) => ({
    doc: server({ repository: { url: 'https://github.com/u/r', source: 'github', subfolder } }),
    path: 'repository.subfolder',
  })),
  'website-url-must-be-absolute': [{ doc: server({ websiteUrl: 'example.com/docs' }), path: 'websiteUrl' }],
  'website-url-invalid-scheme': [
    { doc: server({ websiteUrl: 'http://example.com' }), path: 'websiteUrl' },
    { doc: server({ websiteUrl: 'ftp://example.com' }), path: 'websiteUrl' },
    { doc: server({ websiteUrl: 'example.com' }), path: 'websiteUrl' },
  ],
  'website-url-invalid-characters': ['https://example.com/a b', 'https://example.com/"quoted"', "https://example.com/it's", 'https://example.com/<script>'].map((websiteUrl) => ({
    doc: server({ websiteUrl }),
    path: 'websiteUrl',
  })),
  'invalid-website-url': [
    { doc: server({ websiteUrl: 'https://exa mple.com' }), path: 'websiteUrl' },
    { doc: server({ websiteUrl: 'https://example.com/\nnext' }), path: 'websiteUrl' },
    { doc: server({ websiteUrl: '://missing' }), path: 'websiteUrl' },
  ],
  'title-whitespace-only': ['   ', '\t\n', '\u00a0', '\u0085'].map((title) => ({ doc: server({ title }), path: 'title' })),
  'icon-src-invalid-url': [{ doc: server({ icons: [{ src: 'https://exa mple.com/i.png' }] }), path: 'icons[0].src' }],
  'icon-src-not-absolute': [{ doc: server({ icons: [{ src: '/icon.png' }] }), path: 'icons[0].src' }],
  'icon-src-invalid-scheme': [
    { doc: server({ icons: [{ src: 'http://example.com/icon.png' }] }), path: 'icons[0].src' },
    { doc: server({ icons: [{ src: 'data:image/png;base64,AAAA' }] }), path: 'icons[0].src' },
    { doc: server({ icons: [{ src: 'https://example.com/a.png' }, { src: 'icon.png' }] }), path: 'icons[1].src' },
  ],
  'package-name-has-spaces': [{ doc: withPackage({ identifier: 'my package' }), path: 'packages[0].identifier' }],
  'named-argument-name-required': [{ doc: withArgument({ type: 'named', value: '' }), path: 'packages[0].packageArguments[0].name' }],
  'invalid-named-argument-name': ['--directory <absolute_path_to_adfin_mcp_folder>', '--port 8080', '--config $CONFIG_FILE', '--file <path>', 'name with spaces'].map((name) => ({
    doc: withArgument({ type: 'named', name }),
    path: 'packages[0].packageArguments[0].name',
  })),
  'argument-value-starts-with-name': [
    { doc: withArgument({ type: 'named', name: '--port', value: '--port 8080' }), path: 'packages[0].packageArguments[0].value' },
    { doc: withArgument({ type: 'named', name: '-i', value: '-i' }), path: 'packages[0].packageArguments[0].value' },
    {
      doc: withPackage({ runtimeArguments: [{ type: 'named', name: '-e', value: '-e KEY=1' }] }),
      path: 'packages[0].runtimeArguments[0].value',
    },
  ],
  'argument-default-starts-with-name': [{ doc: withArgument({ type: 'named', name: '--port', default: '--port=8080' }), path: 'packages[0].packageArguments[0].default' }],
  'stdio-transport-url-not-empty': [{ doc: withPackage({ transport: { type: 'stdio', url: 'http://localhost:3000' } }), path: 'packages[0].transport.url' }],
  'streamable-transport-url-required': [
    { doc: withPackage({ transport: { type: 'streamable-http' } }), path: 'packages[0].transport.url' },
    { doc: withPackage({ transport: { type: 'sse', url: '' } }), path: 'packages[0].transport.url' },
  ],
  'invalid-templated-url': [
    { doc: withPackage({ transport: { type: 'streamable-http', url: 'http://localhost:{port}/mcp' } }), path: 'packages[0].transport.url' },
    { doc: withPackage({ transport: { type: 'sse', url: '{baseUrl}/sse' } }), path: 'packages[0].transport.url' },
    { doc: withPackage({ transport: { type: 'sse', url: 'not a url' } }), path: 'packages[0].transport.url' },
    { doc: withRemote({ url: 'https://{tenant}.example.com/mcp' }), path: 'remotes[0].url' },
  ],
  'unsupported-transport-type': [{ doc: withPackage({ transport: { type: 'websocket' } }), path: 'packages[0].transport.type' }],
  'remote-transport-url-required': [{ doc: withRemote({ type: 'sse', url: '' }), path: 'remotes[0].url' }],
  'invalid-remote-url': [
    'http://example.com/mcp',
    'https://localhost/mcp',
    'https://localhost:8443/mcp',
    'https://127.0.0.1/mcp',
    'https://app.localhost/mcp',
    'example.com/mcp',
    'https://exa mple.com/mcp',
  ].map((url) => ({ doc: withRemote({ url }), path: 'remotes[0].url' })),
  'unsupported-remote-transport-type': [
    { doc: withRemote({ type: 'stdio' }), path: 'remotes[0].type' },
    { doc: withRemote({ type: 'websocket' }), path: 'remotes[0].type' },
  ],
  'unsupported-registry-type': ['maven', 'gem', 'docker', 'github', 'unknown', '', 'https://registry.npmjs.org', 'NPM'].map((registryType) => ({
    doc: withPackage({ registryType }),
    path: 'packages[0].registryType',
  })),
  'registry-base-url-mismatch': [
    { doc: withPackage({ registryType: 'nuget', registryBaseUrl: 'https://registry.npmjs.org' }), path: 'packages[0].registryBaseUrl' },
    { doc: withPackage({ registryType: 'cargo', registryBaseUrl: 'https://pypi.org' }), path: 'packages[0].registryBaseUrl' },
    ...['https://example.com', 'https://crates.io/', 'http://crates.io', 'https://www.crates.io'].map((registryBaseUrl) => ({
      doc: withPackage({ registryType: 'cargo', registryBaseUrl }),
      path: 'packages[0].registryBaseUrl',
    })),
    {
      doc: withPackage({ registryBaseUrl: 'https://registry.npmjs.org' }),
      path: 'packages[0].registryBaseUrl',
      options: { allowedRegistryBaseUrls: { npm: ['https://npm.internal.example'] } },
    },
  ],
  'registry-base-url-not-allowed': [
    { doc: withPackage({ registryType: 'oci', identifier: 'docker.io/u/i:1.0.0', version: undefined, registryBaseUrl: 'https://docker.io' }), path: 'packages[0].registryBaseUrl' },
    {
      doc: withPackage({ registryType: 'mcpb', identifier: 'https://github.com/u/r/releases/download/v1/s.mcpb', fileSha256: HASH, registryBaseUrl: 'https://github.com' }),
      path: 'packages[0].registryBaseUrl',
    },
  ],
  'file-sha256-required': [{ doc: withPackage({ registryType: 'mcpb', identifier: 'https://github.com/u/r/releases/download/v1/s.mcpb' }), path: 'packages[0].fileSha256' }],
  'file-sha256-not-allowed': [
    { doc: withPackage({ fileSha256: HASH }), path: 'packages[0].fileSha256' },
    { doc: withPackage({ registryType: 'pypi', fileSha256: HASH }), path: 'packages[0].fileSha256' },
    { doc: withPackage({ registryType: 'oci', identifier: 'docker.io/u/i:1.0.0', version: undefined, fileSha256: HASH }), path: 'packages[0].fileSha256' },
  ],
  'oci-version-not-allowed': [{ doc: withPackage({ registryType: 'oci', identifier: 'docker.io/u/i:1.0.0', version: '1.0.0' }), path: 'packages[0].version' }],
};

const passing: Record<string, Array<{ doc: Doc; options?: SemanticRuleOptions }>> = {
  'invalid-server-name': ['io.github.user/weather', 'com.example.mcp/tool_v2.x', 'ab/cd', 'io.github.Alice/X1'].map((name) => ({ doc: server({ name }) })),
  'version-whitespace-only': [' 1.0.0', '1.0.0 ', '\u200b'].map((version) => ({ doc: server({ version }) })),
  'invalid-repository-source': [{ doc: server({ repository: { url: 'https://gitlab.com/u/r', source: 'gitlab' } }) }],
  'reserved-version-string': [{ doc: server({ version: 'Latest' }) }, { doc: withPackage({ version: '1.0.0' }) }],
  'version-looks-like-range': ['1.2.3', '1.2.3-alpha.1', '2021.03.15', 'snapshot', 'snapshot - 2025.09', 'v1.0'].map((version) => ({
    doc: withPackage({ version }),
  })),
  'invalid-repository-url': [
    { doc: server({ repository: { url: 'https://github.com/u/r', source: 'github' } }) },
    { doc: server({ repository: { url: 'https://www.github.com/u/r.js/', source: 'github' } }) },
    { doc: server({ repository: { url: 'https://gitlab.com/group/project', source: 'gitlab' } }) },
    { doc: server({ repository: {} }) },
    { doc: server({ repository: { id: '123' } }) },
  ],
  'invalid-subfolder-path': ['src/weather', 'packages/a.b/c-d_e', 'single'].map((subfolder) => ({
    doc: server({ repository: { url: 'https://github.com/u/r', source: 'github', subfolder } }),
  })),
  'website-url-must-be-absolute': [{ doc: server({ websiteUrl: 'https://example.com/docs' }) }],
  'website-url-invalid-scheme': [{ doc: server({ websiteUrl: 'https://github.com/other-owner/project' }) }],
  'website-url-invalid-characters': [{ doc: server({ websiteUrl: 'https://example.com/a%20b?q=%22x%22' }) }],
  'invalid-website-url': [{ doc: server({ websiteUrl: 'https://docs.example.org/path#section' }) }],
  'title-whitespace-only': ['MCP', 'Weather MCP Server', ' padded ', '\ufeff'].map((title) => ({ doc: server({ title }) })),
  'icon-src-invalid-url': [{ doc: server({ icons: [{ src: 'https://example.com/icon.png', sizes: ['any'], theme: 'dark' }] }) }],
  'icon-src-not-absolute': [{ doc: server({ icons: [{ src: 'https://example.com/a.png' }, { src: 'https://example.com/b.svg' }] }) }],
  'icon-src-invalid-scheme': [{ doc: server({ icons: [{ src: 'https://cdn.example.com/icon.webp' }] }) }],
  'package-name-has-spaces': [{ doc: withPackage({ identifier: '@scope/package-name' }) }],
  'named-argument-name-required': [{ doc: withArgument({ type: 'positional', valueHint: 'path' }) }, { doc: withArgument({ type: 'named', name: '--verbose' }) }],
  'invalid-named-argument-name': ['--directory', '--port', '-v', 'config'].map((name) => ({ doc: withArgument({ type: 'named', name }) })),
  'argument-value-starts-with-name': [{ doc: withArgument({ type: 'named', name: '--port', value: '8080' }) }, { doc: withArgument({ type: 'named', name: '--port', value: 'x--port' }) }],
  'argument-default-starts-with-name': [{ doc: withArgument({ type: 'named', name: '--port', default: '8080' }) }],
  'stdio-transport-url-not-empty': [{ doc: withPackage({ transport: { type: 'stdio' } }) }],
  'streamable-transport-url-required': [{ doc: withPackage({ transport: { type: 'sse', url: 'https://example.com/sse' } }) }],
  'invalid-templated-url': [
    {
      doc: withPackage({
        transport: { type: 'streamable-http', url: 'http://localhost:{--port}/{path}/{API_HOST}' },
        packageArguments: [{ type: 'named', name: '--port' }],
        runtimeArguments: [{ type: 'positional', valueHint: 'path' }],
        environmentVariables: [{ name: 'API_HOST' }],
      }),
    },
    { doc: withRemote({ url: 'https://{tenant}.example.com/mcp', variables: { tenant: { default: 'acme' } } }) },
    { doc: withRemote({ url: 'https://mcp.example.com/mcp', variables: { unused: {} } }) },
  ],
  'unsupported-transport-type': ['stdio', 'streamable-http', 'sse'].map((type) => ({
    doc: withPackage({ transport: type === 'stdio' ? { type } : { type, url: 'http://localhost:3000/mcp' } }),
  })),
  'remote-transport-url-required': [{ doc: withRemote({ type: 'sse', url: 'https://example.com/sse' }) }],
  'invalid-remote-url': [{ doc: withRemote({ url: 'https://google.com/mcp' }) }, { doc: { ...withRemote({ url: 'https://api.other.org:8443/v1/mcp' }), name: 'com.example/tool' } }],
  'unsupported-remote-transport-type': [{ doc: withRemote({ type: 'sse' }) }, { doc: withRemote({ type: 'streamable-http' }) }],
  'unsupported-registry-type': ['npm', 'pypi', 'nuget', 'cargo'].map((registryType) => ({ doc: withPackage({ registryType }) })),
  'registry-base-url-mismatch': [
    { doc: withPackage({ registryBaseUrl: 'https://registry.npmjs.org' }) },
    { doc: withPackage({ registryType: 'pypi', registryBaseUrl: 'https://pypi.org' }) },
    { doc: withPackage({ registryType: 'nuget', registryBaseUrl: 'https://api.nuget.org/v3/index.json' }) },
    { doc: withPackage({ registryType: 'cargo', registryBaseUrl: 'https://crates.io' }) },
    { doc: withPackage({ registryBaseUrl: '' }) },
    {
      doc: withPackage({ registryBaseUrl: 'https://npm.internal.example' }),
      options: { allowedRegistryBaseUrls: { npm: ['https://npm.internal.example'] } },
    },
  ],
  'registry-base-url-not-allowed': [{ doc: withPackage({ registryType: 'oci', identifier: 'ghcr.io/u/i:1.0.0', version: undefined }) }],
  'file-sha256-required': [
    {
      doc: withPackage({
        registryType: 'mcpb',
        identifier: 'https://gitlab.com/u/r/-/releases/v1/downloads/s.mcpb',
        version: '1.0.0',
        fileSha256: HASH,
      }),
    },
  ],
  'file-sha256-not-allowed': [{ doc: withPackage({ registryType: 'mcpb', identifier: 'https://github.com/u/r/releases/download/v1/s.mcpb', fileSha256: HASH }) }],
  'oci-version-not-allowed': [{ doc: withPackage({ registryType: 'oci', identifier: 'docker.io/u/i:1.0.0', version: undefined }) }],
};

function dropUndefined(doc: Doc): Doc {
  return JSON.parse(JSON.stringify(doc)) as Doc;
}

describe('semanticRules', () => {
  it('has a failing and a passing case for every rule', () => {
    const rules = [
      'invalid-server-name',
      'version-whitespace-only',
      'reserved-version-string',
      'version-looks-like-range',
      'invalid-repository-url',
      'invalid-repository-source',
      'invalid-subfolder-path',
      'website-url-must-be-absolute',
      'website-url-invalid-scheme',
      'website-url-invalid-characters',
      'invalid-website-url',
      'title-whitespace-only',
      'icon-src-invalid-url',
      'icon-src-not-absolute',
      'icon-src-invalid-scheme',
      'package-name-has-spaces',
      'named-argument-name-required',
      'invalid-named-argument-name',
      'argument-value-starts-with-name',
      'argument-default-starts-with-name',
      'stdio-transport-url-not-empty',
      'streamable-transport-url-required',
      'invalid-templated-url',
      'unsupported-transport-type',
      'remote-transport-url-required',
      'invalid-remote-url',
      'unsupported-remote-transport-type',
      'unsupported-registry-type',
      'registry-base-url-mismatch',
      'registry-base-url-not-allowed',
      'file-sha256-required',
      'file-sha256-not-allowed',
      'oci-version-not-allowed',
    ];
    expect(Object.keys(failing).sort()).toEqual([...rules].sort());
    expect(Object.keys(passing).sort()).toEqual([...rules].sort());
  });

  describe.each(Object.entries(failing))('%s', (rule, cases) => {
    it.each(cases.map((c, i) => [i, c] as const))('flags failing case %i', (_, { doc, path, options }) => {
      const issues = semanticRules(dropUndefined(doc), options);
      expect(issues).toContainEqual(expect.objectContaining({ type: 'semantic', severity: 'error', reference: rule, path }));
    });

    it.each((passing[rule] ?? []).map((c, i) => [i, c] as const))('accepts passing case %i without any issue', (_, { doc, options }) => {
      expect(semanticRules(dropUndefined(doc), options)).toEqual([]);
    });
  });

  it('uses upstream messages', () => {
    const messages = (doc: Doc) => semanticRules(doc).map((i) => i.message);
    expect(messages(server({ name: 'a/b/c' }))).toEqual(['server name cannot contain multiple slashes']);
    expect(messages(server({ version: '^1.2.3' }))).toEqual(['version must be a specific version, not a range: "^1.2.3"']);
    expect(messages(withRemote({ type: 'stdio' }))).toEqual(['unsupported transport type for remotes: stdio (only streamable-http and sse are supported)']);
    expect(messages(withPackage({ transport: { type: 'sse', url: 'https://x.example/{a}' }, environmentVariables: [{ name: 'B' }, { name: 'C' }] }))).toEqual([
      'invalid package transport URL: template variables in URL https://x.example/{a} reference undefined variables. Available variables: [B C]',
    ]);
  });

  it('reports an empty remote URL both as missing and as an invalid template, as upstream does', () => {
    expect(semanticRules(withRemote({ url: '' })).map((i) => i.reference)).toEqual(['remote-transport-url-required', 'invalid-templated-url']);
  });

  it('checks a named argument with no name against its value too, as upstream does', () => {
    expect(semanticRules(withArgument({ type: 'named', value: 'x', default: 'y' })).map((i) => i.reference)).toEqual([
      'named-argument-name-required',
      'argument-value-starts-with-name',
      'argument-default-starts-with-name',
    ]);
  });

  it('collects issues across the whole document in upstream order', () => {
    const doc = {
      name: 'bad',
      version: 'latest',
      websiteUrl: 'http://x.example',
      title: ' ',
      packages: [{ registryType: 'maven', identifier: 'a b', transport: { type: 'stdio', url: 'x' } }],
      remotes: [{ type: 'stdio' }],
    };
    expect(semanticRules(doc).map((i) => `${i.path}:${i.reference}`)).toEqual([
      'name:invalid-server-name',
      'version:reserved-version-string',
      'websiteUrl:website-url-invalid-scheme',
      'title:title-whitespace-only',
      'packages[0].identifier:package-name-has-spaces',
      'packages[0].transport.url:stdio-transport-url-not-empty',
      'packages[0].registryType:unsupported-registry-type',
      'remotes[0].type:unsupported-remote-transport-type',
    ]);
  });

  it('reads mistyped or missing fields as Go zero values instead of throwing', () => {
    expect(semanticRules(null).map((i) => i.reference)).toEqual(['invalid-server-name']);
    expect(semanticRules({ name: 7, packages: 'x', remotes: [null], icons: [5] }).map((i) => i.reference)).toEqual([
      'invalid-server-name',
      'icon-src-not-absolute',
      'icon-src-invalid-scheme',
      'unsupported-remote-transport-type',
    ]);
  });
});
