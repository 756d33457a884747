import type { Tx } from '../schema.js';

export interface RecertificationDueRow {
  name: string;
  dueAt: number;
  trust: string | null;
  recertifiedAt: number | null;
}

/** Servers whose re-certification is due at `now` (an index range on `recertify_due_at`), earliest first. */
export async function listRecertificationsDue({ tx, now, limit }: { tx: Tx; now: number; limit: number }): Promise<RecertificationDueRow[]> {
  const rows = await tx
    .selectFrom('server_governance')
    .select(['name', 'recertify_due_at', 'trust', 'recertified_at'])
    .where('recertify_due_at', 'is not', null)
    .where('recertify_due_at', '<=', now)
    .orderBy('recertify_due_at')
    .orderBy('name')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ name: r.name, dueAt: Number(r.recertify_due_at), trust: r.trust, recertifiedAt: r.recertified_at === null ? null : Number(r.recertified_at) }));
}
