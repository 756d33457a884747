/**
 * OCI ownership against a loopback distribution-v2 registry that challenges with
 * `WWW-Authenticate: Bearer` and hands out anonymous pull tokens: the config label
 * passes (image index → linux/amd64, by tag or digest, blob redirected to another
 * origin without the token); a wrong or missing label, a private image, 429, a
 * missing tag, a tampered blob, registries off the allow-list, malformed
 * references and old-format fields are refused. Also the reference parser and
 * the host allow-list wildcards.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutbound, type Outbound } from '../../outbound/index.js';
import type { Package } from '../validation/index.js';
import { pickHost } from './allowedHosts.js';
import { parseImageReference } from './parseImageReference.js';
import { verifyOciPackage } from './verifyOciPackage.js';

const NAME = 'io.github.acme/weather';
const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** Blobs and manifests by digest, and tags per repository, like a real registry stores them. */
const blobs = new Map<string, string>();
const manifests = new Map<string, { type: string; body: string }>();
const tags = new Map<string, string>();

function image(labels: Record<string, string> | null, arch = 'amd64'): string {
  const config = JSON.stringify({ architecture: arch, os: 'linux', config: { Env: ['PATH=/usr/bin'], Labels: labels }, rootfs: { type: 'layers', diff_ids: [] } });
  blobs.set(sha(config), config);
  const type = 'application/vnd.oci.image.manifest.v1+json';
  const body = JSON.stringify({ schemaVersion: 2, mediaType: type, config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length }, layers: [] });
  manifests.set(sha(body), { type, body });
  return sha(body);
}

function index(entries: Array<[string, string]>): string {
  const type = 'application/vnd.oci.image.index.v1+json';
  const body = JSON.stringify({
    schemaVersion: 2,
    mediaType: type,
    manifests: entries.map(([digest, arch]) => ({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest,
      size: manifests.get(digest)!.body.length,
      platform: { architecture: arch, os: 'linux' },
    })),
  });
  manifests.set(sha(body), { type, body });
  return sha(body);
}

