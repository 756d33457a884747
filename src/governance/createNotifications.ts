/**
 * Governance notifications (issue #21, item 9). Every governance decision writes
 * one `registry_events` row; the relay here tails those rows by id from a
 * high-water mark kept in the database (`notification_cursors`) and announces each:
 * a signed webhook in the shared outbox (`webhook_deliveries`, receiver
 * `governance`) and one owner notification per owner of the server. Each
 * announcement has a key (`event:<row id>`), claimed in `notification_announcements`
 * in the transaction that enqueues it, so two replicas tailing the same rows
 * announce it once. The mark moves only past rows
 * older than `settleMs`: a PostgreSQL transaction that took its id earlier but
 * commits later is still read (and a row read twice is ignored by its key).
 * Drift (`drift.detected`) is announced by the drift watch in its own
 * transaction; `recertification.due` and the digest by the attention job.
 */
import { EVENT_OF_ACTION, type ServerOwner } from '../schemas/governance.js';
import type { NotificationEvent } from '../schemas/notifications.js';
import {
  advanceNotificationCursor,
  claimAnnouncement,
  enqueueWebhook,
  insertOwnerNotifications,
  listOwnerNotifications,
  listRegistryEventsAfter,
  listServerOwners,
  nowMicros,
  readNotificationCursor,
  type OwnerNotificationRow,
  type RegistryEventAction,
  type RegistryEventRow,
  type Store,
  type Tx,
} from '../store/index.js';
import { slackPayload, toolshedPayload, type Announcement } from './notificationPayload.js';

export const GOVERNANCE_CURSOR = 'governance-events';
const GOVERNANCE_ACTIONS = Object.keys(EVENT_OF_ACTION) as RegistryEventAction[];

export interface NotificationSettings {
  /** Whether a governance webhook receiver is configured (deliveries are enqueued only then). */
  webhook: boolean;
  format: 'toolshed' | 'slack';
  /** Events sent to the webhook; empty: all. */
  events: readonly NotificationEvent[];
  publicUrl?: string;
}

export interface NotificationsOptions {
  store: Store;
  settings: NotificationSettings;
  /** Something was enqueued: the sender may deliver at once. */
  enqueued?(): void;
  /** Rows younger than this are read again on the next round before the mark passes them (default 60 s). */
  settleMs?: number;
  /** Run the relay on a timer (`toolshed serve`). */
  schedule?: boolean;
  intervalMs?: number;
  log?: { warn(details: Record<string, unknown>, message: string): void };
}

export interface OwnerNotification {
  id: number;
  to: ServerOwner;
  event: string;
  server: string;
  version: string | null;
  summary: string;
  details: unknown;
  createdAt: string;
}

export interface Notifications {
  /** Announces one thing inside the caller's transaction (webhook + owners), once per key. */
  announce(tx: Tx, a: Announcement, lines?: readonly string[]): Promise<void>;
  /** One relay round: announces the governance rows after the mark; resolves to how many rows were read. */
  relay(): Promise<number>;
  /** What a person was told: about servers they own, or that a group they are in owns. */
  forPerson(person: { userIds: readonly string[]; groups: readonly string[] }, before: number | undefined, limit: number): Promise<OwnerNotification[]>;
  close(): Promise<void>;
}

const iso = (micros: number) => new Date(Math.floor(micros / 1000)).toISOString();

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** The announcement of one registry audit log row. */
export function announcementOf(row: RegistryEventRow): Announcement {
  const event = EVENT_OF_ACTION[row.action as keyof typeof EVENT_OF_ACTION];
  const details = parseJson(row.new_value);
  const reason = details && typeof details === 'object' && typeof (details as { reason?: unknown }).reason === 'string' ? (details as { reason: string }).reason.slice(0, 2000) : null;
  const what = row.name ? `${row.name}${row.version ? ` ${row.version}` : ''}` : 'the registry';
  return {
    event,
    key: `event:${Number(row.id)}`,
    server: row.name,
    version: row.version,
    actor: row.actor_subject,
    at: Number(row.at),
    reason,
    summary: `${event}: ${what}`,
    details: { action: row.action, registryEventId: Number(row.id), new: details, old: parseJson(row.old_value) },
  };
}

