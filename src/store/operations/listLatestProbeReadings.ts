import type { Tx } from '../schema.js';

export interface LatestProbeReading {
  server: string;
  up: number;
  latency_ms: number;
}

/**
 * The latest health reading of each server's latest version (servers never
 * probed are left out): what the `toolshed_server_up` gauges show, read on each
 * scrape so every replica reports the same.
 */
export async function listLatestProbeReadings({ tx }: { tx: Tx }): Promise<LatestProbeReading[]> {
  return tx
    .selectFrom('server_versions as v')
    .innerJoin('probe_results as p', (join) => join.onRef('p.server', '=', 'v.name').onRef('p.version', '=', 'v.version'))
    .select(['v.name as server', 'p.up', 'p.latency_ms'])
    .where('v.is_latest', '=', 1)
    .where(({ eb, selectFrom }) =>
      eb(
        'p.id',
        '=',
        selectFrom('probe_results as q')
          .select((s) => s.fn.max('q.id').as('id'))
          .whereRef('q.server', '=', 'v.name')
          .whereRef('q.version', '=', 'v.version'),
      ),
    )
    .execute();
}
