import type { Tx } from '../schema.js';
import { snapshotSummaryColumns, type CapabilitySnapshotSummary } from './capabilitySnapshotRow.js';

/** A server's snapshots (of one version, or all), newest first, without bodies; `before` pages by id. */
export async function listSnapshots({
  tx,
  server,
  version,
  limit,
  before,
}: {
  tx: Tx;
  server: string;
  version?: string | undefined;
  limit: number;
  before?: number | undefined;
}): Promise<CapabilitySnapshotSummary[]> {
  let q = tx.selectFrom('capability_snapshots').select(snapshotSummaryColumns).where('server', '=', server);
  if (version !== undefined) q = q.where('version', '=', version);
  if (before !== undefined) q = q.where('id', '<', before);
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
