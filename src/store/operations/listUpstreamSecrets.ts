import type { Tx } from '../schema.js';
import type { UpstreamSecretRow } from './findUpstreamSecret.js';

/**
 * A server's secrets by name: the shared ones (`userId` null), one person's
 * (`userId`), or, with `withShared`, the shared ones and that person's together.
 */
export async function listUpstreamSecrets({ tx, server, userId, withShared = false }: { tx: Tx; server: string; userId: string | null; withShared?: boolean }): Promise<UpstreamSecretRow[]> {
  let q = tx.selectFrom('upstream_secrets').selectAll().where('server', '=', server).orderBy('name');
  if (userId === null) q = q.where('user_id', 'is', null);
  else if (withShared) q = q.where((eb) => eb.or([eb('user_id', 'is', null), eb('user_id', '=', userId)]));
  else q = q.where('user_id', '=', userId);
  return q.execute();
}
