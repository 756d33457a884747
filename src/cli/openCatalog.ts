/** The store and catalog as the CLI uses them: opened directly (SQLite: the server stopped), no response cache. */
import { createCatalog } from '../catalog/index.js';
import type { Config } from '../config.js';
import { validationOptions } from '../createToolshed.js';
import { openStore } from '../store/index.js';

export async function openCatalog(cfg: Config) {
  const store = await openStore({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, poolSize: cfg.databasePoolSize });
  return { store, catalog: createCatalog({ store, cacheBytes: 0, validation: validationOptions(cfg) }) };
}
