import type { Tx } from '../schema.js';

/** The groups an administrator added each of these people to, by user id. */
export async function listGroupMemberships({ tx, userIds }: { tx: Tx; userIds: readonly string[] }): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!userIds.length) return out;
  const rows = await tx
    .selectFrom('group_members')
    .select(['user_id', 'group_name'])
    .where('user_id', 'in', [...userIds])
    .orderBy('group_name')
    .execute();
  for (const r of rows) {
    const list = out.get(r.user_id);
    if (list) list.push(r.group_name);
    else out.set(r.user_id, [r.group_name]);
  }
  return out;
}
