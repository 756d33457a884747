import type { SessionsTable, Tx } from '../schema.js';

export async function findSession({ tx, idHash }: { tx: Tx; idHash: string }): Promise<SessionsTable | undefined> {
  const row = await tx.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  if (!row) return undefined;
  return { ...row, created_at: Number(row.created_at), expires_at: Number(row.expires_at), last_seen_at: Number(row.last_seen_at) };
}
