import { deleteBatchesBefore } from '../deleteBatchesBefore.js';
import type { Db } from '../schema.js';

/**
 * Deletes gateway audit rows with `at` before `before` (µs), `batchSize` rows per
 * statement (default 5,000, at most 10,000) until none are left, each committed
 * on its own; returns how many it deleted. `signal` stops it between batches.
 * See deleteBatchesBefore.
 */
export async function deleteGatewayCallsBefore(options: { db: Db; before: number; batchSize?: number; signal?: AbortSignal }): Promise<number> {
  return deleteBatchesBefore({ ...options, table: 'gateway_calls' });
}
