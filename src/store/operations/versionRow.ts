import type { Selectable } from 'kysely';
import type { ServerVersionsTable } from '../schema.js';

/** The columns a read returns: everything needed to render a ServerResponse. */
export const versionRowColumns = [
  'name',
  'version',
  'doc',
  'status',
  'status_message',
  'status_changed_at',
  'published_at',
  'updated_at',
  'is_latest',
  'origin',
  'provenance',
  'review_state',
] as const;

export type VersionRow = Pick<Selectable<ServerVersionsTable>, (typeof versionRowColumns)[number]>;
