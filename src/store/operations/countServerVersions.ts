import type { Tx } from '../schema.js';

export async function countServerVersions({ tx, name }: { tx: Tx; name: string }): Promise<number> {
  const row = await tx
    .selectFrom('server_versions')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
