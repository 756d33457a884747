/**
 * Two Toolsheds on one scratch PostgreSQL database, as two replicas behind a load
 * balancer would be: started at the same moment, each with a data directory of
 * its own (replicas on two machines share only the database). The setup of every
 * cross-replica test (cache invalidation, access-rule reloads, request-context
 * invalidation, the keys an install generates).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config.js';
import { loadConfig } from '../../src/config.js';
import { createToolshed, type Toolshed, type ToolshedOptions } from '../../src/createToolshed.js';
import { scratchDatabase } from './testDatabases.js';
import { ADMIN_TOKEN } from './testToolshed.js';

/** The TOOLSHED_SECRET_KEY both replicas are given. */
const REPLICA_SECRET_KEY = '5e'.repeat(32);

export interface ReplicaPair {
  a: Toolshed;
  b: Toolshed;
  /** Closes both replicas and drops the database. */
  close(): Promise<void>;
}

export async function startReplicaPair(overrides: Partial<Config> = {}, options: ToolshedOptions = {}): Promise<ReplicaPair> {
  const db = await scratchDatabase('postgres');
  const secondDataDir = mkdtempSync(join(tmpdir(), 'toolshed-test-replica-'));
  // Replicas share the secret key through configuration, as a deployment does (it never enters the database).
  const configOf = (dataDir: string) =>
    loadConfig({}, { dataDir, databaseUrl: db.databaseUrl!, adminToken: ADMIN_TOKEN, secretKey: REPLICA_SECRET_KEY, logLevel: 'silent', reviewDefault: 'approve', ...overrides });
  const settled = await Promise.allSettled([createToolshed(configOf(db.dataDir), options), createToolshed(configOf(secondDataDir), options)]);
  const started = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const close = async () => {
    for (const t of started) await t.close();
    await db.drop();
    rmSync(secondDataDir, { recursive: true, force: true });
  };
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  return { a: started[0]!, b: started[1]!, close };
}
