import type { Tx } from '../schema.js';
import type { GatewayConnectionRow } from './findGatewayConnection.js';

export interface GatewayConnectionFilter {
  userId?: string | undefined;
  server?: string | undefined;
  /** Revoked connections too (default: only active ones). */
  includeRevoked?: boolean | undefined;
  limit?: number | undefined;
}

/** Connections, newest first. */
export async function listGatewayConnections({ tx, filter }: { tx: Tx; filter: GatewayConnectionFilter }): Promise<GatewayConnectionRow[]> {
  let q = tx.selectFrom('gateway_connections').selectAll().orderBy('created_at', 'desc').orderBy('id');
  if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId);
  if (filter.server !== undefined) q = q.where('server', '=', filter.server);
  if (!filter.includeRevoked) q = q.where('revoked_at', 'is', null);
  if (filter.limit !== undefined) q = q.limit(filter.limit);
  return q.execute();
}
