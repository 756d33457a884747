import type { Tx } from '../schema.js';

/** Puts a webhook in the outbox, due at once; written in the transaction of what it announces. */
export async function enqueueWebhook({ tx, event, payload, at }: { tx: Tx; event: string; payload: string; at: number }): Promise<number> {
  const row = await tx
    .insertInto('webhook_deliveries')
    .values({ event, payload, attempts: 0, next_attempt_at: at, delivered_at: null, failed_at: null, last_error: null, created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
