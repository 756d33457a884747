import type { Tx } from '../schema.js';
import type { VersionReviewRow } from './versionReviewRow.js';

/** Starts (or, for a version published again under the same name after a delete, restarts) the review of one version. */
export async function insertVersionReview({ tx, review }: { tx: Tx; review: Omit<VersionReviewRow, 'revision'> }): Promise<void> {
  await tx.deleteFrom('version_reviews').where('name', '=', review.name).where('version', '=', review.version).execute();
  await tx
    .insertInto('version_reviews')
    .values({ ...review, revision: 1 })
    .execute();
}
