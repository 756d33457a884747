/** The admin API calls the console makes: with the session cookie, or with the bootstrap admin token when one is given. */
import { requestJson } from '../api/apiClient.js';

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

export interface SyncResult {
  source: string;
  mode: 'initial' | 'incremental' | 'resumed';
  pages: number;
  fetched: number;
  stored: number;
  rejected: number;
  changed: number;
  durationMs: number;
}

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
