/**
 * Package preparation for hosting (issue #22), against a real Verdaccio holding
 * packages published with `npm publish` and MCPB bundles served over loopback HTTP:
 * an npm server package is fetched, verified and unpacked, its command runs the server
 * (initialize answered over stdio); a package with a real dependency (`content-type`,
 * packed from node_modules) gets it installed from the registry, and so does a server
 * built from the MCP SDK with the SDK's whole dependency tree (published to Verdaccio
 * from node_modules); `@modelcontextprotocol/server-everything` is not installed here,
 * so it is not among them; lifecycle scripts of
 * the package and its dependencies never run; a tampered tarball is `integrity`, a
 * missing package or version `missing`, a registry off the list `fetch-failed`, a
 * download past the limit `too-large`, and none of them leaves anything in the cache;
 * concurrent preparations share one download and a prepared version is found again
 * without asking the registry; a git dependency is refused, and a
 * dependency fetched from another host than the registry never is. MCPB: a
 * good bundle runs, a hash mismatch is `integrity`, zip-slip and symlink bundles are
 * refused. PyPI and OCI are `runtime-missing` (uv is absent, no container runtime is configured),
 * NuGet `unsupported`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Package } from '../src/catalog/index.js';
import { createPackagePreparer, type PackagePreparer, type PrepareResult } from '../src/hosting/index.js';
import { createOutbound, type Outbound } from '../src/outbound/index.js';
import { startVerdaccio, type Verdaccio } from './support/startVerdaccio.js';
import { publishFromNodeModules } from './support/publishFromNodeModules.js';
import { stdioServerSource, talkToServer, writeSdkServerPackage, writeServerPackage } from './support/stdioFixtures.js';

let dir: string;
let verdaccio: Verdaccio;
let outbound: Outbound;
let bundles: Server;
let bundleBase: string;
const bundleRequests: string[] = [];
/** Requests for tarballs through the counting proxy in front of Verdaccio. */
let proxied: Server;
let proxyBase: string;
const tarballRequests: string[] = [];
/** Every request through that proxy. */
const proxyRequests: string[] = [];
const MARKERS = () => join(dir, 'markers');

const npm = (identifier: string, extra: Partial<Package> = {}): Package => ({ registryType: 'npm', identifier, version: '1.0.0', transport: { type: 'stdio' }, ...extra }) as Package;

function preparer(registries: string[], limits: Partial<{ packageMaxBytes: number }> = {}, cacheDir = mkdtempSync(join(dir, 'cache-'))): PackagePreparer & { cacheDir: string } {
  const p = createPackagePreparer({
    outbound,
    cacheDir,
    npmRegistryUrls: registries,
    limits: { packageMaxBytes: limits.packageMaxBytes ?? 50 * 1024 * 1024, unpackedMaxBytes: 200 * 1024 * 1024, maxEntries: 20_000, timeoutMs: 120_000 },
  });
  return Object.assign(p, { cacheDir });
}

function expectOk(result: PrepareResult) {
  if (!result.ok) throw new Error(`expected a prepared package, got ${result.problem}: ${result.reason}`);
  return result.prepared;
}

/** What a failed preparation may leave behind: nothing but empty type folders and an empty scratch folder. */
function cacheContents(cacheDir: string): string[] {
  const out: string[] = [];
  for (const sub of readdirSync(cacheDir)) {
    if (sub === '.npm-cache') continue;
    for (const entry of readdirSync(join(cacheDir, sub))) out.push(`${sub}/${entry}`);
  }
  return out;
}

