import type { Selectable } from 'kysely';
import type { ServerReportsTable } from '../schema.js';

/** A report as the store keeps it. */
export type ReportRow = Selectable<ServerReportsTable>;

/** Driver values normalised (PostgreSQL returns BIGINT columns as strings). */
export function reportRow(row: ReportRow): ReportRow {
  return {
    ...row,
    id: Number(row.id),
    created_at: Number(row.created_at),
    decided_at: row.decided_at === null ? null : Number(row.decided_at),
    revision: Number(row.revision),
  };
}
