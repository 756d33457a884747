import type { ModerationAction } from '../../schemas/governance.js';
import type { Tx } from '../schema.js';

/**
 * Resolves an open report if it is still at `revision` (a conditional UPDATE: of
 * two concurrent resolutions exactly one changes the row). True when it did.
 */
export async function resolveReport({
  tx,
  id,
  revision,
  action,
  reason,
  by,
  at,
}: {
  tx: Tx;
  id: number;
  revision: number;
  action: ModerationAction;
  reason: string | null;
  by: string;
  at: number;
}): Promise<boolean> {
  const result = await tx
    .updateTable('server_reports')
    .set({ state: action === 'dismiss' ? 'dismissed' : 'actioned', action, reason, decided_by: by, decided_at: at, revision: revision + 1 })
    .where('id', '=', id)
    .where('revision', '=', revision)
    .where('state', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
