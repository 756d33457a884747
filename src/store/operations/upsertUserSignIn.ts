import type { Insertable } from 'kysely';
import type { Tx, UsersTable } from '../schema.js';

/** Inserts a person at their first sign-in, or refreshes what their ID token says at a later one. */
export async function upsertUserSignIn({ tx, user, exists }: { tx: Tx; user: Insertable<UsersTable>; exists: boolean }): Promise<void> {
  if (!exists) {
    await tx.insertInto('users').values(user).execute();
    return;
  }
  await tx
    .updateTable('users')
    .set({
      email: user.email,
      name: user.name,
      claim_groups: user.claim_groups,
      claim_roles: user.claim_roles,
      roles: user.roles,
      last_login_at: user.last_login_at,
    })
    .where('id', '=', user.id)
    .execute();
}
