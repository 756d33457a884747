import type { Selectable } from 'kysely';
import type { CurationsTable, Tx } from '../schema.js';

export type CurationRow = Selectable<CurationsTable>;

/** The curation records that can apply to `name`: its own (per source) and every source-wide one. */
export async function listCurations({ tx, name }: { tx: Tx; name: string }): Promise<CurationRow[]> {
  return tx.selectFrom('curations').selectAll().where('name', 'in', [name, '*']).execute();
}
