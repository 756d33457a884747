/**
 * Ranked search (`q=`) on the real dataset (the official registry's 464-server
 * seed), on every database: the common `io.github.` namespace prefix matches
 * nothing, a name's last segment, the title and the description outrank the
 * namespace, the last word matches by prefix and any word the end of a name word
 * ("sql" finds mysql and mssql), and the official `search=` keeps its
 * substring-of-name meaning.
 * The seed holds no PostgreSQL server, so two are published beside it. Also: a
 * catalog stored before migration 008 is indexed anew when the store opens.
 */
import { readFileSync } from 'node:fs';
import { Migrator, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerJson } from '../src/catalog/index.js';
import { openPostgres } from '../src/store/dialects/postgres.js';
import { openSqlite } from '../src/store/dialects/sqlite.js';
import { listServerVersions, openStore } from '../src/store/index.js';
import { migrations } from '../src/store/migrations/index.js';
import { DATABASES, scratchDatabase, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { serverDoc } from './support/serverDocs.js';

const DATASET = '/work/shared/datasets/official-seed-2025-05.json';

describe.each(DATABASES)('ranked search on the real dataset on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    const docs = JSON.parse(readFileSync(DATASET, 'utf8')) as ServerJson[];
    /** Names of every result of a latest-version search, best first. */
    const search = async (q: string): Promise<string[]> => {
      const res = await t.app.inject({ url: `/v0.1/servers?version=latest&limit=100&q=${encodeURIComponent(q)}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().servers.map((s: { server: ServerJson }) => s.server.name);
    };

    beforeAll(async () => {
      t = await testToolshed(kind);
      for (const doc of docs) await t.catalog.importDocument(doc);
      const extra = [
        serverDoc('io.github.crystaldba/postgres-mcp', '0.3.0', {
          title: 'Postgres MCP Pro',
          description: 'Index tuning, explain plans and health checks for your database',
        }),
        serverDoc('com.example/db-inspector', '1.0.0', { description: 'Inspect the schemas of PostgreSQL and MySQL databases' }),
        serverDoc('io.github.weatherly/forecasts', '1.0.0', { description: 'Daily forecasts for any city' }),
      ];
      for (const doc of extra) {
        const res = await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: doc });
        expect(res.statusCode, res.body).toBe(200);
      }
    }, 120_000);
    afterAll(async () => {
      await t?.destroy();
    });

    it('"github" finds the GitHub servers, not every io.github.* name', async () => {
      const found = await search('github');
      expect(new Set(found.slice(0, 2))).toEqual(new Set(['io.github.ko1ynnky/github-actions-mcp-server', 'io.github.ddukbg/github-enterprise-mcp']));
      // The third mentions github.com in its description; nothing else says GitHub.
      expect(found).toEqual([...found.slice(0, 2), 'io.github.gongrzhe/redis-mcp-server']);
    });

    it('"sql" finds the MySQL and MSSQL servers by a part of their names', async () => {
      expect(new Set(await search('sql'))).toEqual(
        new Set([
          'io.github.aliyun/alibabacloud-adb-mysql-mcp-server',
          'io.github.benborla/mcp-server-mysql',
          'io.github.designcomputer/mysql_mcp_server',
          'io.github.jexinsam/mssql_mcp_server',
          'io.github.amornpan/py-mcp-mssql',
          'io.github.daobataotie/mssql-mcp',
        ]),
      );
    });

    it('"postgres" finds the PostgreSQL servers, a name match first', async () => {
      expect(await search('postgres')).toEqual(['io.github.crystaldba/postgres-mcp', 'com.example/db-inspector']);
      expect(await search('postgresql')).toEqual(['com.example/db-inspector']);
    });

    it('ranks a match in the name above one in the namespace, and matches word prefixes', async () => {
      const weather = await search('weather');
      expect(weather[0]).toBe('io.github.isdaniel/mcp_weather_server');
      expect(weather).toContain('io.github.mschneider82/mcp-openweather');
      expect(weather.at(-1)).toBe('io.github.weatherly/forecasts');
      expect(await search('forecas')).toEqual(['io.github.weatherly/forecasts']);
      // The owner is still searchable, only weighed least.
      expect((await search('aliyun')).every((n) => n.startsWith('io.github.aliyun/'))).toBe(true);
      expect(await search('aliyun')).toHaveLength(3);
    });

    it('keeps the official search= a case-insensitive substring of the whole name', async () => {
      const res = await t.app.inject({ url: '/v0.1/servers?version=latest&limit=100&search=GitHub' });
      expect(res.json().servers).toHaveLength(100);
      const sql = await t.app.inject({ url: '/v0.1/servers?version=latest&limit=100&search=sql' });
      expect(sql.json().servers.map((s: { server: ServerJson }) => s.server.name)).toHaveLength(6);
    });
  });
});

describe.each(DATABASES)('search index migration on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    it('indexes the versions stored before it by their name parts and owner', async () => {
      const scratch = await scratchDatabase(kind);
      try {
        const old = scratch.databaseUrl ? openPostgres({ url: scratch.databaseUrl }) : openSqlite(scratch.dataDir);
        const before = Object.entries(migrations).filter(([name]) => name < '008');
        const migrator = new Migrator({
          db: old.db,
          provider: { getMigrations: async () => Object.fromEntries(before.map(([n, m]) => [n, { up: (db: Kysely<unknown>) => m.up(db, old.name) }])) },
          migrationTableName: 'toolshed_migrations',
          migrationLockTableName: 'toolshed_migrations_lock',
        });
        expect((await migrator.migrateToLatest()).error).toBeUndefined();
        for (const [name, description] of [
          ['io.github.benborla/mcp-server-mysql', 'Read-only access'],
          ['io.github.acme/notes', 'Notes'],
        ]) {
          await sql`INSERT INTO server_versions (name, version, doc, status_changed_at, published_at, updated_at, is_latest, description)
            VALUES (${name}, '1.0.0', '{}', 1, 1, 1, 1, ${description})`.execute(old.db);
        }
        await old.close();

        const store = await openStore({ dataDir: scratch.dataDir, databaseUrl: scratch.databaseUrl });
        try {
          const found = async (text: string) => (await listServerVersions({ store, filter: { includeDeleted: false, text }, limit: 10 })).map((r) => r.name);
          expect(await found('sql')).toEqual(['io.github.benborla/mcp-server-mysql']);
          expect(await found('acme')).toEqual(['io.github.acme/notes']);
          expect(await found('github')).toEqual([]);
        } finally {
          await store.close();
        }
      } finally {
        await scratch.drop();
      }
    });
  });
});
