import type { Tx } from '../schema.js';
import { reportRow, type ReportRow } from './reportRow.js';

export async function findReport({ tx, id }: { tx: Tx; id: number }): Promise<ReportRow | undefined> {
  const row = await tx.selectFrom('server_reports').selectAll().where('id', '=', id).executeTakeFirst();
  return row && reportRow(row);
}
