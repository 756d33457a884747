import type { Tx } from '../schema.js';
import type { DriftEventRow } from './driftEventRow.js';

/** A drift event as first recorded: open, so without its resolution. */
export type NewDriftEvent = Omit<DriftEventRow, 'id' | 'resolvedAt' | 'resolvedBy'>;

/** Records a drift from the pin; returns its id. */
export async function insertDriftEvent({ tx, event }: { tx: Tx; event: NewDriftEvent }): Promise<number> {
  const row = await tx
    .insertInto('drift_events')
    .values({
      server: event.server,
      version: event.version,
      snapshot_id: event.snapshotId,
      pinned_snapshot_id: event.pinnedSnapshotId,
      via: event.via,
      detected_at: event.detectedAt,
      changes: event.changes,
      severity: event.severity,
      resolved_at: null,
      resolved_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
