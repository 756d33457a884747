import type { Selectable } from 'kysely';
import type { VersionReviewsTable } from '../schema.js';

/** A stored review of one version, as read. */
export type VersionReviewRow = Selectable<VersionReviewsTable>;
