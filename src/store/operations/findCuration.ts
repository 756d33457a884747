import type { Tx } from '../schema.js';
import type { CurationRow } from './listCurations.js';

export async function findCuration({ tx, source, name }: { tx: Tx; source: string; name: string }): Promise<CurationRow | undefined> {
  return tx.selectFrom('curations').selectAll().where('source', '=', source).where('name', '=', name).executeTakeFirst();
}
