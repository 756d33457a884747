import type { Tx } from '../schema.js';

/** How many versions are mirrored from each source (sources with none are absent). */
export async function countMirroredVersions({ tx }: { tx: Tx }): Promise<Map<string, number>> {
  const rows = await tx
    .selectFrom('mirrored_versions')
    .select((eb) => ['source', eb.fn.countAll<number | string>().as('n')])
    .groupBy('source')
    .execute();
  return new Map(rows.map((r) => [r.source, Number(r.n)]));
}
