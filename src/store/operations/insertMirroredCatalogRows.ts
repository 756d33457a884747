import type { Tx } from '../schema.js';
import { tagSet, type NewServerVersion } from './insertServerVersion.js';

/**
 * Inserts mirrored catalog rows in batches. Unlike a local publish they claim no
 * remote URLs (see insertServerVersion), so one multi-row insert is the whole job.
 */
export async function insertMirroredCatalogRows({ tx, rows }: { tx: Tx; rows: Array<NewServerVersion & { origin: string }> }): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await tx
      .insertInto('server_versions')
      .values(
        rows.slice(i, i + 200).map((row) => ({
          name: row.name,
          version: row.version,
          doc: row.doc,
          status: row.status ?? 'active',
          status_message: row.statusMessage ?? null,
          status_changed_at: row.statusChangedAt ?? row.publishedAt,
          published_at: row.publishedAt,
          updated_at: row.updatedAt ?? row.publishedAt,
          is_latest: row.isLatest ? 1 : 0,
          title: row.title,
          description: row.description,
          package_types: tagSet(row.packageTypes),
          remote_transports: tagSet(row.remoteTransports),
          origin: row.origin,
          provenance: row.provenance ?? null,
        })),
      )
      .execute();
  }
}
