import type { Tx } from '../schema.js';
import { snapshotRecordOf, type CapabilitySnapshotRecord } from './capabilitySnapshotRow.js';

/** The version's current snapshot (the one its capability state points at), parsed. */
export async function findCurrentSnapshot({ tx, server, version }: { tx: Tx; server: string; version: string }): Promise<CapabilitySnapshotRecord | undefined> {
  const row = await tx
    .selectFrom('capability_states')
    .innerJoin('capability_snapshots', 'capability_snapshots.id', 'capability_states.snapshot_id')
    .selectAll('capability_snapshots')
    .where('capability_states.server', '=', server)
    .where('capability_states.version', '=', version)
    .executeTakeFirst();
  return row ? snapshotRecordOf(row) : undefined;
}
