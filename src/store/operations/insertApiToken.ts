import type { Insertable } from 'kysely';
import type { ApiTokensTable, Tx } from '../schema.js';

export async function insertApiToken({ tx, row }: { tx: Tx; row: Insertable<ApiTokensTable> }): Promise<void> {
  await tx.insertInto('api_tokens').values(row).execute();
}
