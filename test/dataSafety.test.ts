/**
 * Data safety with real processes and a real outage: the embedded database's pid
 * lock refuses a second live process (either way round) and reaps a dead one's lock;
 * SIGKILL in the middle of `toolshed import` leaves only whole versions with a
 * consistent latest flag, and a re-run finishes the job (on every database); a
 * PostgreSQL outage answers 503 problem+json with Retry-After and the same app
 * recovers when the database comes back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkApiShape, validateServerJson } from '../src/catalog/index.js';
import { loadConfig } from '../src/config.js';
import { createToolshed, type Toolshed } from '../src/createToolshed.js';
import { openStore, type Store } from '../src/store/index.js';
import { DATABASES, PG_URL, scratchDatabase, unavailable, type ScratchDatabase } from './support/testDatabases.js';
import { CuttableProxy } from './support/cuttableProxy.js';
import { serverDoc } from './support/serverDocs.js';

const ROOT = join(import.meta.dirname, '..');
const DATASET = '/work/shared/datasets/official-seed-2025-05.json';
const ADMIN_TOKEN = 'data-safety-admin-token-0123456789';

interface Child {
  process: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function toolshed(args: string[], db: { dataDir: string; databaseUrl?: string | undefined }): Child {
  const child = spawn(process.execPath, ['bin/toolshed.js', ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      TOOLSHED_DATA_DIR: db.dataDir,
      TOOLSHED_HOST: '127.0.0.1',
      TOOLSHED_PORT: '0',
      TOOLSHED_ADMIN_TOKEN: ADMIN_TOKEN,
      TOOLSHED_REVIEW_DEFAULT: 'approve',
      ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (b: Buffer) => (out += b));
  child.stderr!.on('data', (b: Buffer) => (err += b));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { process: child, stdout: () => out, stderr: () => err, exited };
}

/** Resolves once `toolshed serve` logs that it listens, or rejects if it exits first. */
async function serving(child: Child): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.stdout().includes('toolshed is serving')) return;
    if (child.process.exitCode !== null) throw new Error(`serve exited ${child.process.exitCode}: ${child.stderr()}`);
    await sleep(50);
  }
  throw new Error('serve did not start');
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('close', resolve));
  return child.pid!;
}

