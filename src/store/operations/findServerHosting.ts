import type { Selectable } from 'kysely';
import type { ServerHostingTable, Tx } from '../schema.js';

export type ServerHostingRow = Selectable<ServerHostingTable>;

export async function findServerHosting({ tx, name }: { tx: Tx; name: string }): Promise<ServerHostingRow | undefined> {
  return tx.selectFrom('server_hosting').selectAll().where('name', '=', name).executeTakeFirst();
}
