import type { Tx } from '../schema.js';
import type { VersionReviewRow } from './versionReviewRow.js';

/** The reviews of every version of these server names (at most 500 names a call: the caller chunks). */
export async function listVersionReviewsOfNames({ tx, names }: { tx: Tx; names: string[] }): Promise<VersionReviewRow[]> {
  if (names.length === 0) return [];
  return tx.selectFrom('version_reviews').selectAll().where('name', 'in', names).execute();
}
