import type { Tx } from '../schema.js';
import { driftEventRow, type DriftEventRow } from './driftEventRow.js';

export interface DriftEventFilter {
  /** true: unresolved only; false: resolved only; absent: both. */
  open?: boolean;
  server?: string;
  /** Events with an id below this one (newest-first paging). */
  before?: number;
}

/** Drift events, newest first. */
export async function listDriftEvents({ tx, filter = {}, limit }: { tx: Tx; filter?: DriftEventFilter; limit: number }): Promise<DriftEventRow[]> {
  let q = tx.selectFrom('drift_events').selectAll();
  if (filter.open === true) q = q.where('resolved_at', 'is', null);
  if (filter.open === false) q = q.where('resolved_at', 'is not', null);
  if (filter.server !== undefined) q = q.where('server', '=', filter.server);
  if (filter.before !== undefined) q = q.where('id', '<', filter.before);
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return rows.map(driftEventRow);
}
