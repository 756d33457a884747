import type { Tx } from '../schema.js';

/** Removes a defined group and the memberships an administrator added to it; resolves to false when there was no such group. */
export async function deleteAccessGroup({ tx, name }: { tx: Tx; name: string }): Promise<boolean> {
  await tx.deleteFrom('group_members').where('group_name', '=', name).execute();
  const result = await tx.deleteFrom('access_groups').where('name', '=', name).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
