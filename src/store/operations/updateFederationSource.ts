import type { Updateable } from 'kysely';
import type { FederationSourcesTable, Tx } from '../schema.js';

/** Changes some columns of one source; resolves to false when the source does not exist (any more). */
export async function updateFederationSource({ tx, name, set }: { tx: Tx; name: string; set: Updateable<FederationSourcesTable> }): Promise<boolean> {
  const result = await tx.updateTable('federation_sources').set(set).where('name', '=', name).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
