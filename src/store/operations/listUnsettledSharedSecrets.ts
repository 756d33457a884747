import type { Tx } from '../schema.js';
import type { UpstreamSecretRow } from './findUpstreamSecret.js';

/** Shared secrets with no approved origins recorded (written before approvals were, or by an older replica). */
export async function listUnsettledSharedSecrets({ tx }: { tx: Tx }): Promise<UpstreamSecretRow[]> {
  return tx.selectFrom('upstream_secrets').selectAll().where('user_id', 'is', null).where('allowed_origins', 'is', null).orderBy('server').orderBy('name').execute();
}
