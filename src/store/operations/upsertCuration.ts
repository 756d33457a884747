import type { Insertable } from 'kysely';
import type { CurationsTable, Tx } from '../schema.js';

/** Creates or replaces the curation record of (source, name). */
export async function upsertCuration({ tx, row }: { tx: Tx; row: Insertable<CurationsTable> }): Promise<void> {
  await tx
    .insertInto('curations')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['source', 'name']).doUpdateSet({
        decision: row.decision ?? null,
        pinned_version: row.pinned_version ?? null,
        hidden_versions: row.hidden_versions,
        trust: row.trust ?? null,
        tags: row.tags,
        notes: row.notes ?? null,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
      }),
    )
    .execute();
}
