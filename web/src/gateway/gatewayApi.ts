/** The gateway audit calls the console makes: one page of calls, the JSON Lines export address, and usage over a window. */
import { requestJson } from '../api/apiClient.js';
import type { ResponseOf } from '../api/apiTypes.js';
import { dayBound } from '../ui/dayBound.js';

export const OUTCOMES = ['ok', 'error', 'denied', 'rate_limited', 'timeout', 'disconnected'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** One relayed, refused or failed MCP request. */
export type GatewayCall = ResponseOf<'/api/admin/gateway/calls', 'get'>['calls'][number];

export type GatewayUsage = ResponseOf<'/api/admin/gateway/usage', 'get'>;

/** The filters as the address bar holds them: dates are `YYYY-MM-DD` (UTC days). */
export interface CallFilters {
  user?: string;
  server?: string;
  tool?: string;
  outcome?: string;
  since?: string;
  until?: string;
}

/** The API query for these filters (no limit or cursor): the same for a page and for the export. */
export function callsQuery(filters: CallFilters): string {
  const params = new URLSearchParams();
  for (const key of ['user', 'server', 'tool', 'outcome'] as const) {
    const value = filters[key]?.trim();
    if (value) params.set(key, value);
  }
  const since = dayBound(filters.since, false);
  const until = dayBound(filters.until, true);
  if (since) params.set('since', since);
  if (until) params.set('until', until);
  return params.toString();
}

export function usageQuery(filters: Pick<CallFilters, 'server' | 'since' | 'until'>): string {
  const params = new URLSearchParams();
  const server = filters.server?.trim();
  if (server) params.set('server', server);
  const since = dayBound(filters.since, false);
  const until = dayBound(filters.until, true);
  if (since) params.set('since', since);
  if (until) params.set('until', until);
  return params.toString();
}

export function listCalls(token: string | undefined, query: string, signal?: AbortSignal) {
  return requestJson<{ calls: GatewayCall[]; metadata: { count: number; nextCursor?: string } }>(`/api/admin/gateway/calls?${query}`, { token, ...(signal ? { signal } : {}) });
}

export const exportPath = (query: string) => `/api/admin/gateway/calls.jsonl${query ? `?${query}` : ''}`;

export function getUsage(token: string | undefined, query: string, signal?: AbortSignal) {
  return requestJson<GatewayUsage>(`/api/admin/gateway/usage${query ? `?${query}` : ''}`, { token, ...(signal ? { signal } : {}) });
}
