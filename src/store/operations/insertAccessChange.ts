import type { Tx } from '../schema.js';

/** One administrator change of access data (rules, groups, roles, tokens, sources…), written in the change's transaction. */
export interface NewAccessChange {
  at: number;
  actor: string;
  action: string;
  targetKind: string;
  target: string;
  oldValue?: unknown;
  newValue?: unknown;
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

export async function insertAccessChange({ tx, change }: { tx: Tx; change: NewAccessChange }): Promise<void> {
  await tx
    .insertInto('access_changes')
    .values({
      at: change.at,
      actor: change.actor,
      action: change.action,
      target_kind: change.targetKind,
      target: change.target,
      old_value: json(change.oldValue),
      new_value: json(change.newValue),
    })
    .execute();
}
