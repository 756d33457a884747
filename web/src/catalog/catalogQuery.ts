/**
 * The catalog page's state as it lives in the address bar (`?q=…&type=npm,oci&…`)
 * and the list API query it stands for. Pure, so a shared link, the back button and
 * the request the page sends always agree; unit-tested beside this file.
 */

export const PACKAGE_TYPES = ['npm', 'pypi', 'oci', 'nuget', 'mcpb'] as const;
export const TRANSPORTS = ['streamable-http', 'sse'] as const;
export const STATUSES = ['active', 'deprecated', 'deleted'] as const;
/** The trust levels a reviewer sets (src/schemas/governance.ts). */
export const TRUST_LEVELS = ['verified', 'internal', 'community', 'experimental', 'blocked'] as const;
export type Status = (typeof STATUSES)[number];

export interface CatalogFilters {
  /** Ranked full-text search (the API's `q`); empty lists by name. */
  q: string;
  packageTypes: string[];
  transports: string[];
  /** Empty means the API default: active and deprecated. */
  statuses: Status[];
  /** `local` or federation source names. */
  sources: string[];
  /** Trust levels in force (a reviewer's, else the curated default). */
  trusts: string[];
  /** Curated tags (exact). */
  tags: string[];
  /** The order when not searching (a search is ordered by relevance). */
  sort: Sort;
}

export const SORTS = ['name', 'updated'] as const;
export type Sort = (typeof SORTS)[number];

export const EMPTY_FILTERS: CatalogFilters = { q: '', packageTypes: [], transports: [], statuses: [], sources: [], trusts: [], tags: [], sort: 'name' };

/** Items per request: big enough to fill a screen, small enough to answer fast. */
export const PAGE_SIZE = 50;

function list(params: URLSearchParams, key: string): string[] {
  const value = params.get(key);
  if (!value) return [];
  return [
    ...new Set(
      value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
}

export function filtersFromParams(params: URLSearchParams): CatalogFilters {
  return {
    q: params.get('q') ?? '',
    packageTypes: list(params, 'type'),
    transports: list(params, 'transport').filter((t) => (TRANSPORTS as readonly string[]).includes(t)),
    statuses: list(params, 'status').filter((s): s is Status => (STATUSES as readonly string[]).includes(s)),
    sources: list(params, 'source').map((s) => s.toLowerCase()),
    trusts: list(params, 'trust'),
    tags: list(params, 'tag'),
    sort: params.get('sort') === 'updated' ? 'updated' : 'name',
  };
}

/** The address bar form: only what differs from the defaults, in a stable order. */
export function paramsFromFilters(filters: CatalogFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.packageTypes.length) params.set('type', filters.packageTypes.join(','));
  if (filters.transports.length) params.set('transport', filters.transports.join(','));
  if (filters.statuses.length) params.set('status', filters.statuses.join(','));
  if (filters.sources.length) params.set('source', filters.sources.join(','));
  if (filters.trusts.length) params.set('trust', filters.trusts.join(','));
  if (filters.tags.length) params.set('tag', filters.tags.join(','));
  if (filters.sort !== 'name') params.set('sort', filters.sort);
  return params;
}

/**
 * The `/v0.1/servers` query for one page: each server's latest version, the
 * Toolshed filter extensions, `q` trimmed (a blank search lists by name), and on
 * the first page the total of the whole list.
 */
export function listQuery(filters: CatalogFilters, cursor?: string, limit = PAGE_SIZE): string {
  const params = new URLSearchParams();
  params.set('version', 'latest');
  params.set('limit', String(limit));
  const q = filters.q.trim();
  if (q) params.set('q', q);
  if (filters.packageTypes.length) params.set('registry_type', filters.packageTypes.join(','));
  if (filters.transports.length) params.set('remote_transport', filters.transports.join(','));
  if (filters.statuses.length) params.set('status', filters.statuses.join(','));
  if (filters.sources.length) params.set('source', filters.sources.join(','));
  if (filters.trusts.length) params.set('trust', filters.trusts.join(','));
  if (filters.tags.length) params.set('tag', filters.tags.join(','));
  // The API orders a search by relevance and refuses another order with it.
  if (!q && filters.sort !== 'name') params.set('sort', filters.sort);
  if (cursor) params.set('cursor', cursor);
  // The first page asks how many the whole list holds; later pages do not need it again.
  else params.set('include_total', 'true');
  return params.toString();
}

/** How the results are ordered, in words: the API ranks a search and lists by name otherwise. */
export function orderOf(filters: CatalogFilters): 'relevance' | Sort {
  return filters.q.trim() ? 'relevance' : filters.sort;
}

/** "a, b,,c " → ["a", "b", "c"]: what a comma-separated filter box means. */
export function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

export function toggle<T>(values: T[], value: T): T[] {
  return values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
}
