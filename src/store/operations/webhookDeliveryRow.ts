import type { WebhookDeliveriesTable } from '../schema.js';

export interface WebhookDeliveryRow {
  id: number;
  event: string;
  payload: string;
  /** Attempts made, counting the one this claim is for. */
  attempts: number;
  nextAttemptAt: number;
  deliveredAt: number | null;
  failedAt: number | null;
  lastError: string | null;
  createdAt: number;
  endpoint: string;
  dedupeKey: string | null;
  redeliveryOf: number | null;
}

type Selected = Omit<WebhookDeliveriesTable, 'id' | 'endpoint'> & { id: number | string; endpoint: string };

const num = (v: number | null) => (v === null ? null : Number(v));

export function webhookDeliveryRow(r: Selected): WebhookDeliveryRow {
  return {
    id: Number(r.id),
    event: r.event,
    payload: r.payload,
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
    deliveredAt: num(r.delivered_at),
    failedAt: num(r.failed_at),
    lastError: r.last_error,
    createdAt: Number(r.created_at),
    endpoint: r.endpoint,
    dedupeKey: r.dedupe_key,
    redeliveryOf: num(r.redelivery_of),
  };
}
