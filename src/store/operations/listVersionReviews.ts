import type { ReviewState } from '../../schemas/governance.js';
import type { Tx } from '../schema.js';
import type { VersionReviewRow } from './versionReviewRow.js';

export interface VersionReviewFilter {
  states?: ReviewState[];
  source?: string;
  /** Exact server name. */
  name?: string;
  submittedBy?: string;
}

/**
 * Reviews, oldest submission first (a queue), after `after` (a submitted_at, name, version
 * position). Only of versions the catalog holds: a mirrored version curation took out of
 * the catalog (denied, hidden, another source now supplies the name) leaves the queue, and
 * comes back with its review as it was if it returns.
 */
export async function listVersionReviews({
  tx,
  filter,
  limit,
  after,
}: {
  tx: Tx;
  filter: VersionReviewFilter;
  limit: number;
  after?: { submittedAt: number; name: string; version: string };
}): Promise<VersionReviewRow[]> {
  let q = tx
    .selectFrom('version_reviews')
    .selectAll()
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('server_versions as sv').select('sv.name').whereRef('sv.name', '=', 'version_reviews.name').whereRef('sv.version', '=', 'version_reviews.version')),
    );
  if (filter.states?.length) q = q.where('state', 'in', filter.states);
  if (filter.source !== undefined) q = q.where('source', '=', filter.source);
  if (filter.name !== undefined) q = q.where('name', '=', filter.name);
  if (filter.submittedBy !== undefined) q = q.where('submitted_by', '=', filter.submittedBy);
  if (after) {
    const { submittedAt, name, version } = after;
    q = q.where((eb) =>
      eb.or([eb('submitted_at', '>', submittedAt), eb.and([eb('submitted_at', '=', submittedAt), eb.or([eb('name', '>', name), eb.and([eb('name', '=', name), eb('version', '>', version)])])])]),
    );
  }
  return q.orderBy('submitted_at').orderBy('name').orderBy('version').limit(limit).execute();
}
