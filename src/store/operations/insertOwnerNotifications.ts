import type { Tx } from '../schema.js';
import type { OwnerNotificationRow } from './listOwnerNotifications.js';

/** An owner notification to write: the row as listed, without its id and time, plus its dedupe key and time. */
export type NewOwnerNotification = Omit<OwnerNotificationRow, 'id' | 'createdAt'> & {
  /** Unique per recipient and announcement: a second insert (another replica) is ignored. */
  dedupeKey: string;
  at: number;
};

export async function insertOwnerNotifications({ tx, notifications }: { tx: Tx; notifications: readonly NewOwnerNotification[] }): Promise<void> {
  for (const n of notifications) {
    await tx
      .insertInto('owner_notifications')
      .values({
        recipient_kind: n.recipientKind,
        recipient: n.recipient,
        event: n.event,
        name: n.name,
        version: n.version,
        summary: n.summary,
        detail: JSON.stringify(n.detail),
        dedupe_key: n.dedupeKey,
        created_at: n.at,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .execute();
  }
}
