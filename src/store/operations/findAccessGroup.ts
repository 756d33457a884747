import type { Tx } from '../schema.js';
import type { AccessGroupRow } from './listAccessGroups.js';

export async function findAccessGroup({ tx, name }: { tx: Tx; name: string }): Promise<AccessGroupRow | undefined> {
  return tx.selectFrom('access_groups').selectAll().where('name', '=', name).executeTakeFirst();
}
