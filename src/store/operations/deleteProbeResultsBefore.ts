import { deleteBatchesBefore } from '../deleteBatchesBefore.js';
import type { Db } from '../schema.js';

/**
 * Deletes health readings with `at` before `before` (µs), `batchSize` rows per
 * statement, each committed on its own; returns how many it deleted. `signal`
 * stops it between batches. See deleteBatchesBefore.
 */
export async function deleteProbeResultsBefore(options: { db: Db; before: number; batchSize?: number; signal?: AbortSignal }): Promise<number> {
  return deleteBatchesBefore({ ...options, table: 'probe_results' });
}
