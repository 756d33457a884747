/**
 * `toolshed inventory probe|show|health <server>`: the inventory from the command
 * line, on the store opened directly as `toolshed sync` does (with the embedded
 * SQLite database the server must be stopped; PostgreSQL does not mind). A probe
 * here is the same probe the server runs: shared upstream values or the probe
 * credential, through the outbound guard, and its snapshot is checked against the
 * server's pin (a drift event, as the server records one). Exit codes: 0 ok, 1 the probe failed,
 * 2 bad usage, an unknown server or a version without a remote.
 */
import type { Command } from 'commander';
import type { Config } from '../config.js';
import { trustedAuthorities } from '../createToolshed.js';
import { ToolshedError } from '../errors.js';
import { createSecretBox, loadSecretKey } from '../federation/index.js';
import { catalogServerFinder, createUpstreamSecrets } from '../gateway/index.js';
import { createDriftWatch, createInventory, INVENTORY_CHANNEL, type Inventory } from '../inventory/index.js';
import { createOutbound } from '../outbound/index.js';
import { formatTimestamp } from '../store/index.js';
import { CommandError } from './commandError.js';
import { describeError } from './describeError.js';
import { openCatalog } from './openCatalog.js';
import { registerDriftCommands } from './driftCommands.js';

async function openInventory(cfg: Config): Promise<{ inventory: Inventory; close(): Promise<void> }> {
  const { store, catalog } = await openCatalog(cfg);
  const ca = trustedAuthorities(cfg);
  const outbound = createOutbound({ allow: cfg.outboundAllow, allowHttp: cfg.outboundAllowHttp, ...(ca ? { ca } : {}) });
  const secretBox = createSecretBox(loadSecretKey({ configured: cfg.secretKey, dataDir: cfg.dataDir }));
  const { findServer } = catalogServerFinder(catalog);
  const inventory = createInventory({
    store,
    outbound,
    secretBox,
    sharedSecrets: createUpstreamSecrets({ store, secretBox, findServer }),
    settings: { intervalSeconds: cfg.probeIntervalSeconds, jitter: cfg.probeJitter, concurrency: 1, timeoutSeconds: cfg.probeTimeoutSeconds, healthRetentionDays: cfg.healthRetentionDays },
  });
  // A probe from here is checked against the pin like the server's own: its drift is an event, an admin-log entry and
  // (queued) a webhook the running server delivers; running replicas sharing PostgreSQL hear of it on the inventory channel.
  const watch = createDriftWatch({
    store,
    onSnapshot: (listener) => inventory.onSnapshot(listener),
    changed: (server) => store.publish(INVENTORY_CHANNEL, server),
    defaultAction: cfg.driftAction,
    ...(cfg.driftWebhookUrl && cfg.driftWebhookSecret ? { webhook: { url: cfg.driftWebhookUrl, secret: cfg.driftWebhookSecret } } : {}),
    ...(cfg.publicUrl ? { publicUrl: cfg.publicUrl } : {}),
    fetch: (url, o) => outbound.fetch(url, o),
  });
  return {
    inventory,
    async close() {
      await watch.settled();
      await watch.close();
      await inventory.close();
      await store.close();
      await outbound.close();
    },
  };
}

function withInventory<A extends unknown[]>(loadConfig: () => Config, command: string, work: (inventory: Inventory, ...args: A) => Promise<number>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const opened = await openInventory(loadConfig());
    let code: number;
    try {
      code = await work(opened.inventory, ...args);
    } catch (err) {
      const exit = err instanceof CommandError ? err.exitCode : err instanceof ToolshedError && err.status < 500 ? 2 : 1;
      process.stderr.write(`toolshed inventory ${command}: ${err instanceof CommandError ? err.message : describeError(err)}\n`);
      code = exit;
    } finally {
      await opened.close();
    }
    process.exit(code);
  };
}

/** Text for a terminal: control characters (an upstream's, in a description) shown escaped, one line. */
const clean = (text: unknown, max = 80): string => {
  const s = typeof text === 'string' ? text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : '';
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
};

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function registerInventoryCommands(program: Command, loadConfig: () => Config): void {
  const inventory = program.command('inventory').description('What each server version offers (capability snapshots) and its health');

  inventory
    .command('probe <server>')
    .description('Probe a server version now and record the result (the latest version by default)')
    .option('--version <version>', 'the version to probe')
    .action(
      withInventory(loadConfig, 'probe', async (inv, server: string, opts: { version?: string }) => {
        const report = await inv.probe(server, opts.version);
        const latency = report.latencyMs === null ? '' : ` in ${Math.round(report.latencyMs)} ms`;
        if (report.up) {
          process.stdout.write(`${server} ${report.version}: up${latency}, snapshot ${report.snapshotId}${report.changed ? ' (changed)' : ''}\n`);
          return 0;
        }
        process.stdout.write(`${server} ${report.version}: ${report.status}${latency}: ${report.failure?.kind}: ${clean(report.failure?.message, 300)}\n`);
        return 1;
      }),
    );

  inventory
    .command('show <server>')
    .description('The tools of a server version’s current snapshot, as a table')
    .option('--version <version>', 'the version to show')
    .action(
      withInventory(loadConfig, 'show', async (inv, server: string, opts: { version?: string }) => {
        const view = await inv.capabilities(server, opts.version);
        process.stdout.write(`${server} ${view.version}: ${view.status}${view.lastProbeAt ? `, last probe ${formatTimestamp(view.lastProbeAt)}` : ''}\n`);
        if (!view.snapshot) {
          process.stdout.write('No snapshot yet.\n');
          return 0;
        }
        const { snapshot, findings } = view.snapshot;
        const rows = [['TOOL', 'TITLE', 'DESCRIPTION']];
        for (const item of snapshot.items.tools) rows.push([clean(item.key, 40), clean(item.definition.title, 30), clean(item.definition.description)]);
        process.stdout.write(`${table(rows)}\n`);
        const others = (['prompts', 'resources', 'resourceTemplates'] as const).map((k) => `${snapshot.items[k].length} ${k}`).join(', ');
        process.stdout.write(
          `${others}; ${findings.length} scan finding${findings.length === 1 ? '' : 's'}; taken ${formatTimestamp(Number(view.snapshot.first_seen_at))} (${view.snapshot.source})\n`,
        );
        return 0;
      }),
    );

  inventory
    .command('health <server>')
    .description('Recent probe readings of a server version, newest first')
    .option('--version <version>', 'the version')
    .option('--limit <n>', 'readings to show (1-1000)', '20')
    .action(
      withInventory(loadConfig, 'health', async (inv, server: string, opts: { version?: string; limit: string }) => {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new CommandError('--limit must be a whole number from 1 to 1000', 2);
        const health = await inv.health(server, { ...(opts.version !== undefined ? { version: opts.version } : {}), limit });
        const uptime = health.uptime === null ? 'no readings yet' : `${(health.uptime * 100).toFixed(1)}% up over ${health.readings.length} readings`;
        process.stdout.write(`${server} ${health.version}: ${uptime}\n`);
        if (!health.readings.length) return 0;
        const rows = [['AT', 'UP', 'LATENCY', 'PROTOCOL', 'FAILURE']];
        for (const r of health.readings) {
          rows.push([formatTimestamp(r.at), r.up ? 'up' : 'down', `${r.latency_ms} ms`, r.protocol_version ?? '', r.failure_kind ? `${r.failure_kind}: ${clean(r.failure_message, 60)}` : '']);
        }
        process.stdout.write(`${table(rows)}\n`);
        return 0;
      }),
    );
  registerDriftCommands(inventory, loadConfig);
}
