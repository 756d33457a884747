import type { Tx } from '../schema.js';

/**
 * Records a failed attempt: with `retryAt` the delivery is due again then;
 * without, it is given up (failed_at set) and never tried again.
 */
export async function markWebhookFailed({ tx, id, error, at, retryAt }: { tx: Tx; id: number; error: string; at: number; retryAt?: number }): Promise<void> {
  await tx
    .updateTable('webhook_deliveries')
    .set(retryAt === undefined ? { failed_at: at, last_error: error.slice(0, 500) } : { next_attempt_at: retryAt, last_error: error.slice(0, 500) })
    .where('id', '=', id)
    .execute();
}