describe('the embedded database lock', () => {
  let db: ScratchDatabase;
  const lockFile = () => join(db.dataDir, 'toolshed.db.lock');
  beforeAll(async () => {
    db = await scratchDatabase('sqlite');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('refuses `toolshed serve` while this process holds the store', async () => {
    const store = await openStore({ dataDir: db.dataDir });
    try {
      const child = toolshed(['serve'], db);
      const { code } = await child.exited;
      expect(code).not.toBe(0);
      expect(child.stderr()).toContain(`The database is in use by another Toolshed process (pid ${process.pid})`);
      expect(child.stderr()).not.toMatch(/\n\s+at /);
      expect(child.stdout()).not.toContain('toolshed is serving');
    } finally {
      await store.close();
    }
    expect(existsSync(lockFile())).toBe(false);
  });

  it('refuses to open the store while a live `toolshed serve` holds it, and opens once it stops', async () => {
    const child = toolshed(['serve'], db);
    try {
      await serving(child);
      await expect(openStore({ dataDir: db.dataDir })).rejects.toThrow(`The database is in use by another Toolshed process (pid ${child.process.pid})`);
    } finally {
      child.process.kill('SIGTERM');
    }
    expect((await child.exited).code).toBe(0);
    const store = await openStore({ dataDir: db.dataDir });
    await store.close();
  });

  it('reaps a stale lock left by a dead process', async () => {
    const pid = await deadPid();
    writeFileSync(lockFile(), String(pid));
    const store = await openStore({ dataDir: db.dataDir });
    expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
    await store.close();

    // A SIGKILLed server leaves its lock behind; the next server starts anyway.
    const killed = toolshed(['serve'], db);
    await serving(killed);
    killed.process.kill('SIGKILL');
    await killed.exited;
    expect(readFileSync(lockFile(), 'utf8')).toBe(String(killed.process.pid));
    const next = toolshed(['serve'], db);
    try {
      await serving(next);
    } finally {
      next.process.kill('SIGTERM');
    }
    expect((await next.exited).code).toBe(0);
  });
});

/** A few thousand valid documents derived from the real dataset: each server in several versions. */
function importDocuments(): Array<Record<string, unknown>> {
  const seed = existsSync(DATASET)
    ? (JSON.parse(readFileSync(DATASET, 'utf8')) as Array<Record<string, unknown>>)
    : Array.from({ length: 400 }, (_, i) => serverDoc(`com.example/generated-${i}`, '1.0.0'));
  const valid = seed.filter((doc) => {
    const shape = checkApiShape(doc);
    return shape.ok && validateServerJson(shape.value).valid;
  });
  // Out of order on purpose, so the latest flag moves back and forth during the import.
  const versions = ['1.0.0', '0.9.0', '2.0.0', '1.5.0', '2.0.0-rc.1', '0.1.0', '3.0.0-beta.2', '1.0.1'];
  return versions.flatMap((version) => valid.map((doc) => ({ ...doc, version })));
}

interface StoredRow {
  name: string;
  version: string;
  doc: string;
  status: string;
  is_latest: number;
}

/** Checks the invariants of a catalog against the documents it was imported from. */
async function checkCatalog(store: Store, source: Map<string, string>): Promise<StoredRow[]> {
  const rows = (await store.db.selectFrom('server_versions').select(['name', 'version', 'doc', 'status', 'is_latest']).execute()) as StoredRow[];
  const byName = new Map<string, StoredRow[]>();
  for (const row of rows) {
    const doc = JSON.parse(row.doc) as { name: string; version: string };
    expect([doc.name, doc.version]).toEqual([row.name, row.version]);
    expect(row.doc).toBe(source.get(`${row.name}@${row.version}`));
    byName.set(row.name, [...(byName.get(row.name) ?? []), row]);
  }
  for (const [name, versions] of byName) {
    const latest = versions.filter((r) => r.is_latest === 1);
    expect(latest, name).toHaveLength(versions.some((r) => r.status !== 'deleted') ? 1 : latest.length);
    expect(latest.length, name).toBeLessThanOrEqual(1);
    const highest = versions.map((r) => r.version).sort(semver.rcompare)[0];
    expect(latest[0]?.version, name).toBe(highest);
  }
  const urls = await store.db.selectFrom('server_remote_urls').select(['url', 'name', 'version']).execute();
  const stored = new Set(rows.map((r) => `${r.name}@${r.version}`));
  for (const u of urls) expect(stored.has(`${u.name}@${u.version}`), u.url).toBe(true);
  const expectedUrls = rows.flatMap((r) => ((JSON.parse(r.doc) as { remotes?: Array<{ url: string }> }).remotes ?? []).map((x) => `${x.url} ${r.name}@${r.version}`));
  expect(new Set(urls.map((u) => `${u.url} ${u.name}@${u.version}`))).toEqual(new Set(expectedUrls));
  return rows;
}

async function storedCount(db: ScratchDatabase): Promise<number> {
  if (db.databaseUrl) {
    const client = new pg.Client({ connectionString: db.databaseUrl });
    await client.connect();
    try {
      return Number((await client.query('SELECT count(*) AS n FROM server_versions')).rows[0].n);
    } catch {
      return 0; // not migrated yet
    } finally {
      await client.end();
    }
  }
  const file = join(db.dataDir, 'toolshed.db');
  if (!existsSync(file)) return 0;
  const reader = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (reader.prepare('SELECT count(*) AS n FROM server_versions').get() as { n: number }).n;
  } catch {
    return 0;
  } finally {
    reader.close();
  }
}

describe.each(DATABASES)('an import killed midway on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let db: ScratchDatabase;
    beforeAll(async () => {
      db = await scratchDatabase(kind);
    });
    afterAll(async () => {
      await db?.drop();
    });

    it('leaves only whole versions behind, and a re-run completes it', { timeout: 240_000 }, async () => {
      const docs = importDocuments();
      expect(docs.length).toBeGreaterThan(2000);
      const source = new Map(docs.map((d) => [`${d.name}@${d.version}`, JSON.stringify(d)]));
      expect(source.size).toBe(docs.length);
      const file = join(db.dataDir, 'import.json');
      writeFileSync(file, JSON.stringify(docs));

      const first = toolshed(['import', file], db);
      let seen = 0;
      for (let i = 0; i < 6000 && seen < 300 && first.process.exitCode === null; i++) {
        await sleep(10);
        seen = await storedCount(db);
      }
      first.process.kill('SIGKILL');
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
      expect(seen).toBeGreaterThanOrEqual(300);

      const store = await openStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
      let stored: number;
      try {
        stored = (await checkCatalog(store, source)).length;
        if (kind === 'sqlite') {
          const check = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(store.db);
          expect(check.rows).toEqual([{ integrity_check: 'ok' }]);
        }
      } finally {
        await store.close();
      }
      expect(stored).toBeGreaterThanOrEqual(seen);
      expect(stored).toBeLessThan(docs.length);

      const second = toolshed(['import', '--quiet', file], db);
      expect(await second.exited, second.stderr()).toEqual({ code: 0, signal: null });
      expect(second.stdout()).toContain(`imported ${docs.length} documents: ${docs.length - stored} created, ${stored} unchanged, 0 failed`);
      const after = await openStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
      try {
        const rows = await checkCatalog(after, source);
        expect(rows).toHaveLength(docs.length);
        expect(new Set(rows.map((r) => `${r.name}@${r.version}`))).toEqual(new Set(source.keys()));
      } finally {
        await after.close();
      }
    });
  });
});

