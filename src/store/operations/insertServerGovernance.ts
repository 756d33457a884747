import type { Insertable } from 'kysely';
import type { ServerGovernanceTable, Tx } from '../schema.js';

/** Creates a server's governance row; false when one exists already (a concurrent first write won). */
export async function insertServerGovernance({ tx, row }: { tx: Tx; row: Insertable<ServerGovernanceTable> }): Promise<boolean> {
  const result = await tx
    .insertInto('server_governance')
    .values(row)
    .onConflict((oc) => oc.column('name').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}
