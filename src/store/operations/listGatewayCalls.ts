import type { Selectable } from 'kysely';
import type { GatewayCallsTable, Tx } from '../schema.js';

export type GatewayCallRow = Selectable<GatewayCallsTable>;

export interface GatewayCallFilter {
  /** A principal id, or a principal label (an email). */
  user?: string;
  server?: string;
  /** The tool, prompt or resource named. */
  tool?: string;
  outcome?: string;
  method?: string;
  connection?: string;
  /** Inclusive bounds on `at`, microseconds. */
  since?: number;
  until?: number;
  /** Rows with an id below this (newest-first paging). */
  beforeId?: number;
}

/** The gateway audit, newest first. */
export async function listGatewayCalls({ tx, filter, limit }: { tx: Tx; filter: GatewayCallFilter; limit: number }): Promise<GatewayCallRow[]> {
  let q = tx.selectFrom('gateway_calls').selectAll();
  const { user } = filter;
  if (user !== undefined) q = q.where((eb) => eb.or([eb('principal_id', '=', user), eb('principal_label', '=', user)]));
  if (filter.server !== undefined) q = q.where('server', '=', filter.server);
  if (filter.tool !== undefined) q = q.where('target', '=', filter.tool);
  if (filter.outcome !== undefined) q = q.where('outcome', '=', filter.outcome as GatewayCallRow['outcome']);
  if (filter.method !== undefined) q = q.where('method', '=', filter.method);
  if (filter.connection !== undefined) q = q.where('connection_id', '=', filter.connection);
  if (filter.since !== undefined) q = q.where('at', '>=', filter.since);
  if (filter.until !== undefined) q = q.where('at', '<=', filter.until);
  if (filter.beforeId !== undefined) q = q.where('id', '<', filter.beforeId);
  return q.orderBy('id', 'desc').limit(limit).execute();
}
