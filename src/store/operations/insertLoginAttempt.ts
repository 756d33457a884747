import type { LoginAttemptsTable, Tx } from '../schema.js';

/** An in-flight sign-in, keyed by the hash of its OAuth `state` (any replica can finish it). */
export async function insertLoginAttempt({ tx, attempt }: { tx: Tx; attempt: LoginAttemptsTable }): Promise<void> {
  await tx.insertInto('login_attempts').values(attempt).execute();
}
