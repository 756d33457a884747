/**
 * `toolshed packages prepare` on both databases, against a real Verdaccio: a version
 * whose npm package is intact is prepared into the package cache (exit 0, its integrity
 * and folder shown); one whose tarball was swapped in the registry is named
 * `integrity` (exit 1); an unknown server exits 2.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runToolshed, type ToolshedRun } from './support/runToolshed.js';
import { serverDoc } from './support/serverDocs.js';
import { startVerdaccio, type Verdaccio } from './support/startVerdaccio.js';
import { writeServerPackage } from './support/stdioFixtures.js';
import { DATABASES, scratchDatabase, unavailable, type ScratchDatabase } from './support/testDatabases.js';

/** Each command is a process of its own (tsx compiles on start): slow on a loaded machine. */
const CLI_TIMEOUT = 240_000;
let dir: string;
let verdaccio: Verdaccio;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'toolshed-package-cli-'));
  mkdirSync(join(dir, 'verdaccio'));
  verdaccio = await startVerdaccio(join(dir, 'verdaccio'));
  const packages = join(dir, 'packages');
  await Promise.all([verdaccio.publish(writeServerPackage(packages, { name: 'cli-mcp' })), verdaccio.publish(writeServerPackage(packages, { name: 'cli-swapped-mcp' }))]);
  const other = join(dir, 'other');
  mkdirSync(other);
  writeFileSync(join(other, 'package.json'), JSON.stringify({ name: 'cli-swapped-mcp', version: '1.0.0', bin: 'evil.js' }));
  writeFileSync(join(other, 'evil.js'), 'console.log("swapped")\n');
  execFileSync('npm', ['pack', '--pack-destination', other], { cwd: other, env: { PATH: process.env.PATH! } });
  cpSync(join(other, 'cli-swapped-mcp-1.0.0.tgz'), join(dir, 'verdaccio/storage/cli-swapped-mcp/cli-swapped-mcp-1.0.0.tgz'));
}, 120_000);

afterAll(() => {
  verdaccio?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(DATABASES)('packages CLI on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let db: ScratchDatabase;
    const toolshed = (...args: string[]): Promise<ToolshedRun> =>
      runToolshed(args, {
        env: {
          TOOLSHED_DATA_DIR: db.dataDir,
          TOOLSHED_LOG_LEVEL: 'silent',
          TOOLSHED_REVIEW_DEFAULT: 'approve',
          TOOLSHED_OUTBOUND_ALLOW: '127.0.0.0/8',
          TOOLSHED_OUTBOUND_ALLOW_HTTP: 'true',
          TOOLSHED_NPM_REGISTRY_URLS: verdaccio.url,
          ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
        },
      });
    const npm = (identifier: string) => ({ registryType: 'npm', identifier, version: '1.0.0', transport: { type: 'stdio' } });

    beforeAll(async () => {
      db = await scratchDatabase(kind);
      const file = join(db.dataDir, 'servers.json');
      writeFileSync(file, JSON.stringify([serverDoc('io.cli/good', '1.0.0', { packages: [npm('cli-mcp')] }), serverDoc('io.cli/swapped', '1.0.0', { packages: [npm('cli-swapped-mcp')] })]));
      const imported = await toolshed('import', file, '--quiet');
      expect(imported.status, imported.stderr).toBe(0);
    }, CLI_TIMEOUT);
    afterAll(async () => {
      await db?.drop();
    });

    it(
      'prepares an intact package into the cache, names a swapped one, and refuses an unknown server',
      async () => {
        const good = await toolshed('packages', 'prepare', 'io.cli/good');
        expect(good.status, good.stderr).toBe(0);
        const match = /^npm cli-mcp@1\.0\.0: prepared, sha512-\S+, (\S+)\n$/.exec(good.stdout);
        expect(match, good.stdout).not.toBeNull();
        expect(match![1]!.startsWith(join(db.dataDir, 'packages/npm/'))).toBe(true);
        expect(existsSync(join(match![1]!, 'bin/server.js'))).toBe(true);

        const swapped = await toolshed('packages', 'prepare', 'io.cli/swapped', '--version', '1.0.0');
        expect(swapped.status).toBe(1);
        expect(swapped.stdout).toContain('npm cli-swapped-mcp@1.0.0: integrity: the tarball of cli-swapped-mcp@1.0.0 does not match its dist.integrity');

        const unknown = await toolshed('packages', 'prepare', 'io.cli/nothing');
        expect(unknown.status).toBe(2);
        expect(unknown.stderr).toContain('no server io.cli/nothing in the catalog');
      },
      CLI_TIMEOUT,
    );
  });
});
