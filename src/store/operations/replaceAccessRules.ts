import type { Tx } from '../schema.js';
import type { AccessRuleRow } from './listAccessRules.js';

/**
 * Makes the stored rule list equal `rules` (JSON texts keyed by id, in order):
 * removes the ids no longer listed, inserts new ones, and rewrites only the rows
 * whose text or position changed. A rewritten text records who and when.
 */
export async function replaceAccessRules({
  tx,
  current,
  rules,
  at,
  actor,
}: {
  tx: Tx;
  /** The rows as read in this transaction. */
  current: readonly AccessRuleRow[];
  rules: readonly { id: string; rule: string }[];
  at: number;
  actor: string;
}): Promise<void> {
  const kept = new Set(rules.map((r) => r.id));
  const gone = current.filter((r) => !kept.has(r.id)).map((r) => r.id);
  for (let i = 0; i < gone.length; i += 500) {
    await tx
      .deleteFrom('access_rules')
      .where('id', 'in', gone.slice(i, i + 500))
      .execute();
  }
  const byId = new Map(current.map((r) => [r.id, r]));
  for (let position = 0; position < rules.length; position++) {
    const { id, rule } = rules[position]!;
    const old = byId.get(id);
    if (!old) {
      await tx.insertInto('access_rules').values({ id, position, rule, created_at: at, created_by: actor, updated_at: at, updated_by: actor }).execute();
    } else if (old.rule !== rule) {
      await tx.updateTable('access_rules').set({ position, rule, updated_at: at, updated_by: actor }).where('id', '=', id).execute();
    } else if (old.position !== position) {
      await tx.updateTable('access_rules').set({ position }).where('id', '=', id).execute();
    }
  }
}
