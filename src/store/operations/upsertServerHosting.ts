import type { ServerHostingTable, Tx } from '../schema.js';

/** Sets a server's hosting settings, creating its row when there is none. */
export async function upsertServerHosting({ tx, row }: { tx: Tx; row: ServerHostingTable }): Promise<void> {
  await tx
    .insertInto('server_hosting')
    .values(row)
    .onConflict((oc) => oc.column('name').doUpdateSet({ mode: row.mode, network: row.network, updated_by: row.updated_by, updated_at: row.updated_at }))
    .execute();
}
