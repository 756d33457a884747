/**
 * `toolshed packages prepare <server>`: fetch, verify and cache the hostable packages of
 * a server version (the latest by default) into the package cache, as review does
 * (docs/hosting.md, "Preparation"), on the store opened directly (SQLite: the server
 * stopped). It warms the cache and shows each package's integrity or named failure; it
 * records nothing in the review. Exit codes: 0 every package prepared, 1 one failed,
 * 2 bad usage, an unknown server or a version without a hostable package.
 */
import type { Command } from 'commander';
import type { Package } from '../catalog/index.js';
import type { Config } from '../config.js';
import { trustedAuthorities } from '../createToolshed.js';
import { createPackagePreparer, HOSTABLE_REGISTRY_TYPES, preparerOptionsOf } from '../hosting/index.js';
import { createOutbound } from '../outbound/index.js';
import { findServerVersion, openStore } from '../store/index.js';
import { describeError } from './describeError.js';

export function registerPackageCommands(program: Command, loadConfig: () => Config): void {
  const packages = program.command('packages').description('Package servers Toolshed hosts: preparation into the package cache');
  packages
    .command('prepare <server>')
    .description('Fetch, verify and cache the hostable packages of a server version (the latest by default)')
    .option('--version <version>', 'the version whose packages to prepare')
    .action(async (server: string, opts: { version?: string }) => {
      const cfg = loadConfig();
      const store = await openStore({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, poolSize: 1 });
      const ca = trustedAuthorities(cfg);
      const outbound = createOutbound({ allow: cfg.outboundAllow, allowHttp: cfg.outboundAllowHttp, ...(ca ? { ca } : {}) });
      let code = 0;
      try {
        const row = await findServerVersion({ tx: store.db, name: server, version: opts.version ?? 'latest', includeDeleted: false });
        if (!row) {
          process.stderr.write(`toolshed packages prepare: no server ${server}${opts.version ? ` version ${opts.version}` : ''} in the catalog\n`);
          code = 2;
        } else {
          const doc = JSON.parse(row.doc) as { packages?: Package[] };
          const hostable = (doc.packages ?? []).filter(
            (p) => (HOSTABLE_REGISTRY_TYPES as readonly string[]).includes(p.registryType) && (p.transport as { type?: unknown } | undefined)?.type === 'stdio',
          );
          if (hostable.length === 0) {
            process.stderr.write(`toolshed packages prepare: ${server} ${row.version} lists no package Toolshed hosts (npm, PyPI, MCPB or OCI with the stdio transport)\n`);
            code = 2;
          }
          const preparer = createPackagePreparer(preparerOptionsOf(cfg, outbound));
          for (const pkg of hostable) {
            const result = await preparer.prepare(pkg);
            const label = `${pkg.registryType} ${pkg.identifier}${pkg.version ? `@${pkg.version}` : ''}`;
            if (result.ok) process.stdout.write(`${label}: prepared, ${result.prepared.integrity}, ${result.prepared.root}\n`);
            else {
              process.stdout.write(`${label}: ${result.problem}: ${result.reason}\n`);
              code = 1;
            }
          }
        }
      } catch (err) {
        process.stderr.write(`toolshed packages prepare: ${describeError(err)}\n`);
        code = 1;
      } finally {
        await outbound.close();
        await store.close();
      }
      process.exit(code);
    });
}
