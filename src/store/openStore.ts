/**
 * Opens the configured database and brings its schema up to date. SQLite under the
 * data directory unless a `postgres://` URL is given.
 */
import { Migrator, type Kysely, type MigrationProvider } from 'kysely';
import { openPostgres } from './dialects/postgres.js';
import { openSqlite } from './dialects/sqlite.js';
import type { StoreDialect } from './dialects/storeDialect.js';
import { migrations } from './migrations/index.js';

export type Store = StoreDialect;

export interface StoreOptions {
  /** `postgres://…` or `postgresql://…`; absent means the embedded SQLite database. */
  databaseUrl?: string | undefined;
  dataDir: string;
  poolSize?: number;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.databaseUrl ? openPostgres({ url: options.databaseUrl, ...(options.poolSize ? { poolSize: options.poolSize } : {}) }) : openSqlite(options.dataDir);
  try {
    await migrate(store);
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
  return store;
}

async function migrate(store: Store): Promise<void> {
  const provider: MigrationProvider = {
    async getMigrations() {
      return Object.fromEntries(Object.entries(migrations).map(([name, m]) => [name, { up: (db: Kysely<unknown>) => m.up(db, store.name) }]));
    },
  };
  const migrator = new Migrator({
    db: store.db,
    provider,
    migrationTableName: 'toolshed_migrations',
    migrationLockTableName: 'toolshed_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed: ${(error as Error).message}`);
  }
}
