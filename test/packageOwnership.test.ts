/**
 * npm package ownership against a real Verdaccio on loopback holding packages
 * published with `npm publish`: the right `mcpName` passes (plain and scoped);
 * none, another one, a missing package and a missing version fail with the
 * official messages; a registryBaseUrl off the allow-list is refused; types not
 * in `verifyPackages` are skipped. End to end on every database: POST /v0.1/publish
 * answers 200, or 400 `Failed to publish server` with the official message; an
 * edit is verified too, and an edit of a deleted version never gets that far.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOwnershipVerifier } from '../src/catalog/ownership/index.js';
import type { ServerJson } from '../src/catalog/index.js';
import { loadConfig } from '../src/config.js';
import { createOutbound, type Outbound } from '../src/outbound/index.js';
import { startVerdaccio, type Verdaccio } from './support/startVerdaccio.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { serverDoc } from './support/serverDocs.js';

const WEATHER = 'io.github.acme/weather';

/** package name → mcpName (undefined: none) */
const PUBLISHED: Array<[string, string | undefined]> = [
  ['weather-mcp', WEATHER],
  ['plain-pkg', undefined],
  ['other-mcp', 'io.github.acme/other'],
  ['@acme/scoped-mcp', 'io.github.acme/scoped'],
];

/** Publishes `name` (with `mcpName` in its package.json, if given) to the Verdaccio. */
async function publishPackage(name: string, mcpName: string | undefined) {
  const pkgDir = join(dir, 'packages', name.replace('/', '__'));
  mkdirSync(pkgDir, { recursive: true });
  writeFileSync(join(pkgDir, 'package.json'), JSON.stringify({ name, version: '1.0.0', description: 'test', ...(mcpName ? { mcpName } : {}) }));
  await verdaccio!.publish(pkgDir);
}

const npmPackage = (identifier: string, version = '1.0.0', extra: Record<string, unknown> = {}) => ({
  registryType: 'npm',
  identifier,
  version,
  transport: { type: 'stdio' },
  ...extra,
});

let dir: string;
let registry: string;
let verdaccio: Verdaccio | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'toolshed-verdaccio-'));
  verdaccio = await startVerdaccio(dir);
  registry = verdaccio.url;
  await Promise.all(PUBLISHED.map(([name, mcpName]) => publishPackage(name, mcpName)));
}, 120_000);

afterAll(() => {
  verdaccio?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm ownership against Verdaccio', () => {
  let outbound: Outbound;
  let verify: (doc: ServerJson) => Promise<string | undefined>;
  beforeAll(() => {
    outbound = createOutbound({ allow: ['127.0.0.0/8'], allowHttp: true });
    const config = loadConfig({}, { verifyPackages: ['npm'], npmRegistryUrls: [registry, 'https://registry.npmjs.org'] });
    verify = createOwnershipVerifier(config, outbound);
  });
  afterAll(() => outbound.close());

  const doc = (name: string, ...packages: unknown[]) => serverDoc(name, '1.0.0', { packages }) as unknown as ServerJson;

  it('passes a package whose mcpName is the server name, plain and scoped', async () => {
    expect(await verify(doc(WEATHER, npmPackage('weather-mcp')))).toBeUndefined();
    expect(await verify(doc('io.github.acme/scoped', npmPackage('@acme/scoped-mcp', '1.0.0', { registryBaseUrl: registry })))).toBeUndefined();
  });

  it('refuses a package without mcpName, with the field to add', async () => {
    expect(await verify(doc(WEATHER, npmPackage('plain-pkg')))).toBe(
      `registry validation failed for package 0 (plain-pkg): NPM package 'plain-pkg' is missing required 'mcpName' field. Add this to your package.json: "mcpName": "${WEATHER}"`,
    );
  });

  it('refuses a package naming another server, plain and scoped', async () => {
    expect(await verify(doc(WEATHER, npmPackage('other-mcp')))).toBe(
      `registry validation failed for package 0 (other-mcp): NPM package ownership validation failed. Expected mcpName '${WEATHER}', got 'io.github.acme/other'`,
    );
    expect(await verify(doc(WEATHER, npmPackage('@acme/scoped-mcp')))).toBe(
      `registry validation failed for package 0 (@acme/scoped-mcp): NPM package ownership validation failed. Expected mcpName '${WEATHER}', got 'io.github.acme/scoped'`,
    );
  });

  it('tells a missing package from a version not (yet) published', async () => {
    expect(await verify(doc(WEATHER, npmPackage('never-published-mcp')))).toBe(
      "registry validation failed for package 0 (never-published-mcp): NPM package 'never-published-mcp' not found (status: 404)",
    );
    expect(await verify(doc(WEATHER, npmPackage('weather-mcp', '9.9.9')))).toBe(
      "registry validation failed for package 0 (weather-mcp): NPM package 'weather-mcp' exists, but version '9.9.9' was not found (status: 404). A newly published release can take a moment to appear on the registry. Wait and retry, or publish version '9.9.9' before registering it",
    );
  });

  it('refuses a registryBaseUrl outside npmRegistryUrls, naming the allowed ones', async () => {
    expect(await verify(doc(WEATHER, npmPackage('weather-mcp', '1.0.0', { registryBaseUrl: 'https://npm.evil.example' })))).toBe(
      `registry validation failed for package 0 (weather-mcp): registry type and base URL do not match: 'https://npm.evil.example' is not valid for registry type 'npm'. Expected: ${registry}, https://registry.npmjs.org`,
    );
  });

  it('checks every package in order and reports the first failure by its index', async () => {
    expect(await verify(doc(WEATHER, npmPackage('weather-mcp'), npmPackage('other-mcp'), npmPackage('plain-pkg')))).toMatch(
      /^registry validation failed for package 1 \(other-mcp\): NPM package ownership validation failed/,
    );
  });

  it('skips registry types not listed in verifyPackages', async () => {
    const pypiOnly = createOwnershipVerifier(loadConfig({}, { verifyPackages: ['pypi'], npmRegistryUrls: [registry] }), outbound);
    expect(await pypiOnly(doc(WEATHER, npmPackage('plain-pkg')))).toBeUndefined();
    expect(await verify(doc(WEATHER, npmPackage('plain-pkg')))).toMatch(/missing required 'mcpName'/);
  });
});

