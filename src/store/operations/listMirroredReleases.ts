import type { Tx } from '../schema.js';

export interface MirroredReleaseRow {
  name: string;
  source: string;
  /** Versions in the catalog from that source, with their review state. */
  catalog: Array<{ version: string; reviewState: string; publishedAt: number }>;
  /** What the source lists upstream (not deleted). */
  upstream: Array<{ version: string; publishedAt: number }>;
}

/**
 * Every mirrored server with the versions the catalog holds from its source and
 * the versions the source lists upstream (one pass over each table's rows of
 * mirrored servers), for "upstream has a newer version than the approved one".
 */
export async function listMirroredReleases({ tx }: { tx: Tx }): Promise<MirroredReleaseRow[]> {
  const catalog = await tx.selectFrom('server_versions').select(['name', 'version', 'origin', 'review_state', 'published_at']).where('origin', '<>', '').where('status', '<>', 'deleted').execute();
  const byName = new Map<string, MirroredReleaseRow>();
  for (const r of catalog) {
    const key = `${r.origin}\u0000${r.name}`;
    let row = byName.get(key);
    if (!row) byName.set(key, (row = { name: r.name, source: r.origin, catalog: [], upstream: [] }));
    row.catalog.push({ version: r.version, reviewState: r.review_state, publishedAt: Number(r.published_at) });
  }
  if (byName.size === 0) return [];
  const upstream = await tx
    .selectFrom('mirrored_versions as mv')
    .innerJoin('server_versions as sv', (j) => j.onRef('sv.origin', '=', 'mv.source').onRef('sv.name', '=', 'mv.name').on('sv.is_latest', '=', 1))
    .select(['mv.source', 'mv.name', 'mv.version', 'mv.upstream_published_at'])
    .where('mv.status', '<>', 'deleted')
    .execute();
  for (const u of upstream) byName.get(`${u.source}\u0000${u.name}`)?.upstream.push({ version: u.version, publishedAt: Number(u.upstream_published_at) });
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
