import type { Tx } from '../schema.js';

export interface LatestSnapshotRef {
  server: string;
  /** The snapshot row's id: its body never changes, so callers may keep what they derive from it by id. */
  id: number;
}

/**
 * The current snapshot id of each server's latest, undeleted version, other than
 * `exceptServer`, in one query bounded by `limit` (by server name): what the
 * definition scan compares a new snapshot's tool names with.
 */
export async function listLatestSnapshotIds({ tx, exceptServer, limit }: { tx: Tx; exceptServer: string; limit: number }): Promise<LatestSnapshotRef[]> {
  const rows = await tx
    .selectFrom('server_versions as sv')
    .innerJoin('capability_states as cs', (join) => join.onRef('cs.server', '=', 'sv.name').onRef('cs.version', '=', 'sv.version'))
    .select(['sv.name as server', 'cs.snapshot_id as id'])
    .where('sv.is_latest', '=', 1)
    .where('sv.status', '!=', 'deleted')
    .where('sv.name', '!=', exceptServer)
    .where('cs.snapshot_id', 'is not', null)
    .orderBy('sv.name')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ server: r.server, id: Number(r.id) }));
}
