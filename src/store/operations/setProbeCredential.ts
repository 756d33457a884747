import type { Tx } from '../schema.js';

/**
 * Sets the header a probe of this server sends (its value sealed by the caller
 * with src/secretBox.ts), creating the server's inventory row when needed. The
 * pin and drift columns are left as they are.
 */
export async function setProbeCredential({ tx, server, header, sealed, by, at }: { tx: Tx; server: string; header: string; sealed: string; by: string; at: number }): Promise<void> {
  await tx
    .insertInto('inventory_servers')
    .values({ server, probe_header_name: header, probe_header_sealed: sealed, updated_by: by, updated_at: at, drift_action: null, pinned_snapshot_id: null, pinned_by: null, pinned_at: null })
    .onConflict((oc) => oc.column('server').doUpdateSet({ probe_header_name: header, probe_header_sealed: sealed, updated_by: by, updated_at: at }))
    .execute();
}
