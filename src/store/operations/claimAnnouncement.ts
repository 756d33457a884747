import type { Tx } from '../schema.js';

/** Claims an announcement's key: true for the first claimer, false when it was made already (by this or another replica). */
export async function claimAnnouncement({ tx, key, at }: { tx: Tx; key: string; at: number }): Promise<boolean> {
  const row = await tx
    .insertInto('notification_announcements')
    .values({ key, created_at: at })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}
