import type { Tx } from '../schema.js';
import { inventoryServerRow, type InventoryServerRow } from './inventoryServerRow.js';

/** The server's pin, drift action and probe credential; undefined when nothing was ever set for it. */
export async function findInventoryServer({ tx, server }: { tx: Tx; server: string }): Promise<InventoryServerRow | undefined> {
  const row = await tx.selectFrom('inventory_servers').selectAll().where('server', '=', server).executeTakeFirst();
  return row ? inventoryServerRow(row) : undefined;
}
