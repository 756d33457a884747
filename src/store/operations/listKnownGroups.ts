import type { Tx } from '../schema.js';

/** Every group name in use: defined groups, and groups mapped from claims at people's last sign-ins. */
export async function listKnownGroups({ tx }: { tx: Tx }): Promise<Set<string>> {
  const out = new Set<string>();
  for (const row of await tx.selectFrom('access_groups').select('name').execute()) out.add(row.name);
  for (const row of await tx.selectFrom('users').select('claim_groups').where('claim_groups', '<>', '[]').execute()) {
    for (const g of JSON.parse(row.claim_groups) as string[]) out.add(g);
  }
  return out;
}
