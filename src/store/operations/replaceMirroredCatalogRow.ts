import type { ReviewState } from '../../schemas/governance.js';
import type { Tx } from '../schema.js';
import { tagSet, type VersionContent } from './insertServerVersion.js';

/** Rewrites a mirrored catalog row in place when its upstream content, status, curation or review state changed. */
export async function replaceMirroredCatalogRow({
  tx,
  row,
}: {
  tx: Tx;
  row: VersionContent & {
    origin: string;
    provenance: string | null;
    status: 'active' | 'deprecated' | 'deleted';
    statusMessage: string | null;
    statusChangedAt: number;
    publishedAt: number;
    updatedAt: number;
    isLatest: boolean;
    reviewState: ReviewState;
  };
}): Promise<void> {
  await tx
    .updateTable('server_versions')
    .set({
      doc: row.doc,
      title: row.title,
      description: row.description,
      package_types: tagSet(row.packageTypes),
      remote_transports: tagSet(row.remoteTransports),
      origin: row.origin,
      provenance: row.provenance,
      status: row.status,
      status_message: row.statusMessage,
      status_changed_at: row.statusChangedAt,
      published_at: row.publishedAt,
      updated_at: row.updatedAt,
      is_latest: row.isLatest ? 1 : 0,
      review_state: row.reviewState,
    })
    .where('name', '=', row.name)
    .where('version', '=', row.version)
    .execute();
}
