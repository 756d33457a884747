import type { Tx } from '../schema.js';

/** Forgets sign-ins started before `before` that were never finished. */
export async function deleteStaleLoginAttempts({ tx, before }: { tx: Tx; before: number }): Promise<number> {
  const result = await tx.deleteFrom('login_attempts').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
