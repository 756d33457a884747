import type { Selectable } from 'kysely';
import type { FederationSourcesTable, Tx } from '../schema.js';

export type FederationSourceRow = Selectable<FederationSourcesTable>;

/** Every source, in precedence order (lower wins), then by name. */
export async function listFederationSources({ tx }: { tx: Tx }): Promise<FederationSourceRow[]> {
  return tx.selectFrom('federation_sources').selectAll().orderBy('precedence').orderBy('name').execute();
}
