import type { Tx } from '../schema.js';

export interface OwnerNotificationRow {
  id: number;
  recipientKind: 'user' | 'group';
  recipient: string;
  event: string;
  name: string;
  version: string;
  summary: string;
  detail: unknown;
  createdAt: number;
}

/** Notifications addressed to any of these people (ids or verified emails) or groups, newest first. */
export async function listOwnerNotifications({
  tx,
  users,
  groups,
  before,
  limit,
}: {
  tx: Tx;
  users: readonly string[];
  groups: readonly string[];
  before?: number;
  limit: number;
}): Promise<OwnerNotificationRow[]> {
  if (users.length === 0 && groups.length === 0) return [];
  let q = tx
    .selectFrom('owner_notifications')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(users.length ? [eb.and([eb('recipient_kind', '=', 'user'), eb('recipient', 'in', users)])] : []),
        ...(groups.length ? [eb.and([eb('recipient_kind', '=', 'group'), eb('recipient', 'in', groups)])] : []),
      ]),
    );
  if (before !== undefined) q = q.where('id', '<', before);
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    recipientKind: r.recipient_kind,
    recipient: r.recipient,
    event: r.event,
    name: r.name,
    version: r.version,
    summary: r.summary,
    detail: JSON.parse(r.detail) as unknown,
    createdAt: Number(r.created_at),
  }));
}
