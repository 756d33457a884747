/** The "Needs attention" list and the webhook delivery log, as the console reads them. */
import { requestJson } from '../../api/apiClient.js';

type Auth = string | undefined;
const opts = (token: Auth, signal?: AbortSignal) => ({ token, ...(signal ? { signal } : {}) });

export type AttentionReason =
  | { reason: 'recertification_due'; dueAt: string }
  | { reason: 'unused'; lastUsedAt: string | null; since: string }
  | { reason: 'unhealthy'; version: string; failingSince: string; lastSuccessAt: string | null; failureKind: string | null }
  | { reason: 'upstream_newer'; source: string; approvedVersion: string | null; upstreamVersion: string };

export interface AttentionServer {
  name: string;
  owners: Array<{ kind: 'user'; id: string } | { kind: 'group'; name: string }>;
  reasons: AttentionReason[];
}

export interface AttentionList {
  generatedAt: string;
  settings: { unusedDays: number; unhealthyDays: number };
  counts: Record<AttentionReason['reason'], number>;
  servers: AttentionServer[];
}

export interface WebhookDelivery {
  id: number;
  endpoint: string;
  event: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  failedAt: string | null;
  redeliveryOf: number | null;
  payload: string;
}

export function getAttention(token: Auth, signal?: AbortSignal) {
  return requestJson<AttentionList>('/api/admin/attention', opts(token, signal));
}

export function listDeliveries(status: string, token: Auth, signal?: AbortSignal) {
  return requestJson<{ deliveries: WebhookDelivery[] }>(`/api/admin/webhooks/deliveries?limit=100${status ? `&status=${encodeURIComponent(status)}` : ''}`, opts(token, signal));
}

export function redeliver(id: number, token: Auth) {
  return requestJson<WebhookDelivery>(`/api/admin/webhooks/deliveries/${id}/redeliver`, { method: 'POST', token });
}
