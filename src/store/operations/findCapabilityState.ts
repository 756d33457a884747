import type { Selectable } from 'kysely';
import type { CapabilityStatesTable, Tx } from '../schema.js';

export type CapabilityStateRow = Selectable<CapabilityStatesTable>;

/** A version's probe state and current snapshot id. */
export async function findCapabilityState({ tx, server, version }: { tx: Tx; server: string; version: string }): Promise<CapabilityStateRow | undefined> {
  const row = await tx.selectFrom('capability_states').selectAll().where('server', '=', server).where('version', '=', version).executeTakeFirst();
  return row ? { ...row, snapshot_id: row.snapshot_id === null ? null : Number(row.snapshot_id) } : undefined;
}
