import type { Selectable } from 'kysely';
import type { FederationRejectionsTable, Tx } from '../schema.js';

/** A source's rejected upstream documents, newest first, paged by id. */
export async function listFederationRejections({
  tx,
  source,
  limit,
  beforeId,
}: {
  tx: Tx;
  source: string;
  limit: number;
  beforeId?: number | undefined;
}): Promise<Selectable<FederationRejectionsTable>[]> {
  let q = tx.selectFrom('federation_rejections').selectAll().where('source', '=', source);
  if (beforeId !== undefined) q = q.where('id', '<', beforeId);
  return q.orderBy('id', 'desc').limit(limit).execute();
}