export function createNotifications(options: NotificationsOptions): Notifications {
  const db = options.store.db;
  const { settings } = options;
  const settleMicros = (options.settleMs ?? 60_000) * 1000;
  const wanted = (event: NotificationEvent) => settings.events.length === 0 || settings.events.includes(event);

  async function announce(tx: Tx, a: Announcement, lines: readonly string[] = []): Promise<void> {
    // Claimed first: a replica (or a later round) that claims the same key does nothing.
    if (!(await claimAnnouncement({ tx, key: a.key, at: nowMicros() }))) return;
    let queued = false;
    if (settings.webhook && wanted(a.event)) {
      const payload = settings.format === 'slack' ? slackPayload(a, settings.publicUrl, lines) : toolshedPayload(a, settings.publicUrl);
      queued = (await enqueueWebhook({ tx, event: a.event, payload, at: nowMicros(), endpoint: 'governance', dedupeKey: `governance:${a.key}` })) !== null;
    }
    if (a.server) {
      const owners = (await listServerOwners({ tx, names: [a.server] })).get(a.server) ?? [];
      await insertOwnerNotifications({
        tx,
        notifications: owners.map((o) => {
          const recipient = o.kind === 'user' ? o.id : o.name;
          return {
            recipientKind: o.kind,
            recipient,
            event: a.event,
            name: a.server,
            version: a.version,
            summary: a.summary.slice(0, 500),
            // Owners learn that their server was reported and why, never who reported it.
            detail: { reason: a.reason, actor: a.event === 'report.filed' ? null : a.actor, key: a.key },
            dedupeKey: `${a.key}:${o.kind}:${recipient}`,
            at: a.at,
          };
        }),
      });
    }
    if (queued) options.enqueued?.();
  }

  let round: Promise<number> | undefined;
  async function relayOnce(): Promise<number> {
    const from = await readNotificationCursor({ tx: db, name: GOVERNANCE_CURSOR });
    const rows = await listRegistryEventsAfter({ tx: db, afterId: from, actions: GOVERNANCE_ACTIONS, limit: 200 });
    if (rows.length === 0) return 0;
    const settledBefore = nowMicros() - settleMicros;
    let mark = from;
    let moving = true;
    for (const row of rows) {
      await db.transaction().execute((tx) => announce(tx, announcementOf(row)));
      if (moving && Number(row.at) <= settledBefore) mark = Number(row.id);
      else moving = false;
    }
    if (mark > from) await advanceNotificationCursor({ tx: db, name: GOVERNANCE_CURSOR, to: mark, at: nowMicros() });
    return rows.length;
  }
  function relay(): Promise<number> {
    round ??= relayOnce().finally(() => {
      round = undefined;
    });
    return round;
  }

  let timer: NodeJS.Timeout | undefined;
  if (options.schedule) {
    const tick = () => {
      relay()
        .catch((err) => options.log?.warn({ err }, 'relaying governance events to notifications failed'))
        .finally(() => {
          if (timer) timer = setTimeout(tick, options.intervalMs ?? 5_000).unref();
        });
    };
    timer = setTimeout(tick, options.intervalMs ?? 5_000).unref();
  }

  return {
    announce,
    relay,
    async forPerson(person, before, limit) {
      const rows = await listOwnerNotifications({ tx: db, users: person.userIds, groups: person.groups, ...(before !== undefined ? { before } : {}), limit });
      return rows.map((r: OwnerNotificationRow) => {
        const detail = (r.detail ?? {}) as Record<string, unknown>;
        return {
          id: r.id,
          to: r.recipientKind === 'user' ? { kind: 'user', id: r.recipient } : { kind: 'group', name: r.recipient },
          event: r.event,
          server: r.name,
          version: r.version || null,
          summary: r.summary,
          details: detail,
          createdAt: iso(r.createdAt),
        };
      });
    },
    async close() {
      clearTimeout(timer);
      timer = undefined;
      await round?.catch(() => undefined);
    },
  };
}
