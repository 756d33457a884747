import type { Tx } from '../schema.js';
import type { MirroredVersionRow } from './listMirroredVersions.js';

/** Every mirrored version of the given names, from every source, in one query per 500 names. */
export async function listMirroredVersionsOfNames({ tx, names }: { tx: Tx; names: string[] }): Promise<MirroredVersionRow[]> {
  const out: MirroredVersionRow[] = [];
  for (let i = 0; i < names.length; i += 500) {
    out.push(
      ...(await tx
        .selectFrom('mirrored_versions')
        .selectAll()
        .where('name', 'in', names.slice(i, i + 500))
        .execute()),
    );
  }
  return out;
}
