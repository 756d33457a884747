import type { Tx } from '../schema.js';

export interface PinRow {
  server: string;
  driftAction: 'warn' | 'hide' | 'block' | null;
  pinnedSnapshotId: number | null;
  /** The pinned snapshot's body (JSON of a Snapshot); null without a pin. */
  pinnedBody: string | null;
  /** The changes (JSON of ItemChange[]) of each of the server's open drift events, oldest first. */
  openChanges: string[];
}

/**
 * Every server with a pin or an action, with its pinned snapshot and the
 * changes of its open drift events: what the capability guard holds in memory.
 */
export async function listPins({ tx, server }: { tx: Tx; server?: string }): Promise<PinRow[]> {
  let q = tx
    .selectFrom('inventory_servers')
    .leftJoin('capability_snapshots', 'capability_snapshots.id', 'inventory_servers.pinned_snapshot_id')
    .select(['inventory_servers.server', 'inventory_servers.drift_action', 'inventory_servers.pinned_snapshot_id', 'capability_snapshots.body'])
    .where((eb) => eb.or([eb('inventory_servers.pinned_snapshot_id', 'is not', null), eb('inventory_servers.drift_action', 'is not', null)]));
  if (server !== undefined) q = q.where('inventory_servers.server', '=', server);
  const rows = await q.execute();
  let eq = tx.selectFrom('drift_events').select(['server', 'changes']).where('resolved_at', 'is', null).orderBy('id');
  if (server !== undefined) eq = eq.where('server', '=', server);
  const open = await eq.execute();
  const changes = new Map<string, string[]>();
  for (const e of open) changes.set(e.server, [...(changes.get(e.server) ?? []), e.changes]);
  return rows.map((r) => ({
    server: r.server,
    driftAction: r.drift_action,
    pinnedSnapshotId: r.pinned_snapshot_id === null ? null : Number(r.pinned_snapshot_id),
    pinnedBody: r.body ?? null,
    openChanges: changes.get(r.server) ?? [],
  }));
}
