import type { Tx } from '../schema.js';

/** The relay's high-water mark (0 before its first advance). */
export async function readNotificationCursor({ tx, name }: { tx: Tx; name: string }): Promise<number> {
  const row = await tx.selectFrom('notification_cursors').select('high_water').where('name', '=', name).executeTakeFirst();
  return row ? Number(row.high_water) : 0;
}
