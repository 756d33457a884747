import type { Insertable } from 'kysely';
import type { AccessGroupsTable, Tx } from '../schema.js';

/** Defines a group; resolves to false when one of that name exists. */
export async function insertAccessGroup({ tx, row }: { tx: Tx; row: Insertable<AccessGroupsTable> }): Promise<boolean> {
  const result = await tx
    .insertInto('access_groups')
    .values(row)
    .onConflict((oc) => oc.column('name').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
