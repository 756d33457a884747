import type { Tx } from '../schema.js';

/** The fields of a version's state a write may set; a field left undefined keeps its value (or its default on insert). */
export interface CapabilityStatePatch {
  status?: 'pending' | 'ok' | 'failed' | 'personal';
  lastProbeAt?: number | null;
  failureKind?: string | null;
  failureMessage?: string | null;
  nextProbeAt?: number;
}

/**
 * Creates or updates a version's probe state. On insert, `status` defaults to
 * `pending` and `nextProbeAt` to `at` (due now). The snapshot pointer and tool
 * search text belong to `recordSnapshot` and are never written here.
 */
export async function upsertCapabilityState({ tx, server, version, patch, at }: { tx: Tx; server: string; version: string; patch: CapabilityStatePatch; at: number }): Promise<void> {
  const set = {
    ...(patch.status !== undefined && { status: patch.status }),
    ...(patch.lastProbeAt !== undefined && { last_probe_at: patch.lastProbeAt }),
    ...(patch.failureKind !== undefined && { failure_kind: patch.failureKind }),
    ...(patch.failureMessage !== undefined && { failure_message: patch.failureMessage }),
    ...(patch.nextProbeAt !== undefined && { next_probe_at: patch.nextProbeAt }),
  };
  const insert = tx.insertInto('capability_states').values({
    server,
    version,
    snapshot_id: null,
    status: patch.status ?? 'pending',
    last_probe_at: patch.lastProbeAt ?? null,
    failure_kind: patch.failureKind ?? null,
    failure_message: patch.failureMessage ?? null,
    next_probe_at: patch.nextProbeAt ?? at,
  });
  await (
    Object.keys(set).length === 0 ? insert.onConflict((oc) => oc.columns(['server', 'version']).doNothing()) : insert.onConflict((oc) => oc.columns(['server', 'version']).doUpdateSet(set))
  ).execute();
}
