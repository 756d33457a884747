import type { Tx } from '../schema.js';

/**
 * Sets (`block` given) or clears (null) a moderator's block on a server name,
 * creating its governance row when it has none (revision 1, no owners). Resolves
 * to the governance revision after the change.
 */
export async function setServerBlock({ tx, name, block, by, at }: { tx: Tx; name: string; block: { reason: string } | null; by: string; at: number }): Promise<number> {
  const blocked = { blocked_at: block ? at : null, blocked_by: block ? by : null, block_reason: block ? block.reason : null };
  const row = await tx
    .insertInto('server_governance')
    .values({
      name,
      trust: null,
      trust_set_by: null,
      trust_set_at: null,
      owners: '[]',
      support_contact: null,
      docs_url: null,
      recertified_at: null,
      recertified_by: null,
      recertify_due_at: null,
      ...blocked,
      revision: 1,
      updated_at: at,
      updated_by: by,
    })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ ...blocked, revision: eb('server_governance.revision', '+', 1), updated_at: at, updated_by: by })))
    .returning('revision')
    .executeTakeFirstOrThrow();
  return Number(row.revision);
}
