import type { Tx } from '../schema.js';
import type { UserRow } from './findUser.js';

/** People in id order, a page at a time (`afterId`: the last id of the previous page). */
export async function listUsers({ tx, limit, afterId }: { tx: Tx; limit: number; afterId?: string | undefined }): Promise<UserRow[]> {
  let query = tx.selectFrom('users').selectAll().orderBy('id').limit(limit);
  if (afterId !== undefined) query = query.where('id', '>', afterId);
  return query.execute();
}
