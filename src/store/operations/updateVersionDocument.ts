import type { Tx } from '../schema.js';
import { tagSet, type VersionContent } from './insertServerVersion.js';

/** Replaces one version's server.json (the admin edit) and its derived columns. */
export async function updateVersionDocument({ tx, name, version, doc, title, description, packageTypes, remoteTransports, remoteUrls, at }: VersionContent & { tx: Tx; at: number }): Promise<void> {
  await tx
    .updateTable('server_versions')
    .set({
      doc,
      title,
      description,
      package_types: tagSet(packageTypes),
      remote_transports: tagSet(remoteTransports),
      updated_at: at,
    })
    .where('name', '=', name)
    .where('version', '=', version)
    .execute();
  await tx.deleteFrom('server_remote_urls').where('name', '=', name).where('version', '=', version).execute();
  const urls = [...new Set(remoteUrls)];
  if (urls.length) {
    await tx
      .insertInto('server_remote_urls')
      .values(urls.map((url) => ({ url, name, version })))
      .execute();
  }
}
