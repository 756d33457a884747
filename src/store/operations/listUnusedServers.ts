import { sql } from 'kysely';
import type { Tx } from '../schema.js';

export interface UnusedServerRow {
  name: string;
  /** The last gateway call to it (µs), or null when none is on record. */
  lastUsedAt: number | null;
  /** Its first version's publication (µs). */
  since: number;
}

/**
 * Servers in the catalog (any version not deleted) with no gateway call since
 * `cutoff`, counting a server first published after `cutoff` as in use. The last
 * call is one seek of the `gateway_calls (server, id)` index per server, never a
 * scan of the calls.
 */
export async function listUnusedServers({ tx, cutoff, limit }: { tx: Tx; cutoff: number; limit: number }): Promise<UnusedServerRow[]> {
  const rows = await tx
    .selectFrom((eb) =>
      eb
        .selectFrom('server_versions as sv')
        .where('sv.status', '<>', 'deleted')
        .groupBy('sv.name')
        .select((inner) => [
          'sv.name as name',
          inner.fn.min('sv.published_at').as('since'),
          sql<number | string | null>`(SELECT gc.at FROM gateway_calls gc WHERE gc.server = sv.name ORDER BY gc.id DESC LIMIT 1)`.as('last_used_at'),
        ])
        .as('s'),
    )
    .selectAll()
    .where((eb) => eb(eb.fn.coalesce('s.last_used_at', 's.since'), '<', cutoff))
    .orderBy('s.name')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ name: r.name, lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at), since: Number(r.since) }));
}
