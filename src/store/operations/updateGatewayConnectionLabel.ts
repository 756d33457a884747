import type { Tx } from '../schema.js';

/** Renames an active connection; resolves to false when there is none with this id. */
export async function updateGatewayConnectionLabel({ tx, id, label }: { tx: Tx; id: string; label: string }): Promise<boolean> {
  const result = await tx.updateTable('gateway_connections').set({ label }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
