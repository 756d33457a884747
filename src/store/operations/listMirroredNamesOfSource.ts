import type { Tx } from '../schema.js';

/** The distinct server names mirrored from one source. */
export async function listMirroredNamesOfSource({ tx, source }: { tx: Tx; source: string }): Promise<string[]> {
  const rows = await tx.selectFrom('mirrored_versions').select('name').distinct().where('source', '=', source).execute();
  return rows.map((r) => r.name);
}
