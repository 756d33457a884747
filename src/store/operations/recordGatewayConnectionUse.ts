import type { Tx } from '../schema.js';

/** Records when and from where a connection was last used. */
export async function recordGatewayConnectionUse({ tx, id, at, from }: { tx: Tx; id: string; at: number; from: string }): Promise<void> {
  await tx.updateTable('gateway_connections').set({ last_used_at: at, last_used_from: from }).where('id', '=', id).execute();
}
