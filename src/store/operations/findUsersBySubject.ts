import type { Tx } from '../schema.js';
import type { UserRow } from './findUser.js';

/** Everyone an IdP knows as `subject` (exact, as subjects are case-sensitive); more than one when two issuers use the same subject. */
export async function findUsersBySubject({ tx, subject }: { tx: Tx; subject: string }): Promise<UserRow[]> {
  return tx.selectFrom('users').selectAll().where('subject', '=', subject).orderBy('id').execute();
}