describe.each(DATABASES)('publishing with npm ownership verification on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    beforeAll(async () => {
      t = await testToolshed(kind, {
        verifyPackages: ['npm'],
        npmRegistryUrls: [registry],
        outboundAllow: ['127.0.0.0/8'],
        outboundAllowHttp: true,
      });
    });
    afterAll(async () => {
      await t?.destroy();
    });

    const publish = (doc: unknown) => t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: doc as object });
    const edit = (doc: Record<string, unknown>) =>
      t.app.inject({
        method: 'PUT',
        url: `/v0.1/servers/${encodeURIComponent(doc.name as string)}/versions/${doc.version as string}`,
        headers: AUTH,
        payload: doc,
      });

    it('publishes a server whose npm package names it', async () => {
      const res = await publish(serverDoc(WEATHER, '1.0.0', { packages: [npmPackage('weather-mcp')] }));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().server.packages[0].identifier).toBe('weather-mcp');
    });

    it('refuses with 400 and the official message, and stores nothing', async () => {
      const res = await publish(serverDoc('io.github.acme/unowned', '1.0.0', { packages: [npmPackage('plain-pkg')] }));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        status: 400,
        detail: 'Failed to publish server',
        errors: [
          {
            message: `registry validation failed for package 0 (plain-pkg): NPM package 'plain-pkg' is missing required 'mcpName' field. Add this to your package.json: "mcpName": "io.github.acme/unowned"`,
          },
        ],
      });
      const read = await t.app.inject({ url: `/v0.1/servers/${encodeURIComponent('io.github.acme/unowned')}/versions/1.0.0` });
      expect(read.statusCode).toBe(404);
    });

    it('verifies an edit too', async () => {
      const name = 'io.github.acme/scoped';
      expect((await publish(serverDoc(name, '1.0.0', { packages: [npmPackage('@acme/scoped-mcp')] }))).statusCode).toBe(200);
      const res = await edit(serverDoc(name, '1.0.0', { packages: [npmPackage('other-mcp')] }));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        detail: 'Failed to edit server',
        errors: [{ message: `registry validation failed for package 0 (other-mcp): NPM package ownership validation failed. Expected mcpName '${name}', got 'io.github.acme/other'` }],
      });
      const ok = await edit(serverDoc(name, '1.0.0', { description: 'edited', packages: [npmPackage('@acme/scoped-mcp')] }));
      expect(ok.statusCode, ok.body).toBe(200);
    });

    it('never verifies an edit of a deleted version: it is not found first, as upstream', async () => {
      const name = 'io.github.acme/weather';
      const gone = await t.app.inject({
        method: 'PATCH',
        url: `/v0.1/servers/${encodeURIComponent(name)}/versions/1.0.0/status`,
        headers: AUTH,
        payload: { status: 'deleted' },
      });
      expect(gone.statusCode, gone.body).toBe(200);
      const res = await edit(serverDoc(name, '1.0.0', { packages: [npmPackage('never-published-mcp')] }));
      expect(res.statusCode).toBe(404);
      expect(res.json().detail).toBe('Server not found');
    });
  });
});
