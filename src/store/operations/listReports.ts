import type { ReportKind, ReportState } from '../../schemas/governance.js';
import type { Tx } from '../schema.js';
import { reportRow, type ReportRow } from './reportRow.js';

export interface ReportFilter {
  state?: ReportState;
  name?: string;
  kind?: ReportKind;
  /** Reports with an id below this one (newest-first paging). */
  before?: number;
}

/** Reports, newest first. */
export async function listReports({ tx, filter = {}, limit }: { tx: Tx; filter?: ReportFilter; limit: number }): Promise<ReportRow[]> {
  let q = tx.selectFrom('server_reports').selectAll();
  if (filter.state !== undefined) q = q.where('state', '=', filter.state);
  if (filter.name !== undefined) q = q.where('name', '=', filter.name);
  if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
  if (filter.before !== undefined) q = q.where('id', '<', filter.before);
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return rows.map(reportRow);
}
