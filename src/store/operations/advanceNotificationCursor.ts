import type { Tx } from '../schema.js';

/**
 * Moves the relay's high-water mark forward to `to`, never back: two replicas
 * advancing at once leave the larger mark.
 */
export async function advanceNotificationCursor({ tx, name, to, at }: { tx: Tx; name: string; to: number; at: number }): Promise<void> {
  await tx
    .insertInto('notification_cursors')
    .values({ name, high_water: to, updated_at: at })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  await tx.updateTable('notification_cursors').set({ high_water: to, updated_at: at }).where('name', '=', name).where('high_water', '<', to).execute();
}
