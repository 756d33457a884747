import type { Tx } from '../schema.js';

/**
 * Every group name access rules may reference: the groups an administrator
 * defined plus every group mapped from an ID token at someone's sign-in.
 */
export async function listKnownGroupNames({ tx }: { tx: Tx }): Promise<Set<string>> {
  const names = new Set<string>();
  for (const g of await tx.selectFrom('access_groups').select('name').execute()) names.add(g.name);
  for (const u of await tx.selectFrom('users').select('claim_groups').distinct().execute()) {
    for (const g of parseGroups(u.claim_groups)) names.add(g);
  }
  return names;
}

export function parseGroups(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : [];
  } catch {
    return [];
  }
}
