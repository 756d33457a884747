import type { Insertable } from 'kysely';
import type { FederationRejectionsTable, Tx } from '../schema.js';

export async function insertFederationRejections({ tx, rows }: { tx: Tx; rows: Insertable<FederationRejectionsTable>[] }): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await tx
      .insertInto('federation_rejections')
      .values(rows.slice(i, i + 200))
      .execute();
  }
}
