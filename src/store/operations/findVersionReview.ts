import type { Tx } from '../schema.js';
import type { VersionReviewRow } from './versionReviewRow.js';

export async function findVersionReview({ tx, name, version }: { tx: Tx; name: string; version: string }): Promise<VersionReviewRow | undefined> {
  return tx.selectFrom('version_reviews').selectAll().where('name', '=', name).where('version', '=', version).executeTakeFirst();
}
