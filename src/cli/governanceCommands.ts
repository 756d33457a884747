/**
 * `toolshed attention` (the "Needs attention" list) and `toolshed webhooks
 * deliveries|redeliver` (the webhook delivery log), on the store opened directly
 * (with SQLite the server must be stopped). A redelivery is enqueued here and sent
 * by the running server's sender. Exit codes: 0 ok, 2 bad usage or an unknown
 * delivery, 1 anything else.
 */
import type { Command } from 'commander';
import type { Config } from '../config.js';
import { ToolshedError } from '../errors.js';
import { createAttention, createNotifications, type AttentionItem } from '../governance/index.js';
import { createWebhookSender, type WebhookDelivery } from '../operations/index.js';
import { openStore, type Store } from '../store/index.js';
import { CommandError } from './commandError.js';
import { describeError } from './describeError.js';

/** Control and bidi characters from stored text never reach the terminal. */
const safe = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?');

function withStore<A extends unknown[]>(loadConfig: () => Config, command: string, work: (store: Store, cfg: Config, ...args: A) => Promise<number>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const cfg = loadConfig();
    const store = await openStore({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, poolSize: 2 });
    let code: number;
    try {
      code = await work(store, cfg, ...args);
    } catch (err) {
      code = err instanceof CommandError ? err.exitCode : err instanceof ToolshedError && err.status < 500 ? 2 : 1;
      process.stderr.write(`toolshed ${command}: ${err instanceof CommandError ? err.message : describeError(err)}\n`);
    } finally {
      await store.close();
    }
    process.exit(code);
  };
}

function describeReason(r: AttentionItem): string {
  switch (r.reason) {
    case 'recertification_due':
      return `re-certification due ${r.dueAt}`;
    case 'unused':
      return `unused (last gateway call ${r.lastUsedAt ?? 'never'})`;
    case 'unhealthy':
      return `unhealthy since ${r.failingSince} (${r.version}${r.failureKind ? `, ${r.failureKind}` : ''})`;
    case 'upstream_newer':
      return `upstream ${r.source} has ${r.upstreamVersion} (approved: ${r.approvedVersion ?? 'none'})`;
  }
}

function describeDelivery(d: WebhookDelivery): string {
  const when = d.status === 'delivered' ? `delivered ${d.deliveredAt}` : d.status === 'failed' ? `failed ${d.failedAt}` : `next attempt ${d.nextAttemptAt}`;
  return `#${d.id} ${d.createdAt} ${d.endpoint} ${d.event}: ${d.status}, ${d.attempts} attempt(s), ${when}${d.lastError ? `, last error: ${safe(d.lastError)}` : ''}${d.redeliveryOf ? ` (redelivery of #${d.redeliveryOf})` : ''}`;
}

export function registerGovernanceCommands(program: Command, loadConfig: () => Config): void {
  program
    .command('attention')
    .description('Servers that need attention: re-certification due, unused, unhealthy, upstream newer than approved')
    .option('--json', 'the list as JSON (as GET /api/admin/attention answers)')
    .action(
      withStore(loadConfig, 'attention', async (store, cfg, opts: { json?: boolean }) => {
        const notifications = createNotifications({ store, settings: { webhook: false, format: 'toolshed', events: [] } });
        const attention = createAttention({ store, notifications, unusedDays: cfg.attentionUnusedDays, unhealthyDays: cfg.attentionUnhealthyDays, digestHours: 0 });
        const list = await attention.list();
        if (opts.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        else {
          for (const s of list.servers) process.stdout.write(`${safe(s.name)}: ${s.reasons.map((r) => safe(describeReason(r))).join('; ')}\n`);
          if (!list.servers.length) process.stdout.write('Nothing needs attention.\n');
        }
        return 0;
      }),
    );

  const webhooks = program.command('webhooks').description('The webhook delivery log (drift and governance receivers)');
  webhooks
    .command('deliveries')
    .description('Webhook deliveries, newest first, with status, attempts and last error')
    .option('--status <status>', 'pending, delivered or failed')
    .option('--endpoint <name>', 'drift or governance')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'as JSON')
    .action(
      withStore(loadConfig, 'webhooks deliveries', async (store, _cfg, opts: { status?: string; endpoint?: string; limit: string; json?: boolean }) => {
        if (opts.status !== undefined && !['pending', 'delivered', 'failed'].includes(opts.status)) throw new CommandError('--status is pending, delivered or failed', 2);
        if (opts.endpoint !== undefined && !['drift', 'governance'].includes(opts.endpoint)) throw new CommandError('--endpoint is drift or governance', 2);
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new CommandError('--limit must be a whole number from 1 to 1000', 2);
        const sender = createWebhookSender({ store, endpoints: {}, fetch: async () => ({ status: 0 }) });
        const list = await sender.list({ ...(opts.status ? { status: opts.status as 'pending' | 'delivered' | 'failed' } : {}), ...(opts.endpoint ? { endpoint: opts.endpoint } : {}) }, limit);
        if (opts.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        else {
          for (const d of list) process.stdout.write(`${describeDelivery(d)}\n`);
          if (!list.length) process.stdout.write('No deliveries.\n');
        }
        return 0;
      }),
    );
  webhooks
    .command('redeliver <id>')
    .description('Deliver a webhook again (a new delivery of the same payload; the running server sends it)')
    .action(
      withStore(loadConfig, 'webhooks redeliver', async (store, _cfg, id: string) => {
        const n = Number(id);
        if (!Number.isInteger(n) || n < 1) throw new CommandError('the delivery id is a whole number', 2);
        const sender = createWebhookSender({ store, endpoints: {}, fetch: async () => ({ status: 0 }) });
        const d = await sender.redeliver(n);
        process.stdout.write(`#${d.id}: redelivery of #${n} queued\n`);
        return 0;
      }),
    );
}
