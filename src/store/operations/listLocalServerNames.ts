import type { Tx } from '../schema.js';

/** The distinct names of locally published servers. */
export async function listLocalServerNames({ tx }: { tx: Tx }): Promise<string[]> {
  const rows = await tx.selectFrom('server_versions').select('name').distinct().where('origin', '=', '').execute();
  return rows.map((r) => r.name);
}
