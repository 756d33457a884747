import type { Tx } from '../schema.js';

/** Removes a server's probe credential; resolves to whether it had one. */
export async function clearProbeCredential({ tx, server, by, at }: { tx: Tx; server: string; by: string; at: number }): Promise<boolean> {
  const result = await tx
    .updateTable('inventory_servers')
    .set({ probe_header_name: null, probe_header_sealed: null, updated_by: by, updated_at: at })
    .where('server', '=', server)
    .where('probe_header_sealed', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
