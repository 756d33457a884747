/** The admin API calls the console makes: with the session cookie, or with the bootstrap admin token when one is given. */
import { requestJson } from '../api/apiClient.js';
import type { ResponseOf } from '../api/apiTypes.js';

/** A source with its sync status. */
export type SourceStatus = ResponseOf<'/api/admin/sources', 'get'>['sources'][number];

export type SyncResult = ResponseOf<'/api/admin/sources/{name}/sync', 'post'>;

/** One publish, edit or status change. */
export type RegistryEvent = ResponseOf<'/api/admin/registry-events', 'get'>['events'][number];

export interface EventFilters {
  name?: string;
  action?: string;
  actor?: string;
  since?: string;
}

export function listSources(token: string | undefined, signal?: AbortSignal) {
  return requestJson<{ sources: SourceStatus[] }>('/api/admin/sources', { token, ...(signal ? { signal } : {}) });
}

export function syncSource(token: string | undefined, name: string) {
  return requestJson<SyncResult>(`/api/admin/sources/${encodeURIComponent(name)}/sync`, { token, method: 'POST' });
}

export function eventsQuery(filters: EventFilters, cursor?: string, limit = 50): string {
  const params = new URLSearchParams();
  for (const key of ['name', 'action', 'actor', 'since'] as const) {
    const value = filters[key]?.trim();
    if (value) params.set(key, value);
  }
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return params.toString();
}

export function listEvents(token: string | undefined, query: string, signal?: AbortSignal) {
  return requestJson<{ events: RegistryEvent[]; metadata: { count: number; nextCursor?: string } }>(`/api/admin/registry-events?${query}`, { token, ...(signal ? { signal } : {}) });
}
