import type { Tx } from '../schema.js';
import { webhookDeliveryRow, type WebhookDeliveryRow } from './webhookDeliveryRow.js';

/** The outbox, newest first (for the admin API and tests). */
export async function listWebhookDeliveries({ tx, limit }: { tx: Tx; limit: number }): Promise<WebhookDeliveryRow[]> {
  const rows = await tx.selectFrom('webhook_deliveries').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map(webhookDeliveryRow);
}
