import type { Tx } from '../schema.js';
import { versionRowColumns, type VersionRow } from './versionRow.js';

/** Every catalog row of one name, local and mirrored, deleted included. */
export async function listCatalogRowsOfName({ tx, name }: { tx: Tx; name: string }): Promise<VersionRow[]> {
  return tx.selectFrom('server_versions').select(versionRowColumns).where('name', '=', name).execute();
}
