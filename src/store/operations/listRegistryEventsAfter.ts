import type { RegistryEventAction, Tx } from '../schema.js';
import type { RegistryEventRow } from './listRegistryEvents.js';

/** Registry events with one of `actions` and an id above `afterId`, oldest first (the notification relay's tail). */
export async function listRegistryEventsAfter({ tx, afterId, actions, limit }: { tx: Tx; afterId: number; actions: readonly RegistryEventAction[]; limit: number }): Promise<RegistryEventRow[]> {
  if (actions.length === 0) return [];
  return tx.selectFrom('registry_events').selectAll().where('id', '>', afterId).where('action', 'in', actions).orderBy('id').limit(limit).execute();
}
