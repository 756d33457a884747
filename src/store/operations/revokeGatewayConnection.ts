import type { Tx } from '../schema.js';

/** Marks a connection revoked; resolves to false when it does not exist or already was. */
export async function revokeGatewayConnection({ tx, id, at, by }: { tx: Tx; id: string; at: number; by: string }): Promise<boolean> {
  const result = await tx.updateTable('gateway_connections').set({ revoked_at: at, revoked_by: by }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
