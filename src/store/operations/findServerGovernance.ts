import type { Tx } from '../schema.js';
import type { ServerGovernanceRow } from './serverGovernanceRow.js';

export async function findServerGovernance({ tx, name }: { tx: Tx; name: string }): Promise<ServerGovernanceRow | undefined> {
  return tx.selectFrom('server_governance').selectAll().where('name', '=', name).executeTakeFirst();
}
