/**
 * `npx toolshed validate DIR` checks package ownership as publishing does, against a
 * real npm registry (Verdaccio on loopback): a package whose package.json names the
 * server passes, one that does not is an error pinned to its `identifier` line; a
 * folder without toolshed.yaml is a layout error; without a Toolshed configured the
 * namespace is reported as not checked (a notice, which does not fail the run).
 * Nothing here touches a database.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runToolshed } from './support/runToolshed.js';
import { CURRENT_SCHEMA } from './support/serverDocs.js';
import { startVerdaccio, type Verdaccio } from './support/startVerdaccio.js';

let dir: string;
let repo: string;
let verdaccio: Verdaccio | undefined;

function folder(name: string, files: Record<string, string>) {
  mkdirSync(join(repo, 'servers', name), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(repo, 'servers', name, file), text);
}

const serverJson = (name: string, identifier: string) =>
  `${JSON.stringify({ $schema: CURRENT_SCHEMA, name, description: 'test', version: '1.0.0', packages: [{ registryType: 'npm', identifier, version: '1.0.0', transport: { type: 'stdio' } }] }, null, 2)}\n`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'toolshed-gitops-npm-'));
  verdaccio = await startVerdaccio(dir);
  for (const [pkg, mcpName] of [
    ['weather-mcp', 'com.example/weather'],
    ['plain-pkg', undefined],
  ] as const) {
    const pkgDir = join(dir, 'packages', pkg);
    mkdirSync(pkgDir, { recursive: true });
    writeFileSync(join(pkgDir, 'package.json'), JSON.stringify({ name: pkg, version: '1.0.0', description: 'test', ...(mcpName ? { mcpName } : {}) }));
    await verdaccio.publish(pkgDir);
  }
  repo = join(dir, 'repo');
  mkdirSync(repo);
  folder('weather', { 'server.json': serverJson('com.example/weather', 'weather-mcp'), 'toolshed.yaml': 'owners:\n  - group: platform\n' });
  folder('other', { 'server.json': serverJson('com.example/other', 'plain-pkg') });
  execFileSync('git', ['init', '-q'], { cwd: repo });
  execFileSync('git', ['-c', 'user.name=Team', '-c', 'user.email=team@example.com', 'add', '-A'], { cwd: repo });
  execFileSync('git', ['-c', 'user.name=Team', '-c', 'user.email=team@example.com', 'commit', '-q', '-m', 'two servers'], { cwd: repo });
}, 120_000);

afterAll(() => {
  verdaccio?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('validate DIR: package ownership', () => {
  it('verifies each package in its registry and pins a failure to its identifier', async () => {
    const run = await runToolshed(['validate', 'servers'], {
      cwd: repo,
      home: dir,
      env: {
        GITHUB_ACTIONS: 'true',
        TOOLSHED_VERIFY_PACKAGES: 'npm',
        TOOLSHED_NPM_REGISTRY_URLS: verdaccio!.url,
        TOOLSHED_OUTBOUND_ALLOW: '127.0.0.1',
        TOOLSHED_OUTBOUND_ALLOW_HTTP: 'true',
      },
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('servers/weather: com.example/weather@1.0.0\n  ✓ toolshed.yaml: valid\n  ✓ server.json: valid (com.example/weather@1.0.0)\n  ✓ package ownership: verified');
    // Line 9 of the other server.json is `"identifier": "plain-pkg"`.
    expect(run.stdout).toMatch(/::error file=servers\/other\/server\.json,line=9,col=21,title=toolshed ownership::registry validation failed for package 0 \(plain-pkg\)/);
    expect(run.stdout).toContain('::error file=servers/other/toolshed.yaml,line=1,col=1,title=toolshed layout::missing');
    expect(run.stdout).toContain('::notice file=servers/weather/server.json,line=3,col=11,title=toolshed namespace::namespace not checked');
    expect(run.stdout).toContain('2 server folders: 2 errors, 0 warnings');
  }, 180_000);
});
