import type { Selectable } from 'kysely';
import type { Tx, UsersTable } from '../schema.js';

export type UserRow = Selectable<UsersTable>;

export async function findUser({ tx, id }: { tx: Tx; id: string }): Promise<UserRow | undefined> {
  return tx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}
