import type { Selectable } from 'kysely';
import type { AccessGroupsTable, Tx } from '../schema.js';

export type AccessGroupRow = Selectable<AccessGroupsTable>;

/** Every defined group, by name, with how many people an administrator added to it. */
export async function listAccessGroups({ tx }: { tx: Tx }): Promise<Array<AccessGroupRow & { members: number }>> {
  const rows = await tx
    .selectFrom('access_groups as g')
    .leftJoin('group_members as m', 'm.group_name', 'g.name')
    .select(['g.name', 'g.description', 'g.created_at', 'g.created_by'])
    .select((eb) => eb.fn.count<number | string>('m.user_id').as('members'))
    .groupBy(['g.name', 'g.description', 'g.created_at', 'g.created_by'])
    .orderBy('g.name')
    .execute();
  return rows.map((r) => ({ ...r, members: Number(r.members) }));
}
