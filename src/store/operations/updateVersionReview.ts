import type { Tx } from '../schema.js';
import type { VersionReviewRow } from './versionReviewRow.js';

export type VersionReviewPatch = Partial<Pick<VersionReviewRow, 'state' | 'checks' | 'decided_by' | 'decided_at' | 'reason' | 'auto_rule'>>;

/**
 * Changes a review only if its revision is still `revision` (the entity tag the
 * caller read), and moves the revision on. Resolves to whether it changed: of two
 * concurrent decisions, exactly one sees `true`.
 */
export async function updateVersionReview({
  tx,
  name,
  version,
  revision,
  patch,
  at,
}: {
  tx: Tx;
  name: string;
  version: string;
  revision: number;
  patch: VersionReviewPatch;
  at: number;
}): Promise<boolean> {
  const result = await tx
    .updateTable('version_reviews')
    .set({ ...patch, revision: revision + 1, updated_at: at })
    .where('name', '=', name)
    .where('version', '=', version)
    .where('revision', '=', revision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
