/**
 * The federation plane's public shapes: what an administrator configures, what a
 * sync reports, and the plane's operations. `createFederation` (createFederation.ts)
 * implements `Federation`; the HTTP admin API, the CLI and the scheduler only call it.
 */
import type { SourceFilter } from './sourceFilter.js';

export interface SourceInput {
  /** `[a-z0-9][a-z0-9-]{0,62}`; also the value of the list API's `source` filter and of `origin` in provenance. */
  name: string;
  /** Base URL of a registry speaking the official API (`https://registry.modelcontextprotocol.io`, another Toolshed, …). */
  baseUrl: string;
  /** Sent as `Authorization` upstream; encrypted at rest; never returned. */
  authHeader?: string | null;
  /** Seconds between scheduled syncs (0 = only on demand). */
  intervalSeconds?: number;
  filter?: SourceFilter;
  /** Lower wins when two sources carry the same server name (local always wins). */
  precedence?: number;
  enabled?: boolean;
}

export interface SourceCounts {
  /** Versions fetched, stored, rejected and catalog rows changed in the last run. */
  lastRun: { fetched: number; stored: number; rejected: number; changed: number; pages: number };
  /** Versions currently mirrored from this source. */
  mirrored: number;
}

export interface SourceStatus {
  name: string;
  baseUrl: string;
  hasAuthHeader: boolean;
  intervalSeconds: number;
  filter: SourceFilter;
  precedence: number;
  enabled: boolean;
  highWater: string | null;
  /** True when a run was interrupted and the next one resumes from its cursor. */
  resumable: boolean;
  lastStartedAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  counts: SourceCounts;
}

export interface SyncProgress {
  source: string;
  page: number;
  fetched: number;
  stored: number;
  rejected: number;
}

export interface SyncResult {
  source: string;
  mode: 'initial' | 'incremental' | 'resumed';
  pages: number;
  fetched: number;
  stored: number;
  rejected: number;
  /** Catalog rows that changed (a no-change re-sync reports 0). */
  changed: number;
  highWater: string | null;
  durationMs: number;
}

export interface CurationInput {
  /** A source name, or `local` for locally published servers (trust, tags and notes only). */
  source: string;
  /** A server name, or `*` for the whole source. */
  name: string;
  decision?: 'allow' | 'deny' | null;
  pinnedVersion?: string | null;
  hiddenVersions?: string[];
  trust?: string | null;
  tags?: string[];
  notes?: string | null;
}

export interface Rejection {
  id: number;
  source: string;
  name: string | null;
  version: string | null;
  reason: string;
  at: string;
}

export interface Federation {
  addSource(input: SourceInput, actor: string): Promise<SourceStatus>;
  updateSource(name: string, patch: Partial<Omit<SourceInput, 'name'>>, actor: string): Promise<SourceStatus>;
  /** Removes the source, its mirrored versions and their catalog rows. */
  removeSource(name: string, actor: string): Promise<void>;
  listSources(): Promise<SourceStatus[]>;
  getSource(name: string): Promise<SourceStatus>;
  /** Runs one sync of the source (resuming an interrupted one). Concurrent calls for one source share a run. */
  sync(name: string, onProgress?: (p: SyncProgress) => void): Promise<SyncResult>;
  curate(input: CurationInput, actor: string): Promise<void>;
  removeCuration(source: string, name: string, actor: string): Promise<void>;
  listCurations(source?: string): Promise<Array<Required<CurationInput> & { updatedAt: string; updatedBy: string }>>;
  rejections(source: string, limit: number, beforeId?: number): Promise<Rejection[]>;
}
