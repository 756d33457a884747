import type { Insertable } from 'kysely';
import type { InstanceKeysTable, Tx } from '../schema.js';

/** Keeps a generated key; resolves to false when another process kept one of that name first. */
export async function insertInstanceKey({ tx, row }: { tx: Tx; row: Insertable<InstanceKeysTable> }): Promise<boolean> {
  const result = await tx
    .insertInto('instance_keys')
    .values(row)
    .onConflict((oc) => oc.column('name').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
