import type { Tx } from '../schema.js';
import { versionRowColumns, type VersionRow } from './versionRow.js';

/** One version by exact version string, or the server's latest when `version` is `latest`. */
export async function findServerVersion({ tx, name, version, includeDeleted }: { tx: Tx; name: string; version: string; includeDeleted: boolean }): Promise<VersionRow | undefined> {
  let q = tx.selectFrom('server_versions').select(versionRowColumns).where('name', '=', name);
  q = version === 'latest' ? q.where('is_latest', '=', 1) : q.where('version', '=', version);
  if (!includeDeleted) q = q.where('status', '!=', 'deleted');
  return q.executeTakeFirst();
}
