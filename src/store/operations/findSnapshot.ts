import type { Tx } from '../schema.js';
import { snapshotRecordOf, type CapabilitySnapshotRecord } from './capabilitySnapshotRow.js';

/** One stored snapshot by id, parsed. */
export async function findSnapshot({ tx, id }: { tx: Tx; id: number }): Promise<CapabilitySnapshotRecord | undefined> {
  const row = await tx.selectFrom('capability_snapshots').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? snapshotRecordOf(row) : undefined;
}
