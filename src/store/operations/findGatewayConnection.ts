import type { Selectable } from 'kysely';
import type { GatewayConnectionsTable, Tx } from '../schema.js';

export type GatewayConnectionRow = Selectable<GatewayConnectionsTable>;

/** One connection by its public id, revoked or not. */
export async function findGatewayConnection({ tx, id }: { tx: Tx; id: string }): Promise<GatewayConnectionRow | undefined> {
  return tx.selectFrom('gateway_connections').selectAll().where('id', '=', id).executeTakeFirst();
}
