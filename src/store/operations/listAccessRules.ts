import type { Selectable } from 'kysely';
import type { AccessRulesTable, Tx } from '../schema.js';

export type AccessRuleRow = Selectable<AccessRulesTable>;

/** Every stored access rule, in rule-list order. */
export async function listAccessRules({ tx }: { tx: Tx }): Promise<AccessRuleRow[]> {
  return tx.selectFrom('access_rules').selectAll().orderBy('position').orderBy('id').execute();
}
