import type { StoreDialect } from '../dialects/storeDialect.js';
import { filteredVersions, type ListFilter } from './filteredVersions.js';

export interface ListedServerTally {
  name: string;
  origin: string;
  versions: number;
}

/**
 * How many versions a listing's filter selects, per server and origin: what a
 * private catalog's total needs, since visibility is decided per server in memory.
 */
export async function tallyListedVersions({ store, filter }: { store: StoreDialect; filter: ListFilter }): Promise<ListedServerTally[]> {
  let q = filteredVersions(store, filter);
  if (filter.text !== undefined) q = store.searchMatches(q, filter.text);
  const rows = await q
    .select((eb) => ['server_versions.name', 'server_versions.origin', eb.fn.countAll<number | string>().as('versions')])
    .groupBy(['server_versions.name', 'server_versions.origin'])
    .execute();
  return rows.map((r) => ({ name: r.name, origin: r.origin, versions: Number(r.versions) }));
}
