import type { Tx } from '../schema.js';

/** Removes a person from a group; resolves to false when they were not a member. */
export async function deleteGroupMember({ tx, groupName, userId }: { tx: Tx; groupName: string; userId: string }): Promise<boolean> {
  const result = await tx.deleteFrom('group_members').where('group_name', '=', groupName).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
