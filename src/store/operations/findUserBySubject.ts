import type { Tx } from '../schema.js';
import type { UserRow } from './findUser.js';

/** The person an IdP knows as `subject`: issuer and subject together identify them across sign-ins. */
export async function findUserBySubject({ tx, issuer, subject }: { tx: Tx; issuer: string; subject: string }): Promise<UserRow | undefined> {
  return tx.selectFrom('users').selectAll().where('issuer', '=', issuer).where('subject', '=', subject).executeTakeFirst();
}
