/**
 * "Needs attention" (issue #21, item 8): the servers a registry keeper should look
 * at, each with its reasons: re-certification due (`server_governance.recertify_due_at`),
 * unused through the gateway for `unusedDays` (`gateway_calls`), health failing for
 * `unhealthyDays` (`probe_results`), and a mirrored server whose upstream lists a
 * newer version than the newest approved one (`mirrored_versions` vs
 * `server_versions.review_state`). Each reason is one indexed query
 * (src/store/operations/list*.ts).
 *
 * The attention job (on `schedule`) announces `recertification.due` once per server
 * and due date, and the digest once per `digestHours` period (the period's number is
 * the announcement's key, so two replicas send it once).
 */
import { compareVersions } from '../catalog/index.js';
import type { ServerOwner } from '../schemas/governance.js';
import { ATTENTION_DIGEST_EVENT, type AttentionReason } from '../schemas/notifications.js';
import { listFailingHealth, listMirroredReleases, listRecertificationsDue, listServerOwners, listUnusedServers, nowMicros, type Store } from '../store/index.js';
import type { Notifications } from './createNotifications.js';

const DAY_MICROS = 86_400_000_000;
/** Per reason; the list is for people, and the digest names the first few. */
const PER_REASON = 500;

export type AttentionItem =
  | { reason: 'recertification_due'; dueAt: string }
  | { reason: 'unused'; lastUsedAt: string | null; since: string }
  | { reason: 'unhealthy'; version: string; failingSince: string; lastSuccessAt: string | null; failureKind: string | null }
  | { reason: 'upstream_newer'; source: string; approvedVersion: string | null; upstreamVersion: string };

export interface AttentionServer {
  name: string;
  owners: ServerOwner[];
  reasons: AttentionItem[];
}

export interface AttentionList {
  generatedAt: string;
  settings: { unusedDays: number; unhealthyDays: number };
  counts: Record<AttentionReason, number>;
  servers: AttentionServer[];
}

export interface AttentionOptions {
  store: Store;
  unusedDays: number;
  unhealthyDays: number;
  notifications: Notifications;
  /** Hours between digests; 0: none. */
  digestHours: number;
  schedule?: boolean;
  intervalMs?: number;
  log?: { warn(details: Record<string, unknown>, message: string): void };
}

export interface Attention {
  list(now?: number): Promise<AttentionList>;
  /** One job round: `recertification.due` for each due server (once per due date) and the digest when its period has none yet. */
  run(now?: number): Promise<{ recertificationsDue: number; digest: boolean }>;
  close(): Promise<void>;
}

const iso = (micros: number) => new Date(Math.floor(micros / 1000)).toISOString();
const isoOrNull = (micros: number | null) => (micros === null ? null : iso(micros));

