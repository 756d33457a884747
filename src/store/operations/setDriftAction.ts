import type { Tx } from '../schema.js';

/** Sets (or, with null, clears back to the configured default) the server's drift action. */
export async function setDriftAction({ tx, server, action, by, at }: { tx: Tx; server: string; action: 'warn' | 'hide' | 'block' | null; by: string; at: number }): Promise<void> {
  await tx
    .insertInto('inventory_servers')
    .values({ server, drift_action: action, pinned_snapshot_id: null, pinned_by: null, pinned_at: null, probe_header_name: null, probe_header_sealed: null, updated_by: by, updated_at: at })
    .onConflict((oc) => oc.column('server').doUpdateSet({ drift_action: action, updated_by: by, updated_at: at }))
    .execute();
}
