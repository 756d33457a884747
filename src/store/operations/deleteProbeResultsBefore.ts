import type { Db } from '../schema.js';

/**
 * Deletes health readings with `at` before `before` (µs), `batchSize` rows per
 * statement, each committed on its own (as `deleteGatewayCallsBefore` does, for
 * the same reasons); returns how many it deleted. `signal` stops it between batches.
 */
export async function deleteProbeResultsBefore({ db, before, batchSize = 5_000, signal }: { db: Db; before: number; batchSize?: number; signal?: AbortSignal }): Promise<number> {
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new RangeError(`batchSize must be a whole number from 1 to 10000, got ${batchSize}`);
  let total = 0;
  while (!signal?.aborted) {
    const batch = await db.selectFrom('probe_results').select('id').where('at', '<', before).limit(batchSize).execute();
    if (batch.length === 0) break;
    const result = await db
      .deleteFrom('probe_results')
      .where(
        'id',
        'in',
        batch.map((r) => r.id),
      )
      .executeTakeFirst();
    total += Number(result.numDeletedRows);
    if (batch.length < batchSize) break;
  }
  return total;
}
