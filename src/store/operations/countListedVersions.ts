import type { StoreDialect } from '../dialects/storeDialect.js';
import { filteredVersions, type ListFilter } from './filteredVersions.js';

/** How many versions a listing's filter selects over all its pages: one count query. */
export async function countListedVersions({ store, filter }: { store: StoreDialect; filter: ListFilter }): Promise<number> {
  let q = filteredVersions(store, filter);
  if (filter.text !== undefined) q = store.searchMatches(q, filter.text);
  const row = await q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
