/** The "Needs attention" list and the webhook delivery log, as the console reads them (shapes from web/src/api/openapi.ts). */
import { requestJson } from '../../api/apiClient.js';
import type { ResponseOf } from '../../api/apiTypes.js';

type Auth = string | undefined;
const opts = (token: Auth, signal?: AbortSignal) => ({ token, ...(signal ? { signal } : {}) });

export type AttentionList = ResponseOf<'/api/admin/attention', 'get'>;
export type AttentionServer = AttentionList['servers'][number];
export type AttentionReason = AttentionServer['reasons'][number];
export type DeliveryList = ResponseOf<'/api/admin/webhooks/deliveries', 'get'>;
export type WebhookDelivery = DeliveryList['deliveries'][number];

export function getAttention(token: Auth, signal?: AbortSignal) {
  return requestJson<AttentionList>('/api/admin/attention', opts(token, signal));
}

export function listDeliveries(status: string, token: Auth, signal?: AbortSignal) {
  return requestJson<DeliveryList>(`/api/admin/webhooks/deliveries?limit=100${status ? `&status=${encodeURIComponent(status)}` : ''}`, opts(token, signal));
}

export function redeliver(id: number, token: Auth) {
  return requestJson<ResponseOf<'/api/admin/webhooks/deliveries/{id}/redeliver', 'post'>>(`/api/admin/webhooks/deliveries/${id}/redeliver`, { method: 'POST', token });
}
