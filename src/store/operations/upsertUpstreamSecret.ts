import type { Tx } from '../schema.js';
import { findUpstreamSecret } from './findUpstreamSecret.js';

/**
 * Sets a secret's kind and sealed value, creating it when it does not exist;
 * resolves to whether it was created. `allowedOrigins` (a JSON array, null for
 * none) is written when given and kept as it was when undefined.
 */
export async function upsertUpstreamSecret({
  tx,
  secret,
}: {
  tx: Tx;
  secret: {
    id: string;
    server: string;
    userId: string | null;
    name: string;
    kind: 'header' | 'query' | 'variable';
    sealed: string;
    allowedOrigins?: string | null | undefined;
    by: string;
    at: number;
  };
}): Promise<boolean> {
  const existing = await findUpstreamSecret({ tx, server: secret.server, userId: secret.userId, name: secret.name });
  const origins = secret.allowedOrigins === undefined ? {} : { allowed_origins: secret.allowedOrigins };
  if (existing) {
    await tx
      .updateTable('upstream_secrets')
      .set({ kind: secret.kind, sealed: secret.sealed, ...origins, updated_at: secret.at })
      .where('id', '=', existing.id)
      .execute();
    return false;
  }
  await tx
    .insertInto('upstream_secrets')
    .values({
      id: secret.id,
      server: secret.server,
      user_id: secret.userId,
      name: secret.name,
      kind: secret.kind,
      sealed: secret.sealed,
      allowed_origins: secret.allowedOrigins ?? null,
      created_by: secret.by,
      created_at: secret.at,
      updated_at: secret.at,
    })
    .execute();
  return true;
}
