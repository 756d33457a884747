/**
 * The rows a listing's filter selects (everything but ranked search, whose match
 * and order differ per dialect): shared by the page query and the totals, so a
 * total always counts what the pages show.
 */
import { sql } from 'kysely';
import type { StoreDialect } from '../dialects/storeDialect.js';

export interface ListFilter {
  /** Case-insensitive substring of the name (the official `search`). */
  nameContains?: string;
  /** Ranked full-text search (Toolshed's `q`): see `StoreDialect.searchMatches`. */
  text?: string;
  /** Exclusive lower bound on `updated_at`, in microseconds. */
  updatedAfter?: number;
  /** `latest` selects each server's latest version; anything else is an exact version. */
  version?: string;
  includeDeleted: boolean;
  statuses?: Array<'active' | 'deprecated' | 'deleted'>;
  registryTypes?: string[];
  remoteTransports?: string[];
  /** '' for locally published versions, else federation source names. */
  origins?: string[];
  /** Curated trust levels (provenance `trust`), any of. */
  trusts?: string[];
  /** Curated tags (provenance `tags`), any of. */
  tags?: string[];
  /** Most recently updated first (then name, version), instead of by name. Not with `text`. */
  newestFirst?: boolean;
}

/**
 * `provenance` contains `needle` (case-sensitive, no wildcards). Provenance is the
 * compact JSON.stringify of a flat object whose only array is `tags`, so a JSON-quoted
 * value right after `"trust":`, or between `[`/`,` and `,`/`]`, is that field's value:
 * inside a string a quote is always escaped and cannot start such a match.
 */
function provenanceContains(store: StoreDialect, needle: string) {
  return store.name === 'sqlite' ? sql<boolean>`instr(server_versions.provenance, ${needle}) > 0` : sql<boolean>`strpos(server_versions.provenance, ${needle}) > 0`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function filteredVersions(store: StoreDialect, filter: ListFilter) {
  let q = store.db.selectFrom('server_versions');
  if (filter.nameContains) {
    q = q.where(sql<boolean>`lower(server_versions.name) LIKE ${`%${escapeLike(filter.nameContains.toLowerCase())}%`} ESCAPE '\\'`);
  }
  if (filter.updatedAfter !== undefined) q = q.where('server_versions.updated_at', '>', filter.updatedAfter);
  if (filter.version === 'latest') q = q.where('server_versions.is_latest', '=', 1);
  else if (filter.version !== undefined) q = q.where('server_versions.version', '=', filter.version);
  if (filter.statuses?.length) q = q.where('server_versions.status', 'in', filter.statuses);
  else if (!filter.includeDeleted) q = q.where('server_versions.status', '!=', 'deleted');
  if (filter.registryTypes?.length) {
    const types = filter.registryTypes;
    q = q.where((eb) => eb.or(types.map((t) => eb('server_versions.package_types', 'like', `% ${escapeLike(t)} %`))));
  }
  if (filter.remoteTransports?.length) {
    const transports = filter.remoteTransports;
    q = q.where((eb) => eb.or(transports.map((t) => eb('server_versions.remote_transports', 'like', `% ${escapeLike(t)} %`))));
  }
  if (filter.origins?.length) q = q.where('server_versions.origin', 'in', filter.origins);
  if (filter.trusts?.length) {
    const needles = filter.trusts.map((t) => `"trust":${JSON.stringify(t)}`);
    q = q.where((eb) => eb.or(needles.map((n) => provenanceContains(store, n))));
  }
  if (filter.tags?.length) {
    const needles = filter.tags.flatMap((t) => {
      const v = JSON.stringify(t);
      return [`"tags":[${v},`, `"tags":[${v}]`, `,${v},`, `,${v}]`];
    });
    q = q.where((eb) => eb.or(needles.map((n) => provenanceContains(store, n))));
  }
  return q;
}
