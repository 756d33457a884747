import type { Tx } from '../schema.js';

/** The stored value of a generated key, or undefined when none is kept yet. */
export async function findInstanceKey({ tx, name }: { tx: Tx; name: string }): Promise<string | undefined> {
  const row = await tx.selectFrom('instance_keys').select('value').where('name', '=', name).executeTakeFirst();
  return row?.value;
}
