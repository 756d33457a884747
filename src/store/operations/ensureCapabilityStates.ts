import { sql } from 'kysely';
import type { Tx } from '../schema.js';

/**
 * Gives every latest, active version with a streamable-http or SSE remote a
 * capability state (status `pending`, due at `at`) when it has none, so the
 * scheduler's claim finds it. Returns how many were created. Safe to run on
 * several replicas at once: a conflicting insert does nothing.
 */
export async function ensureCapabilityStates({ tx, at }: { tx: Tx; at: number }): Promise<number> {
  const result = await tx
    .insertInto('capability_states')
    .columns(['server', 'version', 'status', 'next_probe_at'])
    .expression((eb) =>
      eb
        .selectFrom('server_versions as v')
        .select(['v.name', 'v.version', sql.lit('pending').as('status'), sql.val(at).as('next_probe_at')])
        .where('v.is_latest', '=', 1)
        .where('v.status', '=', 'active')
        .where((w) => w.or([w('v.remote_transports', 'like', '% streamable-http %'), w('v.remote_transports', 'like', '% sse %')]))
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('capability_states as s').select('s.server').whereRef('s.server', '=', 'v.name').whereRef('s.version', '=', 'v.version')))),
    )
    .onConflict((oc) => oc.columns(['server', 'version']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}
