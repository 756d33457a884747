import { sql } from 'kysely';
import type { StoreDialect } from '../dialects/storeDialect.js';
import { filteredVersions, type ListFilter } from './filteredVersions.js';
import { versionRowColumns, type VersionRow } from './versionRow.js';

export type ListPosition =
  /** Keyset: rows after (name, version), or after `name` alone when version is undefined. */
  | { kind: 'after'; name: string; version?: string }
  /** Ranked results have no stable key; they page by offset. */
  | { kind: 'offset'; offset: number }
  /** Keyset for `newestFirst`: rows after (updated_at desc, name, version). */
  | { kind: 'updatedBefore'; updatedAt: number; name: string; version: string };

/**
 * One page of server versions in the official order (name, then version, both in
 * byte order), or by relevance when `filter.text` is set.
 */
export async function listServerVersions({ store, filter, position, limit }: { store: StoreDialect; filter: ListFilter; position?: ListPosition; limit: number }): Promise<VersionRow[]> {
  let q = filteredVersions(store, filter).select(versionRowColumns.map((c) => `server_versions.${c}` as const));
  if (filter.text !== undefined) {
    q = store.rankedSearch(q as never, filter.text) as unknown as typeof q;
    q = q.orderBy('server_versions.name').orderBy('server_versions.version');
    if (position?.kind === 'offset') q = q.offset(position.offset);
  } else if (filter.newestFirst) {
    if (position?.kind === 'updatedBefore') {
      const { updatedAt, name, version } = position;
      q = q.where(sql<boolean>`(server_versions.updated_at < ${updatedAt} OR (server_versions.updated_at = ${updatedAt} AND (server_versions.name, server_versions.version) > (${name}, ${version})))`);
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
