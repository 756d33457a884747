import type { RegistryEventAction } from '../schema.js';
import type { Selectable } from 'kysely';
import type { RegistryEventsTable, Tx } from '../schema.js';

export type RegistryEventRow = Selectable<RegistryEventsTable>;

export interface RegistryEventFilter {
  name?: string;
  action?: RegistryEventAction;
  actorSubject?: string;
  /** Inclusive lower bound on `at`, microseconds. */
  since?: number;
  /** Events with an id below this (newest first paging). */
  beforeId?: number;
}

/** Newest first. */
export async function listRegistryEvents({ tx, filter, limit }: { tx: Tx; filter: RegistryEventFilter; limit: number }): Promise<RegistryEventRow[]> {
  let q = tx.selectFrom('registry_events').selectAll();
  if (filter.name !== undefined) q = q.where('name', '=', filter.name);
  if (filter.action !== undefined) q = q.where('action', '=', filter.action);
  if (filter.actorSubject !== undefined) q = q.where('actor_subject', '=', filter.actorSubject);
  if (filter.since !== undefined) q = q.where('at', '>=', filter.since);
  if (filter.beforeId !== undefined) q = q.where('id', '<', filter.beforeId);
  return q.orderBy('id', 'desc').limit(limit).execute();
}
