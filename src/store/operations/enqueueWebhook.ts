import type { Tx } from '../schema.js';

export interface NewWebhook {
  event: string;
  payload: string;
  at: number;
  /** Which configured receiver (`drift`, `governance`); default `drift`. */
  endpoint?: string;
  /** What the delivery announces; a second enqueue with the same key is ignored (two replicas, one delivery). */
  dedupeKey?: string;
  redeliveryOf?: number;
}

/**
 * Puts a webhook in the outbox, due at once; written in the transaction of what it
 * announces. Resolves to its id, or null when a delivery with its `dedupeKey` exists.
 */
export async function enqueueWebhook({ tx, event, payload, at, endpoint, dedupeKey, redeliveryOf }: { tx: Tx } & NewWebhook): Promise<number | null> {
  const row = await tx
    .insertInto('webhook_deliveries')
    .values({
      event,
      payload,
      attempts: 0,
      next_attempt_at: at,
      delivered_at: null,
      failed_at: null,
      last_error: null,
      created_at: at,
      endpoint: endpoint ?? 'drift',
      dedupe_key: dedupeKey ?? null,
      redelivery_of: redeliveryOf ?? null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : null;
}
