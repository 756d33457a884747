import type { Db } from './schema.js';

/** Most rows per statement: 10,000 ids stay well within both dialects' parameter limits. */
export const MAX_DELETE_BATCH = 10_000;

/**
 * The retention sweeps' one loop (`deleteGatewayCallsBefore`, `deleteProbeResultsBefore`):
 * deletes the table's rows with `at` before `before` (µs), `batchSize` rows per
 * statement (default 5,000) until none are left, and returns how many it deleted.
 * Each statement commits on its own, so a sweep of millions of rows never holds
 * SQLite's write lock for long nor builds one huge PostgreSQL transaction; hence
 * it takes the database, not a transaction. `signal` stops it between batches.
 *
 * A batch is found by the table's `at` index, then deleted by primary key from
 * the list of its ids. (Neither dialect has DELETE … LIMIT by default, and
 * PostgreSQL plans `id IN (SELECT … LIMIT n)` as a scan of the whole table.)
 * Running it twice at once (replicas sharing PostgreSQL) is harmless: a row is
 * deleted once, and the other statement finds it gone.
 */
export async function deleteBatchesBefore({
  db,
  table,
  before,
  batchSize = 5_000,
  signal,
}: {
  db: Db;
  table: 'gateway_calls' | 'probe_results';
  before: number;
  batchSize?: number;
  signal?: AbortSignal;
}): Promise<number> {
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_DELETE_BATCH) {
    throw new RangeError(`batchSize must be a whole number from 1 to ${MAX_DELETE_BATCH}, got ${batchSize}`);
  }
  let total = 0;
  while (!signal?.aborted) {
    const batch = await db.selectFrom(table).select('id').where('at', '<', before).limit(batchSize).execute();
    if (batch.length === 0) break;
    const result = await db
      .deleteFrom(table)
      .where(
        'id',
        'in',
        batch.map((r) => r.id),
      )
      .executeTakeFirst();
    total += Number(result.numDeletedRows);
    // A short batch was the last one.
    if (batch.length < batchSize) break;
  }
  return total;
}