describe.skipIf(unavailable('postgres'))('a PostgreSQL outage', () => {
  let db: ScratchDatabase;
  let proxy: CuttableProxy;
  let toolshedApp: Toolshed;
  beforeAll(async () => {
    db = await scratchDatabase('postgres');
    const target = new URL(PG_URL!);
    proxy = new CuttableProxy({ host: target.hostname, port: Number(target.port || 5432) });
    await proxy.open();
    const proxied = new URL(db.databaseUrl!);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    toolshedApp = await createToolshed(loadConfig({}, { dataDir: db.dataDir, databaseUrl: proxied.toString(), adminToken: ADMIN_TOKEN, logLevel: 'silent', reviewDefault: 'approve' }));
  });
  afterAll(async () => {
    await toolshedApp?.close();
    await proxy?.cut();
    await db?.drop();
  });

  let limit = 1;
  let patch = 0;
  const requests = () => [
    // A new limit each time, so the response cache cannot answer.
    { method: 'GET' as const, url: `/v0.1/servers?limit=${limit++}` },
    {
      method: 'POST' as const,
      url: '/v0.1/publish',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: serverDoc('com.example/outage', `1.0.${patch++}`),
    },
    { method: 'GET' as const, url: '/v0.1/health' },
  ];

  it('answers 503 problem+json with Retry-After while the database is gone, then recovers', async () => {
    for (const request of requests()) {
      expect((await toolshedApp.app.inject(request)).statusCode, request.url).toBeLessThan(300);
    }

    await proxy.cut();
    for (const request of requests()) {
      const res = await toolshedApp.app.inject(request);
      expect(res.statusCode, `${request.url}: ${res.body}`).toBe(503);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      expect(res.json()).toEqual({
        title: 'Service Unavailable',
        status: 503,
        detail: 'The registry database is unavailable right now; retry shortly.',
        code: 'STORE_UNAVAILABLE',
      });
      expect(res.body).not.toMatch(/ECONN|127\.0\.0\.1|5432|postgres|terminated|select|stack/i);
      expect(res.body).not.toContain(String(proxy.port));
    }

    await proxy.open();
    const [list, publish, health] = await Promise.all(requests().map((r) => toolshedApp.app.inject(r)));
    expect(publish!.statusCode, publish!.body).toBe(200);
    expect(health!.statusCode, health!.body).toBe(200);
    expect(list!.statusCode, list!.body).toBe(200);
    const names = (await toolshedApp.app.inject({ url: `/v0.1/servers?limit=${limit++}` }))
      .json()
      .servers.map((s: { server: { name: string; version: string } }) => `${s.server.name}@${s.server.version}`);
    expect(names).toContain(`com.example/outage@1.0.${patch - 1}`);
  });

  it('after the outage, writes by another replica still invalidate this one’s cache (the listener reconnected)', async () => {
    const other = await createToolshed(loadConfig({}, { dataDir: db.dataDir, databaseUrl: db.databaseUrl!, adminToken: ADMIN_TOKEN, logLevel: 'silent', reviewDefault: 'approve' }));
    try {
      const url = `/v0.1/servers/${encodeURIComponent('com.example/after-outage')}/versions/latest`;
      const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
      expect((await other.app.inject({ method: 'POST', url: '/v0.1/publish', headers: auth, payload: serverDoc('com.example/after-outage', '1.0.0') })).statusCode).toBe(200);
      // Poll until this replica reads (and caches) 1.0.0: it needs its listener back first.
      let seen = '';
      for (let i = 0; i < 150 && seen !== '1.0.0'; i++) {
        await new Promise((r) => setTimeout(r, 20));
        const res = await toolshedApp.app.inject({ url });
        seen = res.statusCode === 200 ? res.json().server.version : '';
      }
      expect(seen).toBe('1.0.0');
      expect((await other.app.inject({ method: 'POST', url: '/v0.1/publish', headers: auth, payload: serverDoc('com.example/after-outage', '2.0.0') })).statusCode).toBe(200);
      for (let i = 0; i < 150 && seen !== '2.0.0'; i++) {
        await new Promise((r) => setTimeout(r, 20));
        seen = (await toolshedApp.app.inject({ url })).json().server.version;
      }
      expect(seen).toBe('2.0.0');
    } finally {
      await other.close();
    }
  });
});
