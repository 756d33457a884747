import type { Insertable } from 'kysely';
import type { MirroredVersionsTable, Tx } from '../schema.js';

/** Stores (or refreshes) one upstream version exactly as the source sent it. */
export async function upsertMirroredVersion({ tx, row }: { tx: Tx; row: Insertable<MirroredVersionsTable> }): Promise<void> {
  await tx
    .insertInto('mirrored_versions')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['source', 'name', 'version']).doUpdateSet({
        doc: row.doc,
        status: row.status,
        status_message: row.status_message ?? null,
        upstream_published_at: row.upstream_published_at,
        upstream_updated_at: row.upstream_updated_at,
        upstream_status_changed_at: row.upstream_status_changed_at,
        synced_at: row.synced_at,
      }),
    )
    .execute();
}
