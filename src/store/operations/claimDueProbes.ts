import type { Db } from '../schema.js';

export interface ClaimedProbe {
  server: string;
  version: string;
}

/**
 * Claims up to `limit` versions whose probe is due (`next_probe_at <= now`) and
 * that are still worth probing (the latest, active version, with a
 * streamable-http or SSE remote), moving each one's `next_probe_at` to `nextAt`
 * (a number, or a function for per-version jitter). Each claim is a
 * compare-and-set on the `next_probe_at` that was read, committed on its own, so
 * replicas sharing a database that read the same due rows never both claim one:
 * the second update finds the value moved and changes nothing. Hence it takes the
 * database, not a transaction.
 */
export async function claimDueProbes({ db, now, limit, nextAt }: { db: Db; now: number; limit: number; nextAt: number | ((probe: ClaimedProbe) => number) }): Promise<ClaimedProbe[]> {
  const due = await db
    .selectFrom('capability_states as s')
    .innerJoin('server_versions as v', (join) => join.onRef('v.name', '=', 's.server').onRef('v.version', '=', 's.version'))
    .select(['s.server', 's.version', 's.next_probe_at'])
    .where('s.next_probe_at', '<=', now)
    .where('v.is_latest', '=', 1)
    .where('v.status', '=', 'active')
    .where((w) => w.or([w('v.remote_transports', 'like', '% streamable-http %'), w('v.remote_transports', 'like', '% sse %')]))
    .orderBy('s.next_probe_at')
    .limit(limit)
    .execute();
  const claimed: ClaimedProbe[] = [];
  for (const row of due) {
    const probe = { server: row.server, version: row.version };
    const next = typeof nextAt === 'function' ? nextAt(probe) : nextAt;
    const result = await db
      .updateTable('capability_states')
      .set({ next_probe_at: next })
      .where('server', '=', row.server)
      .where('version', '=', row.version)
      .where('next_probe_at', '=', row.next_probe_at)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) claimed.push(probe);
  }
  return claimed;
}