describe('OCI image ownership', () => {
  let server: Server;
  let port: number;
  let outbound: Outbound;
  let weatherDigest: string;
  const tokenRequests: string[] = [];
  beforeAll(async () => {
    weatherDigest = index([
      [image({ [`io.modelcontextprotocol.server.name`]: 'io.github.someone/else' }, 'arm64'), 'arm64'],
      [image({ 'io.modelcontextprotocol.server.name': NAME }), 'amd64'],
    ]);
    tags.set('acme/weather:1.0.0', weatherDigest);
    tags.set('acme/weather:latest', image({ 'io.modelcontextprotocol.server.name': NAME, 'org.opencontainers.image.title': 'weather' }));
    tags.set('acme/other:1.0.0', image({ 'io.modelcontextprotocol.server.name': 'io.github.acme/other' }));
    tags.set('acme/nolabel:1.0.0', image(null));
    tags.set('acme/private:1.0.0', image({ 'io.modelcontextprotocol.server.name': NAME }));
    const tampered = image({ 'io.modelcontextprotocol.server.name': 'io.github.acme/original' });
    tags.set('acme/tampered:1.0.0', tampered);
    const tamperedConfig = JSON.parse(manifests.get(tampered)!.body).config.digest as string;
    blobs.set(tamperedConfig, blobs.get(tamperedConfig)!.replace('io.github.acme/original', NAME));

    server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      const host = req.headers.host!;
      if (url.pathname === '/token') {
        tokenRequests.push(`${url.searchParams.get('service')} ${url.searchParams.get('scope')}`);
        const repo = /^repository:(.+):pull$/.exec(url.searchParams.get('scope') ?? '')?.[1];
        if (!repo || repo === 'acme/private') return res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"incorrect username or password"}');
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: `tok:${repo}`, access_token: `tok:${repo}`, expires_in: 300 }));
      }
      if (url.pathname.startsWith('/storage/')) {
        // Pre-signed storage: a registry token sent here would leak it.
        if (req.headers.authorization) return res.writeHead(400).end('unexpected Authorization');
        const blob = blobs.get(url.pathname.slice('/storage/'.length));
        return blob ? res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(blob) : res.writeHead(404).end();
      }
      const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
      if (!m) return res.writeHead(404).end();
      const [, repo, kind, ref] = m as unknown as [string, string, string, string];
      if (repo === 'acme/basic') return res.writeHead(401, { 'www-authenticate': 'Basic realm="Harbor"' }).end();
      if (repo === 'acme/busy') return res.writeHead(429, { 'content-type': 'application/json' }).end('{"errors":[{"code":"TOOMANYREQUESTS"}]}');
      if (req.headers.authorization !== `Bearer tok:${repo}`) {
        return res
          .writeHead(401, { 'www-authenticate': `Bearer realm="http://${host}/token",service="loopback-registry",scope="repository:${repo}:pull"`, 'content-type': 'application/json' })
          .end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
      }
      if (kind === 'blobs') return res.writeHead(307, { location: `http://localhost:${port}/storage/${ref}` }).end();
      const digest = ref.startsWith('sha256:') ? ref : tags.get(`${repo}:${ref}`);
      const found = digest ? manifests.get(digest) : undefined;
      if (!found) return res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
      res.writeHead(200, { 'content-type': found.type, 'docker-content-digest': digest! }).end(found.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    outbound = createOutbound({ allow: ['127.0.0.0/8'], allowHttp: true });
  });
  afterAll(async () => {
    await outbound.close();
    server.close();
  });

  const check = (pkg: Partial<Package>, registries = [`http://127.0.0.1:${port}`]) =>
    verifyOciPackage({ outbound, config: { ociRegistries: registries } as never })(
      { registryType: 'oci', transport: { type: 'stdio' }, identifier: `127.0.0.1:${port}/acme/weather:1.0.0`, ...pkg } as Package,
      NAME,
    );
  const ref = (rest: string) => `127.0.0.1:${port}/${rest}`;

  it('passes a multi-arch image by its linux/amd64 config label, after the anonymous token handshake', async () => {
    tokenRequests.length = 0;
    expect(await check({})).toBeUndefined();
    expect(tokenRequests).toEqual(['loopback-registry repository:acme/weather:pull']);
  });

  it('passes a single-manifest image by tag, and an index by digest', async () => {
    expect(await check({ identifier: ref('acme/weather') })).toBeUndefined();
    expect(await check({ identifier: ref(`acme/weather@${weatherDigest}`) })).toBeUndefined();
  });

  it('refuses another label, and a missing one with the LABEL to add', async () => {
    expect(await check({ identifier: ref('acme/other:1.0.0') })).toBe(
      `OCI image ownership validation failed. Expected annotation 'io.modelcontextprotocol.server.name' = '${NAME}', got 'io.github.acme/other'`,
    );
    expect(await check({ identifier: ref('acme/nolabel:1.0.0') })).toBe(
      `OCI image '${ref('acme/nolabel:1.0.0')}' is missing required annotation. Add this to your Dockerfile: LABEL io.modelcontextprotocol.server.name="${NAME}"`,
    );
  });

  it('refuses a private image, a rate-limited registry and a missing tag', async () => {
    expect(await check({ identifier: ref('acme/private:1.0.0') })).toBe('OCI image is private or requires authentication. Only public images are supported');
    expect(await check({ identifier: ref('acme/basic:1.0.0') })).toBe('OCI image is private or requires authentication. Only public images are supported');
    expect(await check({ identifier: ref('acme/busy:1.0.0') })).toBe(`OCI registry 127.0.0.1:${port} is rate-limiting validations (status: 429). Retry the publish later`);
    expect(await check({ identifier: ref('acme/weather:9.9.9') })).toBe(`OCI image '${ref('acme/weather:9.9.9')}' does not exist in the registry`);
  });

  it('refuses a config blob that does not match its digest', async () => {
    expect(await check({ identifier: ref('acme/tampered:1.0.0') })).toBe('failed to get image config: the config blob does not match its digest');
  });

  it('refuses registries off the allow-list, and malformed references', async () => {
    expect(await check({ identifier: 'ghcr.io/acme/weather:1.0.0' })).toBe(`unsupported OCI registry: ghcr.io (allowed: http://127.0.0.1:${port})`);
    expect(await check({ identifier: 'gcr.io/acme/weather:1.0.0' }, ['docker.io', '*.pkg.dev'])).toBe('unsupported OCI registry: gcr.io (allowed: docker.io, *.pkg.dev)');
    expect(await check({ identifier: ref('Acme/Weather:1.0.0') })).toMatch(/^invalid OCI reference: could not parse reference/);
    expect(await check({ identifier: ref('acme/weather@sha256:abc') })).toMatch(/^invalid OCI reference: /);
  });

  it('refuses old-format fields and a missing identifier', async () => {
    expect(await check({ identifier: '' })).toBe('package identifier is required for OCI packages');
    expect(await check({ registryBaseUrl: 'https://docker.io' })).toMatch(/^OCI packages must not have 'registryBaseUrl' field/);
    expect(await check({ version: '1.0.0' })).toMatch(/^OCI packages must not have 'version' field/);
    expect(await check({ fileSha256: 'a'.repeat(64) })).toBe("OCI packages must not have 'fileSha256' field");
  });
});

describe('image references', () => {
  it.each([
    ['nginx', 'docker.io', 'library/nginx', 'latest'],
    ['acme/weather:1.2.3', 'docker.io', 'acme/weather', '1.2.3'],
    ['docker.io/acme/weather', 'docker.io', 'acme/weather', 'latest'],
    ['index.docker.io/nginx:1', 'index.docker.io', 'library/nginx', '1'],
    ['ghcr.io/acme/tools/weather:v1', 'ghcr.io', 'acme/tools/weather', 'v1'],
    ['registry.acme.internal:5000/team/weather', 'registry.acme.internal:5000', 'team/weather', 'latest'],
    [`us-docker.pkg.dev/p/r/i:t@sha256:${'c'.repeat(64)}`, 'us-docker.pkg.dev', 'p/r/i', `sha256:${'c'.repeat(64)}`],
  ])('%s', (input, registry, repository, reference) => {
    expect(parseImageReference(input)).toEqual({ registry, repository, reference });
  });

  it.each(['', 'Acme/Weather', 'acme/weather:', 'acme/weather:-bad', 'acme//weather', 'acme/weather@sha1:abc'])('refuses %j', (input) => {
    expect(parseImageReference(input)).toHaveProperty('error');
  });
});

describe('host allow-lists', () => {
  const list = ['docker.io', '*.pkg.dev', 'http://127.0.0.1:5000'];
  it.each([
    ['docker.io', 'https'],
    ['us-docker.pkg.dev', 'https'],
    ['europe-west1-docker.pkg.dev', 'https'],
    ['127.0.0.1:5000', 'http'],
    ['DOCKER.IO', 'https'],
  ])('allows %s over %s', (host, scheme) => expect(pickHost(list, host)).toEqual({ scheme }));
  it.each(['pkg.dev', 'evilpkg.dev', 'docker.io.evil.com', '127.0.0.1:5001', '127.0.0.1'])('refuses %s', (host) => {
    expect(pickHost(list, host)).toBeUndefined();
  });
});
