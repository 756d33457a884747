import type { Tx } from '../schema.js';

/** Removes sessions past their absolute expiry or idle longer than allowed. */
export async function deleteExpiredSessions({ tx, now, idleBefore }: { tx: Tx; now: number; idleBefore: number }): Promise<number> {
  const result = await tx
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleBefore)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
