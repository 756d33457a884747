import type { Tx } from '../schema.js';
import type { ApiTokenRow } from './findApiToken.js';

/** Tokens, newest first: one person's personal tokens, or every token. */
export async function listApiTokens({ tx, userId }: { tx: Tx; userId?: string | undefined }): Promise<ApiTokenRow[]> {
  let query = tx.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').orderBy('id');
  if (userId !== undefined) query = query.where('user_id', '=', userId).where('kind', '=', 'personal');
  return query.execute();
}
