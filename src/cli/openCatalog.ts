/**
 * The store and catalog as the CLI uses them: opened directly (SQLite: the server
 * stopped), no response cache. Versions the CLI brings in (an import, a federation
 * sync) start their review as they would in the server: under the source's approval
 * policy, without the probe (the CLI runs no inventory), so a version with a remote
 * is settled on the checks it has.
 */
import { createCatalog } from '../catalog/index.js';
import type { Config } from '../config.js';
import { validationOptions } from '../createToolshed.js';
import { createReviews, type Reviews } from '../governance/index.js';
import { openStore, type Tx } from '../store/index.js';

export async function openCatalog(cfg: Config) {
  const store = await openStore({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, poolSize: cfg.databasePoolSize });
  let rematerialize = async (_tx: Tx, _names: string[]): Promise<void> => {};
  const catalog = createCatalog({
    store,
    cacheBytes: 0,
    validation: validationOptions(cfg),
    startReview: (tx, submission) => reviews.start(tx, submission),
    rematerializeMirrored: (tx, name) => rematerialize(tx, [name]),
  });
  const reviews: Reviews = createReviews({ store, catalog, defaultAction: cfg.reviewDefault, ownershipChecked: false });
  return {
    store,
    catalog,
    reviews,
    /** Lets review decisions on mirrored versions recompute their rows through the federation opened beside. */
    bindFederation(federation: { rematerialize(tx: Tx, names: string[]): Promise<void> }): void {
      rematerialize = (tx, names) => federation.rematerialize(tx, names);
    },
  };
}
