import type { Tx } from '../schema.js';

/** Resolves to false when there was no such record. */
export async function deleteCuration({ tx, source, name }: { tx: Tx; source: string; name: string }): Promise<boolean> {
  const result = await tx.deleteFrom('curations').where('source', '=', source).where('name', '=', name).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
