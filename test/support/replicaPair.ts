/**
 * Two Toolsheds on one scratch PostgreSQL database, as two replicas behind a load
 * balancer would be: the setup of every cross-replica test (cache invalidation,
 * access-rule reloads, request-context invalidation).
 */
import type { Config } from '../../src/config.js';
import { loadConfig } from '../../src/config.js';
import { createToolshed, type Toolshed } from '../../src/createToolshed.js';
import { scratchDatabase } from './testDatabases.js';
import { ADMIN_TOKEN } from './testToolshed.js';

export interface ReplicaPair {
  a: Toolshed;
  b: Toolshed;
  /** Closes both replicas and drops the database. */
  close(): Promise<void>;
}

export async function startReplicaPair(overrides: Partial<Config> = {}): Promise<ReplicaPair> {
  const db = await scratchDatabase('postgres');
  const config = loadConfig({}, { dataDir: db.dataDir, databaseUrl: db.databaseUrl!, adminToken: ADMIN_TOKEN, logLevel: 'silent', ...overrides });
  const started: Toolshed[] = [];
  const close = async () => {
    for (const t of started) await t.close();
    await db.drop();
  };
  try {
    started.push(await createToolshed(config));
    started.push(await createToolshed(config));
  } catch (err) {
    await close();
    throw err;
  }
  return { a: started[0]!, b: started[1]!, close };
}
