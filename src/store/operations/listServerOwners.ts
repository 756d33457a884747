import type { ServerOwner } from '../../schemas/governance.js';
import type { Tx } from '../schema.js';

/** The owners recorded for each of these servers (servers without a governance row have none). */
export async function listServerOwners({ tx, names }: { tx: Tx; names: readonly string[] }): Promise<Map<string, ServerOwner[]>> {
  const owners = new Map<string, ServerOwner[]>();
  if (names.length === 0) return owners;
  const rows = await tx
    .selectFrom('server_governance')
    .select(['name', 'owners'])
    .where('name', 'in', [...new Set(names)])
    .execute();
  for (const r of rows) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(r.owners);
    } catch {
      parsed = [];
    }
    owners.set(r.name, Array.isArray(parsed) ? (parsed as ServerOwner[]).filter((o) => (o?.kind === 'user' && typeof o.id === 'string') || (o?.kind === 'group' && typeof o.name === 'string')) : []);
  }
  return owners;
}
