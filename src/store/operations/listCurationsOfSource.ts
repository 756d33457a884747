import type { Tx } from '../schema.js';
import type { CurationRow } from './listCurations.js';

/** Every curation record, or one source's (`''` for local servers), by source then name. */
export async function listCurationsOfSource({ tx, source }: { tx: Tx; source?: string | undefined }): Promise<CurationRow[]> {
  let q = tx.selectFrom('curations').selectAll();
  if (source !== undefined) q = q.where('source', '=', source);
  return q.orderBy('source').orderBy('name').execute();
}
