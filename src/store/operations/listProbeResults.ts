import type { Selectable } from 'kysely';
import type { ProbeResultsTable, Tx } from '../schema.js';

export type ProbeResultRow = Selectable<ProbeResultsTable>;

/** A server's health readings (of one version, or all), newest first; `before` pages by id. */
export async function listProbeResults({
  tx,
  server,
  version,
  limit,
  before,
}: {
  tx: Tx;
  server: string;
  version?: string | undefined;
  limit: number;
  before?: number | undefined;
}): Promise<ProbeResultRow[]> {
  let q = tx.selectFrom('probe_results').selectAll().where('server', '=', server);
  if (version !== undefined) q = q.where('version', '=', version);
  if (before !== undefined) q = q.where('id', '<', before);
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), at: Number(r.at) }));
}
