import type { Tx } from '../schema.js';

/** The distinct `claim_groups` values (JSON arrays) of everyone: the groups people's ID tokens mapped to. */
export async function listClaimGroups({ tx }: { tx: Tx }): Promise<string[]> {
  const rows = await tx.selectFrom('users').select('claim_groups').distinct().where('claim_groups', '<>', '[]').execute();
  return rows.map((r) => r.claim_groups);
}
