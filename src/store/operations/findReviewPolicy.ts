import type { Selectable } from 'kysely';
import type { ReviewPoliciesTable, Tx } from '../schema.js';

export type ReviewPolicyRow = Selectable<ReviewPoliciesTable>;

export async function findReviewPolicy({ tx, source }: { tx: Tx; source: string }): Promise<ReviewPolicyRow | undefined> {
  return tx.selectFrom('review_policies').selectAll().where('source', '=', source).executeTakeFirst();
}
