/**
 * `toolshed sync [SOURCE]` and `toolshed source add|list|remove`: federation from
 * the command line, on the store opened directly as `toolshed import` does (with
 * the embedded SQLite database the server must be stopped; PostgreSQL does not
 * mind). Exit codes: 0 ok, 1 a sync or change failed, 2 bad usage or configuration.
 */
import { describeError } from './describeError.js';
import { openCatalog } from './openCatalog.js';
import { progressBar } from './progressBar.js';
import type { Command } from 'commander';
import type { Config } from '../config.js';
import { ToolshedError } from '../errors.js';
import { createFederation, createSecretBox, loadSecretKey, type Federation, type SourceInput, type SourceStatus, type SyncProgress, type SyncResult } from '../federation/index.js';
import { applyConfiguredSources } from '../operations/index.js';
import { createOutbound } from '../outbound/index.js';
import { trustedAuthorities } from '../createToolshed.js';
import { CommandError, cliActor } from './commandError.js';

/** A plane refusal, with its per-field details; the caller's input (2) unless the store or upstream failed (1). */
function refusal(err: unknown): CommandError {
  const code = err instanceof ToolshedError && err.status >= 400 && err.status < 500 && err.status !== 409 ? 2 : 1;
  return new CommandError(describeError(err), code);
}

/** The federation on the store, composed as `createToolshed` does, with the config file's sources applied. */
async function openFederation(cfg: Config): Promise<{ federation: Federation; close(): Promise<void> }> {
  const { store, catalog, reviews, bindFederation } = await openCatalog(cfg);
  const ca = trustedAuthorities(cfg);
  const outbound = createOutbound({ allow: cfg.outboundAllow, allowHttp: cfg.outboundAllowHttp, ...(ca ? { ca } : {}) });
  try {
    const secretBox = createSecretBox(loadSecretKey({ configured: cfg.secretKey, dataDir: cfg.dataDir }));
    const federation = createFederation({ store, catalog, outbound, secretBox, startReview: (tx, submission) => reviews.startMirrored(tx, submission) });
    bindFederation(federation);
    await applyConfiguredSources(federation, cfg.federationSources);
    return {
      federation,
      async close() {
        await federation.close();
        await store.close();
        await outbound.close();
      },
    };
  } catch (err) {
    await store.close();
    await outbound.close();
    throw err;
  }
}

/** Opens the federation, runs `work`, closes, and exits with the code. */
function withFederation<A extends unknown[]>(loadConfig: () => Config, command: string, work: (federation: Federation, ...args: A) => Promise<number>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const opened = await openFederation(loadConfig());
    let code: number;
    try {
      code = await work(opened.federation, ...args);
    } catch (err) {
      const failure = err instanceof CommandError ? err : refusal(err);
      process.stderr.write(`toolshed ${command}: ${failure.message}\n`);
      code = failure.exitCode;
    } finally {
      await opened.close();
    }
    process.exit(code);
  };
}

function summary(r: SyncResult): string {
  return (
    `${r.source}: ${r.mode} sync, ${r.pages} page${r.pages === 1 ? '' : 's'}, ${r.fetched} versions fetched, ${r.stored} stored, ` +
    `${r.rejected} rejected, ${r.changed} catalog changes in ${(r.durationMs / 1000).toFixed(2)} s`
  );
}

async function syncCommand(federation: Federation, source: string | undefined, opts: { quiet?: boolean }): Promise<number> {
  let names: string[];
  if (source !== undefined) {
    names = [(await federation.getSource(source).catch((err: unknown) => Promise.reject(refusal(err)))).name];
  } else {
    names = (await federation.listSources()).filter((s) => s.enabled).map((s) => s.name);
    if (!names.length) {
      process.stdout.write('no enabled sources (add one with `toolshed source add NAME URL`)\n');
      return 0;
    }
  }
  let failed = 0;
  for (const name of names) {
    const bar = progressBar('{source} | page {page} | {fetched} versions: {stored} stored, {rejected} rejected', opts.quiet);
    bar?.start(1, 0, { source: name, page: 0, fetched: 0, stored: 0, rejected: 0 });
    const onProgress = (p: SyncProgress) => bar?.update(0, { ...p });
    try {
      const result = await federation.sync(name, onProgress);
      bar?.stop();
      process.stdout.write(`${summary(result)}\n`);
    } catch (err) {
      bar?.stop();
      failed++;
      process.stderr.write(`${name}: sync FAILED: ${refusal(err).message}\n`);
    }
  }
  return failed ? 1 : 0;
}

