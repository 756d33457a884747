import type { DriftEventsTable } from '../schema.js';

export interface DriftEventRow {
  id: number;
  server: string;
  version: string;
  snapshotId: number;
  pinnedSnapshotId: number;
  via: 'probe' | 'observed';
  detectedAt: number;
  /** JSON: ItemChange[]. */
  changes: string;
  severity: string;
  resolvedAt: number | null;
  resolvedBy: string | null;
}

type Selected = Omit<DriftEventsTable, 'id'> & { id: number | string };

export function driftEventRow(r: Selected): DriftEventRow {
  return {
    id: Number(r.id),
    server: r.server,
    version: r.version,
    snapshotId: Number(r.snapshot_id),
    pinnedSnapshotId: Number(r.pinned_snapshot_id),
    via: r.via,
    detectedAt: Number(r.detected_at),
    changes: r.changes,
    severity: r.severity,
    resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
    resolvedBy: r.resolved_by,
  };
}
