import type { Selectable } from 'kysely';
import type { ScanFinding, Snapshot } from '../../schemas/capabilitySnapshot.js';
import type { CapabilitySnapshotsTable } from '../schema.js';

/** A snapshot row without its body (history lists). */
export type CapabilitySnapshotSummary = Omit<Selectable<CapabilitySnapshotsTable>, 'body' | 'findings'>;

/** A snapshot row with its body and findings parsed. */
export interface CapabilitySnapshotRecord extends CapabilitySnapshotSummary {
  snapshot: Snapshot;
  findings: ScanFinding[];
}

export const snapshotSummaryColumns = ['id', 'server', 'version', 'hash', 'source', 'protocol_version', 'era', 'tool_count', 'first_seen_at', 'last_seen_at'] as const;

/** Parses a row's JSON columns; the store wrote them, so their shape is the store's own. */
export function snapshotRecordOf(row: Selectable<CapabilitySnapshotsTable>): CapabilitySnapshotRecord {
  const { body, findings, ...summary } = row;
  return { ...summary, id: Number(summary.id), snapshot: JSON.parse(body) as Snapshot, findings: JSON.parse(findings) as ScanFinding[] };
}
