import type { Tx } from '../schema.js';

/** Removes a shared (`userId` null) or personal secret; resolves to false when there was none. */
export async function deleteUpstreamSecret({ tx, server, userId, name }: { tx: Tx; server: string; userId: string | null; name: string }): Promise<boolean> {
  let q = tx.deleteFrom('upstream_secrets').where('server', '=', server).where('name', '=', name);
  q = userId === null ? q.where('user_id', 'is', null) : q.where('user_id', '=', userId);
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
