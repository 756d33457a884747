#!/usr/bin/env node
/**
 * The `toolshed` command. Each subcommand parses its arguments, calls a plane
 * through `createToolshed` or the store, and prints; exit codes are fit for CI
 * (0 ok, 1 some documents failed, 2 bad usage or configuration).
 */
import { createWriteStream } from 'node:fs';
import { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { createToolshed } from '../createToolshed.js';
import { registerAccessCommands } from './accessCommands.js';
import { registerAdminCommands } from './adminCommands.js';
import { registerFederationCommands } from './federationCommands.js';
import { registerInventoryCommands } from './inventoryCommands.js';
import { registerPackageCommands } from './packageCommands.js';
import { registerGovernanceCommands } from './governanceCommands.js';
import { registerPeopleCommands } from './peopleCommands.js';
import { registerReportCommands } from './reportCommands.js';
import { registerReviewCommands } from './reviewCommands.js';
import { registerServerGovernanceCommands } from './serverGovernanceCommands.js';
import { directorySettings } from '../compose/planeSettings.js';
import { describeError } from './describeError.js';
import { importCatalog, importIdentity, readImportFile, type ImportIdentity } from './importCatalog.js';
import { openCatalog } from './openCatalog.js';
import { progressBar } from './progressBar.js';
import { registerPublisherCommands } from './publisher/registerPublisherCommands.js';
import { registerGitopsCommands } from './gitops/gitopsCommands.js';
import { builtWebUi, WEB_UI_DIR } from '../http/webUi.js';

function config(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

const program = new Command().name('toolshed').description('Toolshed: an enterprise MCP registry and gateway').showHelpAfterError();

program
  .command('serve')
  .description('Start the registry server (SQLite in TOOLSHED_DATA_DIR unless DATABASE_URL is set)')
  .action(async () => {
    const cfg = config();
    const webUiDir = builtWebUi();
    const toolshed = await createToolshed(cfg, { schedule: true, ...(webUiDir ? { webUiDir } : {}) });
    const log = toolshed.app.log;
    if (!webUiDir) log.warn({ expected: WEB_UI_DIR }, 'the web UI is not built (run `npm run build:web`); / redirects to /docs');
    if (toolshed.admin.source === 'generated') {
      log.info({ file: toolshed.admin.file }, 'generated an admin token for this install; it is in the file named here (mode 0600)');
    }
    const address = await toolshed.app.listen({ host: cfg.host, port: cfg.port });
    log.info({ address, database: cfg.databaseUrl ? 'postgres' : 'sqlite', dataDir: cfg.dataDir }, 'toolshed is serving');
    let closing = false;
    const stop = async (signal: string) => {
      if (closing) return;
      closing = true;
      log.info({ signal }, 'shutting down');
      await toolshed.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  });

program
  .command('import')
  .description('Load a JSON array of server.json documents into the catalog (idempotent)')
  .argument('<file>', 'JSON file: an array of server.json documents')
  .option('--quiet', 'print only the summary and failures')
  .option('--keep-invalid', 'store documents that break semantic rules a publish would refuse, reported as warnings (unsafe links and schema errors still refuse)')
  .option('--as <person>', 'attribute the import to this person (user id, subject or verified email): their subject and groups submit the reviews, as their publish would')
  .action(async (file: string, opts: { quiet?: boolean; keepInvalid?: boolean; as?: string }) => {
    const cfg = config();
    let items: unknown[];
    try {
      items = readImportFile(file);
    } catch (err) {
      process.stderr.write(`toolshed import: ${(err as Error).message}\n`);
      process.exit(2);
    }
    const { store, catalog } = await openCatalog(cfg);
    let as: ImportIdentity | undefined;
    if (opts.as !== undefined) {
      try {
        as = await importIdentity(store, directorySettings(cfg), opts.as);
      } catch (err) {
        await store.close();
        process.stderr.write(`toolshed import: --as ${opts.as}: ${describeError(err)}\n`);
        process.exit(2);
      }
    }
    const bar = progressBar('importing [{bar}] {value}/{total} {percentage}% | eta {eta}s', opts.quiet);
    bar?.start(items.length, 0);
    const report = await importCatalog(catalog, items, (done) => bar?.update(done), { keepInvalid: Boolean(opts.keepInvalid), ...(as ? { as } : {}) });
    bar?.stop();
    await store.close();
    for (const f of report.failed) process.stderr.write(`  #${f.index} ${f.name}@${f.version}: ${f.reason}\n`);
    if (report.warned.length && !opts.quiet) {
      for (const w of report.warned) process.stderr.write(`  warning #${w.index} ${w.name}@${w.version}: ${w.reason}\n`);
    }
    if (report.warned.length) {
      process.stdout.write(`${report.warned.length} stored documents break semantic rules a publish would refuse (kept by --keep-invalid)\n`);
    }
    process.stdout.write(`imported ${report.total} documents: ${report.created} created, ${report.unchanged} unchanged, ${report.failed.length} failed\n`);
    process.exit(report.failed.length ? 1 : 0);
  });

program
  .command('export')
  .description('Write every server.json in the catalog as a JSON array (importable again)')
  .option('-o, --out <file>', 'write to this file instead of standard output')
  .option('--include-deleted', 'also export versions marked deleted')
  .action(async (opts: { out?: string; includeDeleted?: boolean }) => {
    const cfg = config();
    const { store, catalog } = await openCatalog(cfg);
    const out = opts.out ? createWriteStream(opts.out) : process.stdout;
    let first = true;
    let count = 0;
    out.write('[');
    for await (const row of catalog.exportAll(Boolean(opts.includeDeleted))) {
      out.write(`${first ? '\n' : ',\n'}${row.doc}`);
      first = false;
      count++;
    }
    out.write('\n]\n');
    if (out !== process.stdout) await new Promise<void>((resolve) => (out as ReturnType<typeof createWriteStream>).end(resolve));
    await store.close();
    process.stderr.write(`exported ${count} versions\n`);
  });

registerPublisherCommands(program);
registerGitopsCommands(program);
registerFederationCommands(program, config);
registerInventoryCommands(program, config);
registerPackageCommands(program, config);
registerGovernanceCommands(program, config);
registerAccessCommands(program);
registerAdminCommands(program, config);
registerPeopleCommands(program);
registerReportCommands(program);
registerReviewCommands(program);
registerServerGovernanceCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`toolshed: ${(err as Error)?.message ?? String(err)}\n`);
  process.exit(2);
});
