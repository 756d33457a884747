import type { Insertable } from 'kysely';
import type { FederationSourcesTable, Tx } from '../schema.js';

export async function insertFederationSource({ tx, row }: { tx: Tx; row: Insertable<FederationSourcesTable> }): Promise<void> {
  await tx.insertInto('federation_sources').values(row).execute();
}
