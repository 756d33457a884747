import type { Tx } from '../schema.js';
import { versionRowColumns, type VersionRow } from './versionRow.js';

/** Every version of one server, newest publication first (the official order). */
export async function listVersionsOfServer({ tx, name, includeDeleted }: { tx: Tx; name: string; includeDeleted: boolean }): Promise<VersionRow[]> {
  let q = tx.selectFrom('server_versions').select(versionRowColumns).where('name', '=', name);
  if (!includeDeleted) q = q.where('status', '!=', 'deleted');
  return q.orderBy('published_at', 'desc').orderBy('version', 'asc').execute();
}
