import type { InventoryServersTable } from '../schema.js';

/** A server's pin, drift action and probe credential, timestamps as numbers (PostgreSQL hands BIGINT back as strings). */
export type InventoryServerRow = InventoryServersTable;

export function inventoryServerRow(row: InventoryServersTable): InventoryServerRow {
  return {
    ...row,
    pinned_snapshot_id: row.pinned_snapshot_id === null ? null : Number(row.pinned_snapshot_id),
    pinned_at: row.pinned_at === null ? null : Number(row.pinned_at),
    updated_at: Number(row.updated_at),
  };
}
