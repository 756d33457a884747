import type { Selectable } from 'kysely';
import type { ReviewCommentsTable, Tx } from '../schema.js';

export type ReviewCommentRow = Selectable<ReviewCommentsTable>;

/** One version's review comments, oldest first (at most `limit`). */
export async function listReviewComments({ tx, name, version, limit }: { tx: Tx; name: string; version: string; limit: number }): Promise<ReviewCommentRow[]> {
  return tx.selectFrom('review_comments').selectAll().where('name', '=', name).where('version', '=', version).orderBy('id').limit(limit).execute();
}
