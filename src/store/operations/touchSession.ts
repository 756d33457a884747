import type { Tx } from '../schema.js';

/** Records that a session was used (its idle timeout restarts). */
export async function touchSession({ tx, idHash, at }: { tx: Tx; idHash: string; at: number }): Promise<void> {
  await tx.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
}
