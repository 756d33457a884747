import type { Tx } from '../schema.js';
import { parseGroups } from './listKnownGroupNames.js';

export interface UserPrincipalRow {
  id: string;
  email: string | null;
  /** Groups mapped at the last sign-in plus the memberships an administrator added. */
  groups: string[];
}

/**
 * People with their effective groups, for explaining and simulating access
 * decisions: one person by id or email (`match`), or every enabled person (up
 * to `limit`, ordered by id).
 */
export async function listUserPrincipals({ tx, match, limit }: { tx: Tx; match?: string; limit: number }): Promise<UserPrincipalRow[]> {
  let q = tx.selectFrom('users').select(['id', 'email', 'claim_groups']);
  q = match !== undefined ? q.where((eb) => eb.or([eb('id', '=', match), eb('email', '=', match)])) : q.where('disabled', '=', 0);
  const users = await q.orderBy('id').limit(limit).execute();
  if (users.length === 0) return [];
  const members = new Map<string, string[]>();
  const ids = users.map((u) => u.id);
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await tx
      .selectFrom('group_members')
      .select(['user_id', 'group_name'])
      .where('user_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      const list = members.get(r.user_id);
      if (list) list.push(r.group_name);
      else members.set(r.user_id, [r.group_name]);
    }
  }
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    groups: [...new Set([...parseGroups(u.claim_groups), ...(members.get(u.id) ?? [])])].sort(),
  }));
}
