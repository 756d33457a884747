import { sql } from 'kysely';
import type { Tx } from '../schema.js';

/**
 * Sets status and message on one version (or all versions when `version` is
 * undefined) that differ from the request. `status_changed_at` moves only when the
 * status value itself changes. Returns how many rows changed.
 */
export async function updateVersionStatus({
  tx,
  name,
  version,
  status,
  statusMessage,
  at,
}: {
  tx: Tx;
  name: string;
  version?: string;
  status: 'active' | 'deprecated' | 'deleted';
  statusMessage: string | null;
  at: number;
}): Promise<number> {
  let q = tx
    .updateTable('server_versions')
    .set({
      status,
      status_message: statusMessage,
      updated_at: at,
      status_changed_at: sql<number>`CASE WHEN status != ${status} THEN ${at} ELSE status_changed_at END`,
    })
    .where('name', '=', name)
    .where((eb) =>
      eb.or([
        eb('status', '!=', status),
        statusMessage === null ? eb('status_message', 'is not', null) : eb('status_message', 'is', null),
        ...(statusMessage === null ? [] : [eb('status_message', '!=', statusMessage)]),
      ]),
    );
  if (version !== undefined) q = q.where('version', '=', version);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
