import type { Tx } from '../schema.js';

/**
 * Moves the latest flag of `name` to `version`. Two statements, because the
 * one-latest-per-server unique index cannot be deferred. Both rows get a new
 * `updated_at`, so a mirror syncing with `updated_since` sees the flip (the
 * official registry leaves `updated_at` alone here, and its mirrors miss it).
 */
export async function setLatestVersion({ tx, name, version, at }: { tx: Tx; name: string; version: string; at: number }): Promise<void> {
  await tx.updateTable('server_versions').set({ is_latest: 0, updated_at: at }).where('name', '=', name).where('is_latest', '=', 1).where('version', '!=', version).execute();
  await tx.updateTable('server_versions').set({ is_latest: 1, updated_at: at }).where('name', '=', name).where('version', '=', version).where('is_latest', '=', 0).execute();
}
