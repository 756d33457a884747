import type { Tx } from '../schema.js';
import { webhookDeliveryRow, type WebhookDeliveryRow } from './webhookDeliveryRow.js';

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveryFilter {
  endpoint?: string;
  status?: WebhookDeliveryStatus;
  event?: string;
  /** Deliveries with an id below this (newest-first paging). */
  before?: number;
}

/** The outbox, newest first (the delivery log). */
export async function listWebhookDeliveries({ tx, limit, filter = {} }: { tx: Tx; limit: number; filter?: WebhookDeliveryFilter }): Promise<WebhookDeliveryRow[]> {
  let q = tx.selectFrom('webhook_deliveries').selectAll();
  if (filter.endpoint !== undefined) q = q.where('endpoint', '=', filter.endpoint);
  if (filter.event !== undefined) q = q.where('event', '=', filter.event);
  if (filter.before !== undefined) q = q.where('id', '<', filter.before);
  if (filter.status === 'delivered') q = q.where('delivered_at', 'is not', null);
  if (filter.status === 'failed') q = q.where('failed_at', 'is not', null);
  if (filter.status === 'pending') q = q.where('delivered_at', 'is', null).where('failed_at', 'is', null);
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return rows.map(webhookDeliveryRow);
}
