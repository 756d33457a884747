import type { Tx } from '../schema.js';

/**
 * Pins a snapshot for the server (creating its row, keeping its drift action and
 * probe credential), and resolves the server's open drift events as handled by
 * the same person at the same time. Run it in the caller's transaction so the
 * pin and the resolution land together.
 */
export async function pinSnapshot({ tx, server, snapshotId, by, at }: { tx: Tx; server: string; snapshotId: number; by: string; at: number }): Promise<{ resolved: number }> {
  await tx
    .insertInto('inventory_servers')
    .values({ server, drift_action: null, pinned_snapshot_id: snapshotId, pinned_by: by, pinned_at: at, probe_header_name: null, probe_header_sealed: null, updated_by: by, updated_at: at })
    .onConflict((oc) => oc.column('server').doUpdateSet({ pinned_snapshot_id: snapshotId, pinned_by: by, pinned_at: at, updated_by: by, updated_at: at }))
    .execute();
  const result = await tx.updateTable('drift_events').set({ resolved_at: at, resolved_by: by }).where('server', '=', server).where('resolved_at', 'is', null).executeTakeFirst();
  return { resolved: Number(result.numUpdatedRows) };
}
