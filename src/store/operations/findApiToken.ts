import type { Selectable } from 'kysely';
import type { ApiTokensTable, Tx } from '../schema.js';

export type ApiTokenRow = Selectable<ApiTokensTable>;

export async function findApiToken({ tx, id }: { tx: Tx; id: string }): Promise<ApiTokenRow | undefined> {
  return tx.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}
