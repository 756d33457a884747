import type { LoginAttemptsTable, Tx } from '../schema.js';

/**
 * Removes and returns the in-flight sign-in with this state hash, in one
 * statement, so a replayed or concurrent callback finds nothing. Undefined when
 * there is none, or when it started before `notBefore` (expired: removed anyway).
 */
export async function takeLoginAttempt({ tx, stateHash, notBefore }: { tx: Tx; stateHash: string; notBefore: number }): Promise<LoginAttemptsTable | undefined> {
  const row = await tx.deleteFrom('login_attempts').where('state_hash', '=', stateHash).returningAll().executeTakeFirst();
  if (!row || Number(row.created_at) < notBefore) return undefined;
  return { ...row, created_at: Number(row.created_at) };
}
