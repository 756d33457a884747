/**
 * The hosting tests' package: fixtureServer.ts bundled with the SDK by esbuild
 * into one file in a folder of its own (what a preparer leaves in its cache),
 * and a preparer for it that never fetches anything. The real preparer
 * (createPackagePreparer.ts) is tested on its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Package } from '../../src/catalog/index.js';
import type { PackagePreparer } from '../../src/hosting/index.js';

export interface HostedFixture {
  root: string;
  preparer: PackagePreparer;
  /** How many times prepare was asked. */
  prepared(): number;
  remove(): void;
}

export async function buildHostedFixture(): Promise<HostedFixture> {
  const root = mkdtempSync(join(tmpdir(), 'toolshed-fixture-pkg-'));
  await build({
    entryPoints: [join(import.meta.dirname, 'hostedFixture', 'fixtureServer.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: join(root, 'server.mjs'),
    logLevel: 'silent',
  });
  let count = 0;
  const preparer = fixturePreparer(root);
  return {
    root,
    preparer: {
      prepare(pkg: Package) {
        count++;
        return preparer.prepare(pkg);
      },
    },
    prepared: () => count,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A preparer that hands out the fixture already built in `root` (`missing-package` is refused as missing). */
export function fixturePreparer(root: string): PackagePreparer {
  return {
    async prepare(pkg: Package) {
      if (pkg.identifier === 'missing-package') return { ok: false, problem: 'missing', reason: 'no such package' };
      return {
        ok: true,
        prepared: { registryType: 'npm', identifier: pkg.identifier, version: pkg.version ?? '1.0.0', integrity: 'sha512-test', root, command: ['/usr/bin/node', '/pkg/server.mjs'], cwd: '/pkg' },
      };
    },
  };
}

/** A package entry of the fixture; `args` are fixed package arguments (the first picks a bad behaviour). */
export function fixturePackage(args: string[] = [], env: Package['environmentVariables'] = [{ name: 'FIXTURE_TOKEN', isSecret: true }]): Package {
  return {
    registryType: 'npm',
    identifier: '@test/hosted-fixture',
    version: '1.0.0',
    transport: { type: 'stdio' },
    packageArguments: args.map((value) => ({ type: 'positional', value })),
    environmentVariables: env,
  };
}
