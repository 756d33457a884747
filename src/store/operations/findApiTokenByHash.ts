import type { Tx } from '../schema.js';
import type { ApiTokenRow } from './findApiToken.js';

/** The token whose secret hashes to `hash` (SHA-256 hex): the secret itself is never stored. */
export async function findApiTokenByHash({ tx, hash }: { tx: Tx; hash: string }): Promise<ApiTokenRow | undefined> {
  return tx.selectFrom('api_tokens').selectAll().where('hash', '=', hash).executeTakeFirst();
}
