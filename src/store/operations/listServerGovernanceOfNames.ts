import type { Tx } from '../schema.js';
import type { ServerGovernanceRow } from './serverGovernanceRow.js';

/** The governance rows of these names (a page's), by name; names without one are absent. */
export async function listServerGovernanceOfNames({ tx, names }: { tx: Tx; names: string[] }): Promise<Map<string, ServerGovernanceRow>> {
  const out = new Map<string, ServerGovernanceRow>();
  const unique = [...new Set(names)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await tx
      .selectFrom('server_governance')
      .selectAll()
      .where('name', 'in', unique.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.name, r);
  }
  return out;
}
