import type { Tx } from '../schema.js';

export interface BlockedServerRow {
  name: string;
  /** Set while a moderator's block holds. */
  blockedAt: number | null;
  blockedBy: string | null;
  blockReason: string | null;
  /** True when the server's trust level is `blocked`. */
  trustBlocked: boolean;
}

/**
 * Servers the gateway refuses: a moderator's block, or trust `blocked`. With
 * `names`, only those (a reload after a change); otherwise all of them.
 */
export async function listBlockedServers({ tx, names }: { tx: Tx; names?: readonly string[] }): Promise<BlockedServerRow[]> {
  if (names !== undefined && names.length === 0) return [];
  let q = tx
    .selectFrom('server_governance')
    .select(['name', 'blocked_at', 'blocked_by', 'block_reason', 'trust'])
    .where((eb) => eb.or([eb('blocked_at', 'is not', null), eb('trust', '=', 'blocked')]));
  if (names !== undefined) q = q.where('name', 'in', [...names]);
  const rows = await q.execute();
  return rows.map((r) => ({
    name: r.name,
    blockedAt: r.blocked_at === null ? null : Number(r.blocked_at),
    blockedBy: r.blocked_by,
    blockReason: r.block_reason,
    trustBlocked: r.trust === 'blocked',
  }));
}
