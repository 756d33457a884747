import type { Tx } from '../schema.js';

/**
 * The name of another server that already uses one of `urls` in a version that is
 * not deleted (the official uniqueness rule: deprecated versions still hold their URL).
 */
export async function findRemoteUrlOwner({ tx, urls, exceptName }: { tx: Tx; urls: string[]; exceptName: string }): Promise<{ url: string; name: string } | undefined> {
  if (urls.length === 0) return undefined;
  return tx
    .selectFrom('server_remote_urls as r')
    .innerJoin('server_versions as v', (j) => j.onRef('v.name', '=', 'r.name').onRef('v.version', '=', 'r.version'))
    .select(['r.url as url', 'r.name as name'])
    .where('r.url', 'in', urls)
    .where('r.name', '!=', exceptName)
    .where('v.status', '!=', 'deleted')
    .orderBy('r.name')
    .limit(1)
    .executeTakeFirst();
}
