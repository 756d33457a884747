import { sql } from 'kysely';
import type { StoreDialect } from '../dialects/storeDialect.js';
import { versionRowColumns, type VersionRow } from './versionRow.js';

export interface ListFilter {
  /** Case-insensitive substring of the name (the official `search`). */
  nameContains?: string;
  /** Ranked full-text search over name, title and description (Toolshed's `q`). */
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

export type ListPosition =
  /** Keyset: rows after (name, version), or after `name` alone when version is undefined. */
  | { kind: 'after'; name: string; version?: string }
  /** Ranked results have no stable key; they page by offset. */
  | { kind: 'offset'; offset: number }
  /** Keyset for `newestFirst`: rows after (updated_at desc, name, version). */
  | { kind: 'updatedBefore'; updatedAt: number; name: string; version: string };

/**
 * `provenance` contains `needle` (case-sensitive, no wildcards). Provenance is the
 * compact JSON.stringify of a flat object whose only array is `tags`, so a JSON-quoted
 * value right after `"trust":`, or between `[`/`,` and `,`/`]`, is that field's value:
 * inside a string a quote is always escaped and cannot start such a match.
 */
function provenanceContains(store: StoreDialect, needle: string) {
  return store.name === 'sqlite'
    ? sql<boolean>`instr(server_versions.provenance, ${needle}) > 0`
    : sql<boolean>`strpos(server_versions.provenance, ${needle}) > 0`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * One page of server versions in the official order (name, then version, both in
 * byte order), or by relevance when `filter.text` is set.
 */
export async function listServerVersions({
  store,
  filter,
  position,
  limit,
}: {
  store: StoreDialect;
  filter: ListFilter;
  position?: ListPosition;
  limit: number;
}): Promise<VersionRow[]> {
  let q = store.db.selectFrom('server_versions').select(versionRowColumns.map((c) => `server_versions.${c}` as const));
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
    q = q.where((eb) =>
      eb.or(transports.map((t) => eb('server_versions.remote_transports', 'like', `% ${escapeLike(t)} %`))),
    );
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
  if (filter.text !== undefined) {
    q = store.rankedSearch(q as never, filter.text) as unknown as typeof q;
    q = q.orderBy('server_versions.name').orderBy('server_versions.version');
    if (position?.kind === 'offset') q = q.offset(position.offset);
  } else if (filter.newestFirst) {
    if (position?.kind === 'updatedBefore') {
      const { updatedAt, name, version } = position;
      q = q.where(
        sql<boolean>`(server_versions.updated_at < ${updatedAt} OR (server_versions.updated_at = ${updatedAt} AND (server_versions.name, server_versions.version) > (${name}, ${version})))`,
      );
    }
    q = q.orderBy('server_versions.updated_at', 'desc').orderBy('server_versions.name').orderBy('server_versions.version');
  } else {
    if (position?.kind === 'after') {
      q =
        position.version === undefined
          ? q.where('server_versions.name', '>', position.name)
          : q.where(sql<boolean>`(server_versions.name, server_versions.version) > (${position.name}, ${position.version})`);
    }
    q = q.orderBy('server_versions.name').orderBy('server_versions.version');
  }
  return (await q.limit(limit).execute()) as VersionRow[];
}
