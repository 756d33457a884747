import type { Tx } from '../schema.js';

/**
 * Replaces the policy of `source` if its revision is still `revision` (0: there is
 * none yet). Resolves to the new revision, or undefined when another change won.
 */
export async function saveReviewPolicy({ tx, source, policy, revision, at, by }: { tx: Tx; source: string; policy: string; revision: number; at: number; by: string }): Promise<number | undefined> {
  if (revision === 0) {
    const inserted = await tx
      .insertInto('review_policies')
      .values({ source, policy, revision: 1, updated_at: at, updated_by: by })
      .onConflict((oc) => oc.column('source').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1 ? 1 : undefined;
  }
  const result = await tx
    .updateTable('review_policies')
    .set({ policy, revision: revision + 1, updated_at: at, updated_by: by })
    .where('source', '=', source)
    .where('revision', '=', revision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? revision + 1 : undefined;
}
