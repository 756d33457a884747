import type { Tx } from '../schema.js';
import { reportRow, type ReportRow } from './reportRow.js';

/** The reporter's open report on this server (`version` null) or version, if any. */
export async function findOpenReport({ tx, reporter, name, version }: { tx: Tx; reporter: string; name: string; version: string | null }): Promise<ReportRow | undefined> {
  let q = tx.selectFrom('server_reports').selectAll().where('reporter', '=', reporter).where('name', '=', name).where('state', '=', 'open');
  q = version === null ? q.where('version', 'is', null) : q.where('version', '=', version);
  const row = await q.executeTakeFirst();
  return row && reportRow(row);
}