export function createAttention(options: AttentionOptions): Attention {
  const db = options.store.db;
  /** The digest period this process last announced (another replica's is skipped by the key). */
  let digested: number | undefined;

  async function list(now = nowMicros()): Promise<AttentionList> {
    const [due, unused, unhealthy, mirrored] = await Promise.all([
      listRecertificationsDue({ tx: db, now, limit: PER_REASON }),
      listUnusedServers({ tx: db, cutoff: now - options.unusedDays * DAY_MICROS, limit: PER_REASON }),
      listFailingHealth({ tx: db, cutoff: now - options.unhealthyDays * DAY_MICROS, limit: PER_REASON }),
      listMirroredReleases({ tx: db }),
    ]);
    const servers = new Map<string, AttentionItem[]>();
    const add = (name: string, item: AttentionItem) => servers.set(name, [...(servers.get(name) ?? []), item]);
    for (const d of due) add(d.name, { reason: 'recertification_due', dueAt: iso(d.dueAt) });
    for (const u of unused) add(u.name, { reason: 'unused', lastUsedAt: isoOrNull(u.lastUsedAt), since: iso(u.since) });
    for (const h of unhealthy) add(h.name, { reason: 'unhealthy', version: h.version, failingSince: iso(h.failingSince), lastSuccessAt: isoOrNull(h.lastSuccessAt), failureKind: h.failureKind });
    let newer = 0;
    for (const m of mirrored) {
      const approved = m.catalog.filter((v) => v.reviewState === 'approved').sort((a, b) => compareVersions(b.version, a.version, b.publishedAt, a.publishedAt))[0];
      const upstream = [...m.upstream].sort((a, b) => compareVersions(b.version, a.version, b.publishedAt, a.publishedAt))[0];
      if (!upstream || newer >= PER_REASON) continue;
      const approvedTime = approved ? (m.upstream.find((u) => u.version === approved.version)?.publishedAt ?? approved.publishedAt) : 0;
      if (approved && compareVersions(upstream.version, approved.version, upstream.publishedAt, approvedTime) <= 0) continue;
      add(m.name, { reason: 'upstream_newer', source: m.source, approvedVersion: approved?.version ?? null, upstreamVersion: upstream.version });
      newer++;
    }
    const owners = await listServerOwners({ tx: db, names: [...servers.keys()] });
    const counts: Record<AttentionReason, number> = { recertification_due: due.length, unused: unused.length, unhealthy: unhealthy.length, upstream_newer: newer };
    return {
      generatedAt: iso(now),
      settings: { unusedDays: options.unusedDays, unhealthyDays: options.unhealthyDays },
      counts,
      servers: [...servers.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, reasons]) => ({ name, owners: owners.get(name) ?? [], reasons })),
    };
  }

  async function run(now = nowMicros()): Promise<{ recertificationsDue: number; digest: boolean }> {
    const due = await listRecertificationsDue({ tx: db, now, limit: PER_REASON });
    for (const d of due) {
      await db.transaction().execute((tx) =>
        options.notifications.announce(tx, {
          event: 'recertification.due',
          key: `recertification.due:${d.name}:${d.dueAt}`,
          server: d.name,
          version: '',
          actor: null,
          at: now,
          reason: null,
          summary: `recertification.due: ${d.name} (due ${iso(d.dueAt)})`,
          details: { dueAt: iso(d.dueAt), trust: d.trust, recertifiedAt: isoOrNull(d.recertifiedAt) },
        }),
      );
    }
    let digest = false;
    const period = options.digestHours > 0 ? Math.floor(now / (options.digestHours * 3_600_000_000)) : undefined;
    if (period !== undefined && period !== digested) {
      const attention = await list(now);
      const lines = attention.servers.slice(0, 20).map((s) => `• ${s.name}: ${s.reasons.map((r) => r.reason).join(', ')}`);
      if (attention.servers.length > 20) lines.push(`… and ${attention.servers.length - 20} more`);
      const c = attention.counts;
      await db.transaction().execute((tx) =>
        options.notifications.announce(
          tx,
          {
            event: ATTENTION_DIGEST_EVENT,
            key: `attention.digest:${options.digestHours}h:${period}`,
            server: '',
            version: '',
            actor: null,
            at: now,
            reason: null,
            summary: `Needs attention: ${attention.servers.length} servers (${c.recertification_due} re-certification due, ${c.unused} unused, ${c.unhealthy} unhealthy, ${c.upstream_newer} upstream newer)`,
            details: { ...attention, servers: attention.servers.slice(0, 100), truncated: attention.servers.length > 100 },
          },
          lines,
        ),
      );
      digested = period;
      digest = true;
    }
    return { recertificationsDue: due.length, digest };
  }

  let timer: NodeJS.Timeout | undefined;
  let round: Promise<unknown> | undefined;
  if (options.schedule) {
    const tick = () => {
      round = run()
        .catch((err) => options.log?.warn({ err }, 'the attention job failed'))
        .finally(() => {
          round = undefined;
          if (timer) timer = setTimeout(tick, options.intervalMs ?? 300_000).unref();
        });
    };
    timer = setTimeout(tick, options.intervalMs ?? 300_000).unref();
  }

  return {
    list,
    run,
    async close() {
      clearTimeout(timer);
      timer = undefined;
      await round;
    },
  };
}