/** A zip built by Python's zipfile, so names with `..` and symlink entries can be written on purpose. */
function makeZip(file: string, entries: Array<{ name: string; data?: string; symlinkTo?: string }>) {
  const script = `
import json, sys, zipfile
entries = json.loads(sys.argv[2])
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    for e in entries:
        if 'symlinkTo' in e:
            info = zipfile.ZipInfo(e['name'])
            info.create_system = 3
            info.external_attr = (0o120777 << 16)
            z.writestr(info, e['symlinkTo'])
        else:
            info = zipfile.ZipInfo(e['name'])
            info.external_attr = (0o100644 << 16)
            z.writestr(info, e['data'])
`;
  execFileSync('python3', ['-c', script, file, JSON.stringify(entries)]);
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'toolshed-prepare-'));
  mkdirSync(MARKERS());
  mkdirSync(join(dir, 'verdaccio'));
  verdaccio = await startVerdaccio(join(dir, 'verdaccio'));
  outbound = createOutbound({ allow: ['127.0.0.0/8'], allowHttp: true });
  const bundleDir = join(dir, 'bundles');
  mkdirSync(bundleDir);
  bundles = createServer((req, res) => {
    bundleRequests.push(req.url ?? '');
    const file = join(bundleDir, (req.url ?? '').replace(/^\/+/, ''));
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((r) => bundles.listen(0, '127.0.0.1', r));
  bundleBase = `http://127.0.0.1:${(bundles.address() as AddressInfo).port}`;
  const packages = join(dir, 'packages');
  // A real dependency: content-type as published on npmjs, packed from node_modules (its scripts dropped, they are dev tooling).
  const contentType = join(packages, 'content-type');
  cpSync(join(process.cwd(), 'node_modules/content-type'), contentType, { recursive: true, dereference: true });
  const ctManifest = JSON.parse(readFileSync(join(contentType, 'package.json'), 'utf8')) as Record<string, unknown>;
  delete ctManifest.scripts;
  writeFileSync(join(contentType, 'package.json'), JSON.stringify(ctManifest));
  const marker = (name: string) => `node -e "require('fs').writeFileSync('${join(MARKERS(), name)}', 'ran')"`;
  const scriptyDep = join(packages, 'scripty-dep');
  mkdirSync(scriptyDep, { recursive: true });
  writeFileSync(
    join(scriptyDep, 'package.json'),
    JSON.stringify({ name: 'scripty-dep', version: '1.0.0', main: 'index.js', scripts: { postinstall: marker('dep-postinstall'), install: marker('dep-install') } }),
  );
  writeFileSync(join(scriptyDep, 'index.js'), 'module.exports = 1;\n');
  await verdaccio.publish(contentType);
  // The SDK and everything it needs, as installed here, for a server built from the SDK.
  await publishFromNodeModules(verdaccio, ['@modelcontextprotocol/sdk', 'zod']);
  const sdkVersion = (JSON.parse(readFileSync(join(process.cwd(), 'node_modules/@modelcontextprotocol/sdk/package.json'), 'utf8')) as { version: string }).version;
  const zodVersion = (JSON.parse(readFileSync(join(process.cwd(), 'node_modules/zod/package.json'), 'utf8')) as { version: string }).version;
  await verdaccio.publish(writeSdkServerPackage(packages, { name: 'sdk-mcp', dependencies: { '@modelcontextprotocol/sdk': sdkVersion, zod: zodVersion } }));
  await verdaccio.publish(scriptyDep);
  // A dependency whose own dependency is a tarball on another host (localhost is not the registry's 127.0.0.1).
  const urlDep = join(packages, 'url-dep');
  mkdirSync(urlDep, { recursive: true });
  const port = (bundles.address() as AddressInfo).port;
  writeFileSync(join(urlDep, 'package.json'), JSON.stringify({ name: 'url-dep', version: '1.0.0', dependencies: { elsewhere: `http://localhost:${port}/elsewhere.tgz` } }));
  await verdaccio.publish(urlDep);
  await Promise.all([
    verdaccio.publish(writeServerPackage(packages, { name: 'hello-mcp' })),
    verdaccio.publish(writeServerPackage(packages, { name: '@acme/parse-mcp', dependencies: { 'content-type': '^1.0.0' } }, true)),
    verdaccio.publish(writeServerPackage(packages, { name: 'tampered-mcp' })),
    verdaccio.publish(writeServerPackage(packages, { name: 'shared-mcp' })),
    verdaccio.publish(writeServerPackage(packages, { name: 'url-dep-mcp', dependencies: { 'url-dep': '1.0.0' } })),
    verdaccio.publish(writeServerPackage(packages, { name: 'git-dep-mcp', dependencies: { left: 'github:acme/left-pad' } })),
    verdaccio.publish(
      writeServerPackage(packages, {
        name: 'scripty-mcp',
        dependencies: { 'scripty-dep': '1.0.0' },
        scripts: { preinstall: marker('preinstall'), install: marker('install'), postinstall: marker('postinstall') },
      }),
    ),
  ]);
  // Tamper with a stored tarball after publishing: the registry still announces the original integrity.
  const other = join(dir, 'other');
  mkdirSync(other);
  writeFileSync(join(other, 'package.json'), JSON.stringify({ name: 'tampered-mcp', version: '1.0.0', bin: 'evil.js' }));
  writeFileSync(join(other, 'evil.js'), 'console.log("not what was published")\n');
  execFileSync('npm', ['pack', '--pack-destination', other], { cwd: other, env: { PATH: process.env.PATH! } });
  cpSync(join(other, 'tampered-mcp-1.0.0.tgz'), join(dir, 'verdaccio/storage/tampered-mcp/tampered-mcp-1.0.0.tgz'));

  // A proxy in front of Verdaccio that counts tarball downloads (Verdaccio writes tarball URLs on the host asked).
  const target = new URL(verdaccio.url);
  proxied = createServer((req, res) => {
    proxyRequests.push(req.url ?? '');
    if (req.url?.endsWith('.tgz')) tarballRequests.push(req.url);
    const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => proxied.listen(0, '127.0.0.1', r));
  proxyBase = `http://127.0.0.1:${(proxied.address() as AddressInfo).port}`;
}, 180_000);

afterAll(async () => {
  verdaccio?.close();
  proxied?.close();
  bundles?.close();
  await outbound?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm packages from a real Verdaccio', () => {
  it('prepares a server package whose command runs the server over stdio', async () => {
    const p = preparer([verdaccio.url]);
    const prepared = expectOk(await p.prepare(npm('hello-mcp', { runtimeHint: 'npx' })));
    expect(prepared).toMatchObject({ registryType: 'npm', identifier: 'hello-mcp', version: '1.0.0', cwd: '/pkg', command: [process.execPath, '/pkg/bin/server.js'] });
    expect(prepared.integrity).toMatch(/^sha512-[A-Za-z0-9+/]+=*$/);
    expect(prepared.root.startsWith(p.cacheDir)).toBe(true);
    const { initialize } = await talkToServer(prepared.command, prepared.root);
    expect(initialize.result).toMatchObject({ serverInfo: { name: 'fixture' }, protocolVersion: '2025-06-18' });
    // The second preparation is the cache: same folder, no new download.
    const again = expectOk(await p.prepare(npm('hello-mcp')));
    expect(again.root).toBe(prepared.root);
  });

  it('installs a real dependency from the registry, verified, and the server uses it', async () => {
    const prepared = expectOk(await preparer([verdaccio.url]).prepare(npm('@acme/parse-mcp', { registryBaseUrl: `${verdaccio.url}/` })));
    expect(prepared.command[1]).toBe('/pkg/bin/server.js');
    const lock = JSON.parse(readFileSync(join(prepared.root, 'node_modules/.package-lock.json'), 'utf8')) as { packages: Record<string, { integrity?: string; resolved?: string }> };
    expect(lock.packages['node_modules/content-type']).toMatchObject({ resolved: expect.stringContaining(verdaccio.url), integrity: expect.stringMatching(/^sha512-/) });
    const { call } = await talkToServer(prepared.command, prepared.root);
    expect(call.result).toEqual({ content: [{ type: 'text', text: 'text/html' }] });
  });

  it('prepares a server built from the MCP SDK, its whole dependency tree installed from the registry, and it answers', async () => {
    const prepared = expectOk(await preparer([verdaccio.url]).prepare(npm('sdk-mcp')));
    expect(prepared.command).toEqual([process.execPath, '/pkg/bin/server.mjs']);
    const lock = JSON.parse(readFileSync(join(prepared.root, 'node_modules/.package-lock.json'), 'utf8')) as { packages: Record<string, { integrity?: string; resolved?: string }> };
    expect(Object.keys(lock.packages).length).toBeGreaterThan(50);
    for (const entry of Object.values(lock.packages)) expect(entry).toMatchObject({ resolved: expect.stringContaining(verdaccio.url), integrity: expect.stringMatching(/^sha512-/) });
    const { initialize, call } = await talkToServer(prepared.command, prepared.root);
    expect(initialize.result).toMatchObject({ serverInfo: { name: 'fixture' }, capabilities: { tools: expect.any(Object) } });
    expect(call.result).toMatchObject({ content: [{ type: 'text', text: 'text/html' }] });
  });

  it('never runs a lifecycle script, of the package or of its dependencies', async () => {
    const prepared = expectOk(await preparer([verdaccio.url]).prepare(npm('scripty-mcp')));
    expect(existsSync(join(prepared.root, 'node_modules/scripty-dep/index.js'))).toBe(true);
    expect(readdirSync(MARKERS())).toEqual([]);
  });

  it('refuses a tarball that does not match its dist.integrity, and caches nothing', async () => {
    const p = preparer([verdaccio.url]);
    const result = await p.prepare(npm('tampered-mcp'));
    expect(result).toMatchObject({ ok: false, problem: 'integrity', reason: expect.stringContaining('does not match its dist.integrity') });
    expect(cacheContents(p.cacheDir)).toEqual([]);
  });

  it('names a missing package and a missing version', async () => {
    const p = preparer([verdaccio.url]);
    expect(await p.prepare(npm('no-such-mcp'))).toMatchObject({ ok: false, problem: 'missing', reason: expect.stringContaining('no-such-mcp@1.0.0 was not found') });
    expect(await p.prepare(npm('hello-mcp', { version: '9.9.9' }))).toMatchObject({ ok: false, problem: 'missing', reason: expect.stringContaining('hello-mcp@9.9.9') });
    expect(await p.prepare(npm('hello-mcp', { version: '^1.0.0' }))).toMatchObject({ ok: false, problem: 'missing', reason: expect.stringContaining('pinned version') });
    expect(cacheContents(p.cacheDir)).toEqual([]);
  });

  it('refuses a registry that is not configured, a download past the limit, a git dependency and a non-stdio transport', async () => {
    expect(await preparer([verdaccio.url]).prepare(npm('hello-mcp', { registryBaseUrl: 'https://registry.example.com' }))).toMatchObject({
      ok: false,
      problem: 'fetch-failed',
      reason: expect.stringContaining('TOOLSHED_NPM_REGISTRY_URLS'),
    });
    const small = preparer([verdaccio.url], { packageMaxBytes: 100 });
    expect(await small.prepare(npm('hello-mcp'))).toMatchObject({ ok: false, problem: 'too-large' });
    expect(cacheContents(small.cacheDir)).toEqual([]);
    expect(await preparer([verdaccio.url]).prepare(npm('git-dep-mcp'))).toMatchObject({ ok: false, problem: 'unsupported', reason: expect.stringContaining('left@github:acme/left-pad') });
    expect(await preparer([verdaccio.url]).prepare(npm('hello-mcp', { transport: { type: 'streamable-http', url: 'http://localhost:3000/mcp' } } as never))).toMatchObject({
      ok: false,
      problem: 'unsupported',
    });
  });

  it('fetches dependencies from the registry only: a tarball URL on another host is never requested', async () => {
    const p = preparer([verdaccio.url]);
    bundleRequests.length = 0;
    const result = await p.prepare(npm('url-dep-mcp'));
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('installing the dependencies failed') });
    expect(!result.ok && result.reason).toContain('elsewhere');
    expect(bundleRequests).toEqual([]);
    expect(cacheContents(p.cacheDir)).toEqual([]);
  });

  it('shares one download between concurrent preparations of the same package, and later ones never ask the registry', async () => {
    const p = preparer([proxyBase]);
    tarballRequests.length = 0;
    const results = await Promise.all([1, 2, 3, 4].map(() => p.prepare(npm('shared-mcp'))));
    const roots = results.map((r) => expectOk(r).root);
    expect(new Set(roots).size).toBe(1);
    expect(tarballRequests).toEqual(['/shared-mcp/-/shared-mcp-1.0.0.tgz']);
    // Prepared once, a version is found in the cache by registry, name and version: the registry is not asked again.
    proxyRequests.length = 0;
    const later = expectOk(await preparer([proxyBase], {}, p.cacheDir).prepare(npm('shared-mcp')));
    expect(later.root).toBe(roots[0]);
    expect(proxyRequests).toEqual([]);
  });
});

