/**
 * The databases every store-touching test runs on: SQLite always, PostgreSQL when
 * TOOLSHED_TEST_PG_URL is set (CI always sets it). Each PostgreSQL test file gets
 * a scratch database of its own, dropped afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const PG_URL = process.env.TOOLSHED_TEST_PG_URL;
export const DATABASES = ['sqlite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASES)[number];

/** For `describe.skipIf`: PostgreSQL tests are reported as skipped on a machine without it. */
export function unavailable(kind: DatabaseKind): boolean {
  return kind === 'postgres' && !PG_URL;
}

export interface ScratchDatabase {
  /** `databaseUrl` for PostgreSQL, undefined for SQLite. */
  databaseUrl: string | undefined;
  dataDir: string;
  drop(): Promise<void>;
}

export async function scratchDatabase(kind: DatabaseKind): Promise<ScratchDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'toolshed-test-'));
  if (kind === 'sqlite') {
    return {
      databaseUrl: undefined,
      dataDir,
      async drop() {
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  if (!PG_URL) throw new Error('TOOLSHED_TEST_PG_URL is not set');
  const name = `toolshed_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    dataDir,
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
