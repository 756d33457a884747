import type { Insertable } from 'kysely';
import type { Tx, UsersTable } from '../schema.js';

/** Adds a person; resolves to false when (issuer, subject) is already there (a concurrent first sign-in). */
export async function insertUser({ tx, row }: { tx: Tx; row: Insertable<UsersTable> }): Promise<boolean> {
  const result = await tx
    .insertInto('users')
    .values(row)
    .onConflict((oc) => oc.columns(['issuer', 'subject']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
