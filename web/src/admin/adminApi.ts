/** The admin API calls the console makes: with the session cookie, or with the bootstrap admin token when one is given. */
import { requestJson } from '../api/apiClient.js';
import type { ResponseOf } from '../api/apiTypes.js';

// The server's schemas for sources and registry events leave fields optional that it always
// sends; these two stay written here until those schemas say `required`.
export interface SourceStatus {
  name: string;
  baseUrl: string;
  hasAuthHeader: boolean;
  intervalSeconds: number;
  filter: Record<string, string[] | undefined>;
  precedence: number;
  enabled: boolean;
  highWater: string | null;
  resumable: boolean;
  lastStartedAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  counts: {
    lastRun: { fetched: number; stored: number; rejected: number; changed: number; pages: number };
    mirrored: number;
  };
}

export type SyncResult = ResponseOf<'/api/admin/sources/{name}/sync', 'post'>;

export interface RegistryEvent {
  id: number;
  at: string;
  action: 'publish' | 'edit' | 'status';
  name: string;
  version: string;
  actor: { subject: string; method: string };
  oldValue: unknown;
  newValue: unknown;
}

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
