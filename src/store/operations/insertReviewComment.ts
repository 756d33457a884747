import type { Tx } from '../schema.js';

export async function insertReviewComment({ tx, comment }: { tx: Tx; comment: { name: string; version: string; at: number; author: string; body: string } }): Promise<void> {
  await tx.insertInto('review_comments').values(comment).execute();
}
