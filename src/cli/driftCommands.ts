/**
 * `toolshed inventory pin|drift|action`: pins and drift from the command line,
 * on the store opened directly (with SQLite the server must be stopped). A
 * change is announced on the inventory channel, so running replicas sharing
 * PostgreSQL reload it. Exit codes: 0 ok, 2 bad usage or an unknown server or
 * snapshot, 1 anything else.
 */
import type { Command } from 'commander';
import type { Config } from '../config.js';
import { ToolshedError } from '../errors.js';
import { createDriftWatch, DRIFT_ACTIONS, INVENTORY_CHANNEL, type DriftAction, type DriftWatch } from '../inventory/index.js';
import { openStore } from '../store/index.js';
import { CommandError } from './commandError.js';
import { describeError } from './describeError.js';

function withWatch<A extends unknown[]>(loadConfig: () => Config, command: string, work: (watch: DriftWatch, ...args: A) => Promise<number>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const cfg = loadConfig();
    const store = await openStore({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, poolSize: 2 });
    const watch = createDriftWatch({
      store,
      onSnapshot: () => () => {},
      changed: (server) => store.publish(INVENTORY_CHANNEL, server),
      defaultAction: cfg.driftAction,
      fetch: async () => ({ status: 0 }),
    });
    let code: number;
    try {
      code = await work(watch, ...args);
    } catch (err) {
      code = err instanceof CommandError ? err.exitCode : err instanceof ToolshedError && err.status < 500 ? 2 : 1;
      process.stderr.write(`toolshed inventory ${command}: ${err instanceof CommandError ? err.message : describeError(err)}\n`);
    } finally {
      await watch.close();
      await store.close();
    }
    process.exit(code);
  };
}

export function registerDriftCommands(inventory: Command, loadConfig: () => Config): void {
  inventory
    .command('pin <server>')
    .description('Pin a snapshot of the server (the latest version’s current one by default); resolves its open drift')
    .option('--snapshot <id>', 'the snapshot id to pin')
    .option('--by <who>', 'who pins, for the record', 'cli')
    .action(
      withWatch(loadConfig, 'pin', async (watch, server: string, opts: { snapshot?: string; by: string }) => {
        const id = opts.snapshot === undefined ? undefined : Number(opts.snapshot);
        if (id !== undefined && (!Number.isInteger(id) || id < 1)) throw new CommandError('--snapshot must be a snapshot id (a whole number)', 2);
        const pin = await watch.pin({ server, ...(id !== undefined ? { snapshotId: id } : {}), by: opts.by });
        process.stdout.write(`${server}: pinned snapshot ${pin.pinnedSnapshotId} (action ${pin.effectiveAction})\n`);
        return 0;
      }),
    );

  inventory
    .command('drift')
    .description('Drift events, newest first')
    .option('--open', 'unresolved only')
    .option('--server <name>', 'one server only')
    .action(
      withWatch(loadConfig, 'drift', async (watch, opts: { open?: boolean; server?: string }) => {
        const events = await watch.listDrift({ ...(opts.open ? { open: true } : {}), ...(opts.server ? { server: opts.server } : {}) }, 100);
        for (const e of events) {
          const what = e.changes.map((c) => `${c.change} ${c.kind.replace(/s$/, '')} ${c.key}`.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?')).join(', ');
          process.stdout.write(`#${e.id} ${e.detectedAt} ${e.server} ${e.version} via ${e.via}, severity ${e.severity}${e.resolvedAt ? `, resolved by ${e.resolvedBy}` : ', open'}: ${what}\n`);
        }
        if (!events.length) process.stdout.write('No drift.\n');
        return 0;
      }),
    );

  inventory
    .command('action <server> <action>')
    .description('What the gateway does when the server drifts: warn, hide, block, or default')
    .option('--by <who>', 'who changes it, for the record', 'cli')
    .action(
      withWatch(loadConfig, 'action', async (watch, server: string, action: string, opts: { by: string }) => {
        if (action !== 'default' && !DRIFT_ACTIONS.includes(action as DriftAction)) throw new CommandError('the action is warn, hide, block or default', 2);
        const pin = await watch.setAction({ server, action: action === 'default' ? null : (action as DriftAction), by: opts.by });
        process.stdout.write(`${server}: drift action ${pin.action ?? `default (${pin.effectiveAction})`}\n`);
        return 0;
      }),
    );
}
