import type { Selectable } from 'kysely';
import type { MirroredVersionsTable, Tx } from '../schema.js';

export type MirroredVersionRow = Selectable<MirroredVersionsTable>;

/** Every mirrored version of one server name, from every source. */
export async function listMirroredVersions({ tx, name }: { tx: Tx; name: string }): Promise<MirroredVersionRow[]> {
  return tx.selectFrom('mirrored_versions').selectAll().where('name', '=', name).execute();
}
