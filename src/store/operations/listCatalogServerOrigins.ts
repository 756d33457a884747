import type { Tx } from '../schema.js';

export interface ServerOrigin {
  name: string;
  /** '' for a locally published server, else the federation source it is mirrored from. */
  source: string;
}

/**
 * The servers of the catalog that are not deleted (local and mirrored), each with
 * where it comes from, by name; or only those in `names`.
 */
export async function listCatalogServerOrigins({ tx, names, limit }: { tx: Tx; names?: string[]; limit: number }): Promise<ServerOrigin[]> {
  if (names && names.length === 0) return [];
  let q = tx.selectFrom('server_versions').select(['name', 'origin']).distinct().where('status', '!=', 'deleted');
  if (names) q = q.where('name', 'in', names);
  const rows = await q.orderBy('name').orderBy('origin').limit(limit).execute();
  return rows.map((r) => ({ name: r.name, source: r.origin }));
}
