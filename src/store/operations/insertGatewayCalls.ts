import type { Insertable } from 'kysely';
import type { GatewayCallsTable, Tx } from '../schema.js';

/** A batch of gateway audit rows, as multi-row inserts of at most 200 rows (both dialects' parameter limits allow it). */
export async function insertGatewayCalls({ tx, rows }: { tx: Tx; rows: Insertable<GatewayCallsTable>[] }): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await tx.insertInto('gateway_calls').values(rows.slice(i, i + 200)).execute();
  }
}