function integer(flag: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || n < min || n > max) throw new CommandError(`${flag} must be a whole number from ${min} to ${max}`, 2);
    return n;
  };
}

interface AddOptions {
  authHeader?: string;
  interval?: string;
  precedence?: string;
  filter?: string;
  disabled?: boolean;
}

function sourceInput(name: string, url: string, opts: AddOptions): SourceInput {
  let filter: SourceInput['filter'];
  if (opts.filter !== undefined) {
    try {
      filter = JSON.parse(opts.filter) as SourceInput['filter'];
    } catch (err) {
      throw new CommandError(`--filter is not valid JSON: ${(err as Error).message}`, 2);
    }
    if (!filter || typeof filter !== 'object' || Array.isArray(filter)) {
      throw new CommandError('--filter must be a JSON object, e.g. {"namespaces":["io.github.acme"]}', 2);
    }
  }
  return {
    name,
    baseUrl: url,
    ...(opts.authHeader !== undefined ? { authHeader: opts.authHeader } : {}),
    ...(opts.interval !== undefined ? { intervalSeconds: integer('--interval', 0, 2_592_000)(opts.interval) } : {}),
    ...(opts.precedence !== undefined ? { precedence: integer('--precedence', -1_000_000, 1_000_000)(opts.precedence) } : {}),
    ...(filter ? { filter } : {}),
    ...(opts.disabled ? { enabled: false } : {}),
  };
}

function describeSource(s: SourceStatus): string {
  const last = s.lastSuccessAt ?? 'never';
  const error = s.lastError ? `  last error ${s.lastErrorAt}: ${s.lastError}` : '';
  return (
    `${s.name}  ${s.baseUrl}  precedence ${s.precedence}  every ${s.intervalSeconds ? `${s.intervalSeconds}s` : 'on demand'}` +
    `  ${s.enabled ? 'enabled' : 'disabled'}${s.hasAuthHeader ? '  auth header set' : ''}` +
    `  mirrored ${s.counts.mirrored}  last success ${last}${s.resumable ? '  (resumable)' : ''}${error}`
  );
}

export function registerFederationCommands(program: Command, loadConfig: () => Config): void {
  program
    .command('sync')
    .description('Sync one source, or every enabled source, from its upstream now (resumes an interrupted run)')
    .argument('[source]', 'the source name (all enabled sources when omitted)')
    .option('--quiet', 'no progress bar, only the summary lines')
    .action(withFederation(loadConfig, 'sync', syncCommand));

  const source = program.command('source').description('Manage the upstream registries this one mirrors');
  source
    .command('add')
    .description('Add an upstream source')
    .argument('<name>', 'lowercase letters, digits and dashes; used in ?source= and in provenance')
    .argument('<url>', 'base URL of a registry speaking the official API')
    .option('--auth-header <header>', 'sent as Authorization upstream (stored encrypted, never shown)')
    .option('--interval <seconds>', 'seconds between scheduled syncs by `toolshed serve` (0 = on demand)')
    .option('--precedence <n>', 'lower wins when two sources carry the same server name')
    .option('--filter <json>', 'e.g. {"namespaces":["io.github.acme"],"statuses":["active"]}')
    .option('--disabled', 'add it disabled (neither scheduled nor synced by `toolshed sync`)')
    .action(
      withFederation(loadConfig, 'source add', async (federation, name: string, url: string, opts: AddOptions) => {
        const status = await federation.addSource(sourceInput(name, url, opts), cliActor());
        process.stdout.write(`added ${describeSource(status)}\n`);
        return 0;
      }),
    );
  source
    .command('list')
    .description('List the sources with their sync status')
    .option('--json', 'print the status objects as JSON')
    .action(
      withFederation(loadConfig, 'source list', async (federation, opts: { json?: boolean }) => {
        const sources = await federation.listSources();
        if (opts.json) process.stdout.write(`${JSON.stringify(sources, null, 2)}\n`);
        else if (!sources.length) process.stdout.write('no sources\n');
        else for (const s of sources) process.stdout.write(`${describeSource(s)}\n`);
        return 0;
      }),
    );
  source
    .command('remove')
    .description('Remove a source with everything mirrored from it')
    .argument('<name>')
    .action(
      withFederation(loadConfig, 'source remove', async (federation, name: string) => {
        await federation.removeSource(name, cliActor());
        process.stdout.write(`removed ${name} and the versions mirrored from it\n`);
        return 0;
      }),
    );
  for (const command of [program.commands.find((c) => c.name() === 'sync')!, ...source.commands]) {
    // Commander exits 1 on a usage error; 1 here means a sync failed, so usage is 2.
    command.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
  }
}