// Toolshed unpacks bundles with the system's unzip: reported as skipped where it is not installed (.ci/run installs it).
const NO_UNZIP = spawnSync('unzip', ['-v']).status !== 0;

describe.skipIf(NO_UNZIP)('MCPB bundles', () => {
  const mcpb = (file: string, sha: string): Package => ({ registryType: 'mcpb', identifier: `${bundleBase}/${file}`, fileSha256: sha, version: '1.0.0', transport: { type: 'stdio' } }) as Package;
  const manifest = JSON.stringify({
    manifest_version: '0.2',
    name: 'fixture',
    version: '1.0.0',
    server: { type: 'node', entry_point: 'server/index.js', mcp_config: { command: 'node', args: ['${__dirname}/server/index.js'] } },
  });

  it('downloads, verifies, unpacks a bundle, and its command runs the server', async () => {
    const sha = makeZip(join(dir, 'bundles/good-mcp.mcpb'), [
      { name: 'manifest.json', data: manifest },
      { name: 'server/index.js', data: stdioServerSource(false) },
    ]);
    const prepared = expectOk(await preparer([verdaccio.url]).prepare(mcpb('good-mcp.mcpb', sha)));
    expect(prepared).toMatchObject({ registryType: 'mcpb', integrity: `sha256:${sha}`, command: [process.execPath, '/pkg/server/index.js'], cwd: '/pkg' });
    const { initialize } = await talkToServer(prepared.command, prepared.root);
    expect(initialize.result).toMatchObject({ serverInfo: { name: 'fixture' } });
  });

  it('refuses a bundle whose hash does not match fileSha256', async () => {
    makeZip(join(dir, 'bundles/changed-mcp.mcpb'), [{ name: 'manifest.json', data: manifest }]);
    const p = preparer([verdaccio.url]);
    expect(await p.prepare(mcpb('changed-mcp.mcpb', 'a'.repeat(64)))).toMatchObject({ ok: false, problem: 'integrity', reason: expect.stringContaining('fileSha256') });
    expect(cacheContents(p.cacheDir)).toEqual([]);
  });

  it('refuses zip-slip and symlink bundles before writing anything outside', async () => {
    const slip = makeZip(join(dir, 'bundles/slip-mcp.mcpb'), [
      { name: 'manifest.json', data: manifest },
      { name: '../../../escaped-by-zip.txt', data: 'out' },
    ]);
    const p = preparer([verdaccio.url]);
    expect(await p.prepare(mcpb('slip-mcp.mcpb', slip))).toMatchObject({ ok: false, problem: 'integrity', reason: expect.stringContaining('outside its folder') });
    const link = makeZip(join(dir, 'bundles/link-mcp.mcpb'), [
      { name: 'manifest.json', data: manifest },
      { name: 'etc', symlinkTo: '/etc' },
    ]);
    expect(await p.prepare(mcpb('link-mcp.mcpb', link))).toMatchObject({ ok: false, problem: 'integrity', reason: expect.stringContaining('symbolic link') });
    expect(cacheContents(p.cacheDir)).toEqual([]);
    expect(existsSync(join(p.cacheDir, '..', 'escaped-by-zip.txt'))).toBe(false);
    expect(existsSync(join(dir, 'escaped-by-zip.txt'))).toBe(false);
  });

  it('names a bundle that is not there', async () => {
    expect(await preparer([verdaccio.url]).prepare(mcpb('gone-mcp.mcpb', 'b'.repeat(64)))).toMatchObject({ ok: false, problem: 'missing' });
  });
});

describe('registry types without a runtime here', () => {
  it('PyPI needs uv, OCI a container runtime; NuGet is never hosted', async () => {
    const p = preparer([verdaccio.url]);
    const pypi = await p.prepare({ registryType: 'pypi', identifier: 'mcp-server-time', version: '1.0.0', runtimeHint: 'uvx', transport: { type: 'stdio' } } as Package);
    expect(pypi).toMatchObject({ ok: false, problem: 'runtime-missing', reason: expect.stringContaining('uv, which is not installed') });
    expect(!pypi.ok && pypi.reason).toContain('https://docs.astral.sh/uv/');
    const oci = await p.prepare({ registryType: 'oci', identifier: 'ghcr.io/acme/server:1.0.0', transport: { type: 'stdio' } } as Package);
    expect(oci).toMatchObject({ ok: false, problem: 'runtime-missing', reason: expect.stringContaining('container runtime') });
    expect(await p.prepare({ registryType: 'nuget', identifier: 'Acme.Server', version: '1.0.0', transport: { type: 'stdio' } } as Package)).toMatchObject({
      ok: false,
      problem: 'unsupported',
    });
  });
});
