import type { Insertable } from 'kysely';
import type { GroupMembersTable, Tx } from '../schema.js';

/** Adds a person to a group; resolves to false when they already were a member. */
export async function insertGroupMember({ tx, row }: { tx: Tx; row: Insertable<GroupMembersTable> }): Promise<boolean> {
  const result = await tx
    .insertInto('group_members')
    .values(row)
    .onConflict((oc) => oc.columns(['group_name', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
