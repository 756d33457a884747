/**
 * Where each benchmark database lives: a temporary data directory for SQLite, a
 * scratch PostgreSQL database `toolshed_bench_<pid>[_suffix]` on 127.0.0.1 that is
 * dropped afterwards. PostgreSQL may be absent; the caller then skips it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const PG_ADMIN_URL = process.env.TOOLSHED_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface ScratchDatabase {
  /** For the config: a postgres:// URL, or undefined for SQLite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  drop(): Promise<void>;
}

/** Why PostgreSQL cannot be used, or undefined when it answers. */
export async function postgresUnavailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    return `PostgreSQL not reachable at ${new URL(PG_ADMIN_URL).host}: ${(err as Error).message}`;
  } finally {
    await client.end().catch(() => {});
  }
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function scratchDatabase(kind: DatabaseKind, suffix = ''): Promise<ScratchDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), `toolshed-bench-${kind}-`));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (kind === 'sqlite')
    return {
      databaseUrl: undefined,
      dataDir,
      async drop() {
        removeDir();
      },
    };
  const name = `toolshed_bench_${process.pid}${suffix ? `_${suffix}` : ''}`;
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    dataDir,
    async drop() {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      removeDir();
    },
  };
}
