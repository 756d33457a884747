import type { Tx } from '../schema.js';
import type { FederationSourceRow } from './listFederationSources.js';

export async function findFederationSource({ tx, name }: { tx: Tx; name: string }): Promise<FederationSourceRow | undefined> {
  return tx.selectFrom('federation_sources').selectAll().where('name', '=', name).executeTakeFirst();
}
