import type { Tx } from '../schema.js';
import type { CurationRow } from './listCurations.js';

/** The curation records that can apply to any of `names`: their own and every source-wide (`*`) one. */
export async function listCurationsOfNames({ tx, names }: { tx: Tx; names: string[] }): Promise<CurationRow[]> {
  const out = await tx.selectFrom('curations').selectAll().where('name', '=', '*').execute();
  for (let i = 0; i < names.length; i += 500) {
    out.push(
      ...(await tx
        .selectFrom('curations')
        .selectAll()
        .where('name', 'in', names.slice(i, i + 500))
        .execute()),
    );
  }
  return out;
}
