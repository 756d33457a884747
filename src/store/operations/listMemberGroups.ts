import type { Tx } from '../schema.js';

/** The Toolshed groups an administrator added this person to. */
export async function listMemberGroups({ tx, userId }: { tx: Tx; userId: string }): Promise<string[]> {
  const rows = await tx.selectFrom('group_members').select('group_name').where('user_id', '=', userId).orderBy('group_name').execute();
  return rows.map((r) => r.group_name);
}
