import type { Selectable } from 'kysely';
import type { Tx, UpstreamSecretsTable } from '../schema.js';

export type UpstreamSecretRow = Selectable<UpstreamSecretsTable>;

/** The secret of this name for a server: shared (`userId` null) or one person's. */
export async function findUpstreamSecret({ tx, server, userId, name }: { tx: Tx; server: string; userId: string | null; name: string }): Promise<UpstreamSecretRow | undefined> {
  let q = tx.selectFrom('upstream_secrets').selectAll().where('server', '=', server).where('name', '=', name);
  q = userId === null ? q.where('user_id', 'is', null) : q.where('user_id', '=', userId);
  return q.executeTakeFirst();
}
