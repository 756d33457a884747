import { sql } from 'kysely';
import type { Tx } from '../schema.js';

export interface FailingHealthRow {
  name: string;
  version: string;
  /** The first failed probe after the last successful one (µs). */
  failingSince: number;
  lastSuccessAt: number | null;
  failureKind: string | null;
  failureMessage: string | null;
}

/**
 * Latest versions whose probes have failed without a success since `cutoff` or
 * earlier: the current probe status is `failed`, and the first failure after the
 * last success is at or before `cutoff`. Both are seeks of the
 * `probe_results (server, version, up, at)` index.
 */
export async function listFailingHealth({ tx, cutoff, limit }: { tx: Tx; cutoff: number; limit: number }): Promise<FailingHealthRow[]> {
  const lastOk = sql`(SELECT MAX(ok.at) FROM probe_results ok WHERE ok.server = cs.server AND ok.version = cs.version AND ok.up = 1)`;
  const rows = await tx
    .selectFrom((eb) =>
      eb
        .selectFrom('capability_states as cs')
        .innerJoin('server_versions as sv', (j) => j.onRef('sv.name', '=', 'cs.server').onRef('sv.version', '=', 'cs.version'))
        .where('cs.status', '=', 'failed')
        .where('sv.is_latest', '=', 1)
        .where('sv.status', '<>', 'deleted')
        .select([
          'cs.server as name',
          'cs.version as version',
          'cs.failure_kind as failure_kind',
          'cs.failure_message as failure_message',
          sql<number | string | null>`${lastOk}`.as('last_ok'),
          sql<number | string | null>`(SELECT MIN(bad.at) FROM probe_results bad WHERE bad.server = cs.server AND bad.version = cs.version AND bad.up = 0 AND bad.at > COALESCE(${lastOk}, -1))`.as(
            'failing_since',
          ),
        ])
        .as('f'),
    )
    .selectAll()
    .where('f.failing_since', '<=', cutoff)
    .orderBy('f.failing_since')
    .orderBy('f.name')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    name: r.name,
    version: r.version,
    failingSince: Number(r.failing_since),
    lastSuccessAt: r.last_ok === null ? null : Number(r.last_ok),
    failureKind: r.failure_kind,
    failureMessage: r.failure_message,
  }));
}
