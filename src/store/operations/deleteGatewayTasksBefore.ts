import type { Tx } from '../schema.js';

/** Deletes task records created before `before` (microseconds); returns how many. */
export async function deleteGatewayTasksBefore({ tx, before }: { tx: Tx; before: number }): Promise<number> {
  const result = await tx.deleteFrom('gateway_tasks').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
