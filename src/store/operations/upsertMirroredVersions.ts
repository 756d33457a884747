import type { Insertable } from 'kysely';
import type { MirroredVersionsTable, Tx } from '../schema.js';

/** Stores (or refreshes) a page of upstream versions in one statement; (source, name, version) must be unique within `rows`. */
export async function upsertMirroredVersions({ tx, rows }: { tx: Tx; rows: Insertable<MirroredVersionsTable>[] }): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await tx
      .insertInto('mirrored_versions')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) =>
        oc.columns(['source', 'name', 'version']).doUpdateSet((eb) => ({
          doc: eb.ref('excluded.doc'),
          status: eb.ref('excluded.status'),
          status_message: eb.ref('excluded.status_message'),
          upstream_published_at: eb.ref('excluded.upstream_published_at'),
          upstream_updated_at: eb.ref('excluded.upstream_updated_at'),
          upstream_status_changed_at: eb.ref('excluded.upstream_status_changed_at'),
          synced_at: eb.ref('excluded.synced_at'),
        })),
      )
      .execute();
  }
}
