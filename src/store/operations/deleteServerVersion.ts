import type { Tx } from '../schema.js';

/** Removes one catalog row; used only for mirrored rows, which the mirror table still holds. */
export async function deleteServerVersion({ tx, name, version }: { tx: Tx; name: string; version: string }): Promise<void> {
  await tx.deleteFrom('server_versions').where('name', '=', name).where('version', '=', version).execute();
}
