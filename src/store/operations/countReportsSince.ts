import type { Tx } from '../schema.js';

/** How many reports the person filed at or after `since`, and when the oldest of them was filed (for Retry-After). */
export async function countReportsSince({ tx, reporter, since }: { tx: Tx; reporter: string; since: number }): Promise<{ count: number; oldest: number | null }> {
  const row = await tx
    .selectFrom('server_reports')
    .select((eb) => [eb.fn.countAll<string | number>().as('count'), eb.fn.min('created_at').as('oldest')])
    .where('reporter', '=', reporter)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldest: row.oldest === null ? null : Number(row.oldest) };
}
