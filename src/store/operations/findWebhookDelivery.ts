import type { Tx } from '../schema.js';
import { webhookDeliveryRow, type WebhookDeliveryRow } from './webhookDeliveryRow.js';

export async function findWebhookDelivery({ tx, id }: { tx: Tx; id: number }): Promise<WebhookDeliveryRow | undefined> {
  const row = await tx.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? webhookDeliveryRow(row) : undefined;
}
