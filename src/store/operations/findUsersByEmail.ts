import type { Tx } from '../schema.js';
import type { UserRow } from './findUser.js';

/** Everyone with this email (case-insensitive); more than one when two providers share an address. */
export async function findUsersByEmail({ tx, email }: { tx: Tx; email: string }): Promise<UserRow[]> {
  return tx
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .orderBy('id')
    .execute();
}
