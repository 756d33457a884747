import type { Updateable } from 'kysely';
import type { ServerGovernanceTable, Tx } from '../schema.js';

/**
 * Writes a change to a server's governance row only if it is still at `revision`,
 * and moves it to `revision + 1`: of two concurrent decisions made from the same
 * read, exactly one updates a row. False when the revision moved meanwhile.
 */
export async function updateServerGovernance({
  tx,
  name,
  revision,
  set,
}: {
  tx: Tx;
  name: string;
  revision: number;
  set: Omit<Updateable<ServerGovernanceTable>, 'name' | 'revision'>;
}): Promise<boolean> {
  const result = await tx
    .updateTable('server_governance')
    .set({ ...set, revision: revision + 1 })
    .where('name', '=', name)
    .where('revision', '=', revision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
