import type { Tx } from '../schema.js';

const CHUNK = 500;

/** The JSON bodies of these snapshots, by id. */
export async function listSnapshotBodies({ tx, ids }: { tx: Tx; ids: readonly number[] }): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await tx
      .selectFrom('capability_snapshots')
      .select(['id', 'body'])
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.set(Number(r.id), r.body);
  }
  return out;
}
