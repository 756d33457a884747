/** A whole Toolshed (store, catalog, HTTP app) on a scratch database, for tests. */
import { loadConfig, type Config } from '../../src/config.js';
import { createToolshed, type Toolshed, type ToolshedOptions } from '../../src/createToolshed.js';
import { scratchDatabase, type DatabaseKind } from './testDatabases.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const AUTH = { authorization: `Bearer ${ADMIN_TOKEN}` };

export interface TestToolshed extends Toolshed {
  /** Closes the app and drops the scratch database. */
  destroy(): Promise<void>;
}

export async function testToolshed(kind: DatabaseKind, overrides: Partial<Config> = {}, options: ToolshedOptions = {}): Promise<TestToolshed> {
  const db = await scratchDatabase(kind);
  const config = loadConfig(
    {},
    {
      dataDir: db.dataDir,
      ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : {}),
      adminToken: ADMIN_TOKEN,
      logLevel: 'silent',
      // Package ownership is tested against real registries on loopback (test/packageOwnership.test.ts);
      // elsewhere documents name packages that exist nowhere, so the checks are off unless asked for.
      verifyPackages: [],
      // Review is on in the product; tests about anything else publish straight to readers.
      // Governance tests opt in with { reviewDefault: 'review' }.
      reviewDefault: 'approve',
      ...overrides,
    },
  );
  let toolshed: Toolshed;
  try {
    toolshed = await createToolshed(config, options);
  } catch (err) {
    await db.drop();
    throw err;
  }
  return Object.assign(toolshed, {
    async destroy() {
      await toolshed.close();
      await db.drop();
    },
  });
}
