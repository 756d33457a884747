import type { Tx } from '../schema.js';
import { versionRowColumns, type VersionRow } from './versionRow.js';

/** Every catalog row of the given names, local and mirrored, deleted included, in one query per 500 names. */
export async function listCatalogRowsOfNames({ tx, names }: { tx: Tx; names: string[] }): Promise<VersionRow[]> {
  const out: VersionRow[] = [];
  for (let i = 0; i < names.length; i += 500) {
    out.push(
      ...(await tx
        .selectFrom('server_versions')
        .select(versionRowColumns)
        .where('name', 'in', names.slice(i, i + 500))
        .execute()),
    );
  }
  return out;
}
