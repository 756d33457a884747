import type { SessionsTable, Tx } from '../schema.js';

/** A new browser session; only the hash of its cookie value is stored. */
export async function insertSession({ tx, session }: { tx: Tx; session: SessionsTable }): Promise<void> {
  await tx.insertInto('sessions').values(session).execute();
}
