import type { Tx } from '../schema.js';

/**
 * Records the origins (a JSON array) a secret is approved for; with
 * `onlyUnsettled`, only while none are recorded, so a start settling old rows
 * never overwrites an administrator's approval. Resolves to whether it wrote.
 */
export async function setUpstreamSecretOrigins({
  tx,
  id,
  allowedOrigins,
  at,
  onlyUnsettled = false,
}: {
  tx: Tx;
  id: string;
  allowedOrigins: string;
  at: number;
  onlyUnsettled?: boolean;
}): Promise<boolean> {
  let q = tx.updateTable('upstream_secrets').set({ allowed_origins: allowedOrigins, updated_at: at }).where('id', '=', id);
  if (onlyUnsettled) q = q.where('allowed_origins', 'is', null);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
