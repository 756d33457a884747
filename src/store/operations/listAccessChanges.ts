import type { Selectable } from 'kysely';
import type { AccessChangesTable, Tx } from '../schema.js';

export type AccessChangeRow = Selectable<AccessChangesTable>;

export interface AccessChangeFilter {
  targetKind?: string;
  target?: string;
  actor?: string;
  action?: string;
  /** Inclusive lower bound on `at`, microseconds. */
  since?: number;
  /** Changes with an id below this (newest first paging). */
  beforeId?: number;
}

/** The access change log, newest first. */
export async function listAccessChanges({ tx, filter, limit }: { tx: Tx; filter: AccessChangeFilter; limit: number }): Promise<AccessChangeRow[]> {
  let q = tx.selectFrom('access_changes').selectAll();
  if (filter.targetKind !== undefined) q = q.where('target_kind', '=', filter.targetKind);
  if (filter.target !== undefined) q = q.where('target', '=', filter.target);
  if (filter.actor !== undefined) q = q.where('actor', '=', filter.actor);
  if (filter.action !== undefined) q = q.where('action', '=', filter.action);
  if (filter.since !== undefined) q = q.where('at', '>=', filter.since);
  if (filter.beforeId !== undefined) q = q.where('id', '<', filter.beforeId);
  return q.orderBy('id', 'desc').limit(limit).execute();
}
