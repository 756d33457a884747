import type { ReportKind } from '../../schemas/governance.js';
import type { Tx } from '../schema.js';

export interface NewReport {
  name: string;
  version: string | null;
  reporter: string;
  kind: ReportKind;
  text: string;
  at: number;
}

/**
 * Files an open report; resolves to its id, or to null when the reporter already
 * has an open report on the same target (the unique index decides, so two racing
 * duplicates cannot both land).
 */
export async function insertReport({ tx, report }: { tx: Tx; report: NewReport }): Promise<number | null> {
  try {
    const row = await tx
      .insertInto('server_reports')
      .values({
        name: report.name,
        version: report.version,
        reporter: report.reporter,
        kind: report.kind,
        text: report.text,
        state: 'open',
        created_at: report.at,
        decided_by: null,
        decided_at: null,
        action: null,
        reason: null,
        revision: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE') return null;
    throw err;
  }
}
