import type { Tx } from '../schema.js';

export async function markWebhookDelivered({ tx, id, at }: { tx: Tx; id: number; at: number }): Promise<void> {
  await tx.updateTable('webhook_deliveries').set({ delivered_at: at, last_error: null }).where('id', '=', id).execute();
}
