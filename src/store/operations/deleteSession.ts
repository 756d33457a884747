import type { SessionsTable, Tx } from '../schema.js';

/** Ends a session; resolves to the removed row (for its ID token), or undefined when there was none. */
export async function deleteSession({ tx, idHash }: { tx: Tx; idHash: string }): Promise<SessionsTable | undefined> {
  return tx.deleteFrom('sessions').where('id_hash', '=', idHash).returningAll().executeTakeFirst();
}
