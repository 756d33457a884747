import type { Tx } from '../schema.js';

/** Removes a source with everything kept for it: mirrored versions, rejections and curation records. */
export async function deleteFederationSource({ tx, name }: { tx: Tx; name: string }): Promise<void> {
  await tx.deleteFrom('mirrored_versions').where('source', '=', name).execute();
  await tx.deleteFrom('federation_rejections').where('source', '=', name).execute();
  await tx.deleteFrom('curations').where('source', '=', name).execute();
  await tx.deleteFrom('federation_sources').where('name', '=', name).execute();
}
