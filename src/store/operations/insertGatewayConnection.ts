import type { Insertable } from 'kysely';
import type { GatewayConnectionsTable, Tx } from '../schema.js';

export async function insertGatewayConnection({ tx, row }: { tx: Tx; row: Insertable<GatewayConnectionsTable> }): Promise<void> {
  await tx.insertInto('gateway_connections').values(row).execute();
}
