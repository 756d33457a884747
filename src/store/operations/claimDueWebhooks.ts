import type { Tx } from '../schema.js';
import { webhookDeliveryRow, type WebhookDeliveryRow } from './webhookDeliveryRow.js';

/**
 * Claims up to `limit` deliveries due at `now`: each one's attempt count goes up
 * and its next attempt moves to `leaseUntil`, in one conditional update per row,
 * so two replicas never claim the same delivery for the same attempt (the loser's
 * update matches no row). A replica that dies mid-attempt leaves the row due
 * again at `leaseUntil`.
 */
export async function claimDueWebhooks({
  tx,
  now,
  leaseUntil,
  limit,
  endpoints,
}: {
  tx: Tx;
  now: number;
  leaseUntil: number;
  limit: number;
  /** Only deliveries to these receivers (the ones this process has configured); all when absent. */
  endpoints?: readonly string[];
}): Promise<WebhookDeliveryRow[]> {
  if (endpoints && endpoints.length === 0) return [];
  let query = tx.selectFrom('webhook_deliveries');
  if (endpoints) query = query.where('endpoint', 'in', endpoints);
  const due = await query
    .select(['id', 'attempts', 'next_attempt_at'])
    .where('delivered_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  const claimed: WebhookDeliveryRow[] = [];
  for (const d of due) {
    const row = await tx
      .updateTable('webhook_deliveries')
      .set({ attempts: Number(d.attempts) + 1, next_attempt_at: leaseUntil })
      .where('id', '=', d.id)
      .where('attempts', '=', d.attempts)
      .where('next_attempt_at', '=', d.next_attempt_at)
      .where('delivered_at', 'is', null)
      .where('failed_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (row) claimed.push(webhookDeliveryRow(row));
  }
  return claimed;
}
