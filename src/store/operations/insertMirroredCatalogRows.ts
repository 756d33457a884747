import type { Tx } from '../schema.js';
import { serverVersionValues, type NewServerVersion } from './insertServerVersion.js';

/**
 * Inserts mirrored catalog rows in batches. Unlike a local publish they claim no
 * remote URLs (see insertServerVersion), so one multi-row insert is the whole job.
 */
export async function insertMirroredCatalogRows({ tx, rows }: { tx: Tx; rows: Array<NewServerVersion & { origin: string }> }): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await tx
      .insertInto('server_versions')
      .values(rows.slice(i, i + 200).map(serverVersionValues))
      .execute();
  }
}
