import type { Updateable } from 'kysely';
import type { Tx, UsersTable } from '../schema.js';

/** Changes some columns of one person; resolves to false when there is no such person. */
export async function updateUser({ tx, id, set }: { tx: Tx; id: string; set: Updateable<UsersTable> }): Promise<boolean> {
  const result = await tx.updateTable('users').set(set).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
