/**
 * Data at rest: a data directory Toolshed creates is 0700 and the SQLite
 * database with its WAL and SHM files 0600; a browser session keeps the IdP's ID
 * token only sealed with the secret key, and still hands it to the provider's
 * logout (real oidc-provider, every database); migrating a database written
 * before removes the raw ID tokens of live sessions while keeping the sessions
 * (and, on SQLite, leaves no copy of them in the file).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createToolshed } from '../src/createToolshed.js';
import { openStore } from '../src/store/index.js';
import { openPostgres } from '../src/store/dialects/postgres.js';
import { openSqlite } from '../src/store/dialects/sqlite.js';
import { migrations } from '../src/store/migrations/index.js';
import { isSignInCallback, PUBLIC_URL, signInSettings, startSignInIdP, WEB_CLIENT_ID, type SignInIdP } from './support/startSignInIdP.js';
import { TestBrowser } from './support/testBrowser.js';
import { DATABASES, scratchDatabase, unavailable } from './support/testDatabases.js';
import { testToolshed, type TestToolshed } from './support/testToolshed.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;
/** A JWT-shaped ID token as an older Toolshed stored it. */
const RAW_ID_TOKEN = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: 'alice', secret: 'RAW-ID-TOKEN-CLAIMS' })).toString('base64url')}.c2lnbmF0dXJl`;

/** Whether the raw token's claims are anywhere in the SQLite database or its WAL. */
function inSqliteFiles(dataDir: string): boolean {
  const payload = RAW_ID_TOKEN.split('.')[1]!;
  return ['toolshed.db', 'toolshed.db-wal'].some((file) => existsSync(join(dataDir, file)) && readFileSync(join(dataDir, file)).includes(payload));
}

describe('the data directory Toolshed creates', () => {
  it('is 0700, and the database, WAL and SHM files 0600', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'toolshed-rest-'));
    const dataDir = join(parent, 'new', 'data');
    const toolshed = await createToolshed(loadConfig({}, { dataDir, adminToken: 'rest-admin-token-0123456789abcdef', logLevel: 'silent', verifyPackages: [], reviewDefault: 'approve' }));
    try {
      // A write, so the WAL and SHM files exist.
      await toolshed.directory.recordSignIn({ issuer: 'https://idp.example', subject: 'x', claimGroups: [], claimRoles: [] });
      expect(modeOf(dataDir)).toBe(0o700);
      expect(modeOf(join(parent, 'new'))).toBe(0o700);
      for (const file of ['toolshed.db', 'toolshed.db-wal', 'toolshed.db-shm', 'secret-key']) {
        expect(modeOf(join(dataDir, file)), file).toBe(0o600);
      }
    } finally {
      await toolshed.close();
      rmSync(parent, { recursive: true, force: true });
    }
  });
});

describe.each(DATABASES)('sessions at rest on %s', (kind) => {
  describe.skipIf(unavailable(kind))(kind, () => {
    let idp: SignInIdP;
    let t: TestToolshed;
    beforeAll(async () => {
      idp = await startSignInIdP();
      t = await testToolshed(kind, {
        ...signInSettings(idp),
      });
    });
    afterAll(async () => {
      await t?.destroy();
      await idp?.close();
    });

    it('keeps the ID token only sealed, and still sends it as the logout hint', async () => {
      idp.loginAs = 'alice';
      const browser = new TestBrowser(t.app, PUBLIC_URL);
      expect((await browser.follow('/auth/login', isSignInCallback)).status).toBe(302);
      const csrf = (JSON.parse((await browser.request('/api/session')).body) as { csrfToken: string }).csrfToken;
      const rows = await t.store.db.selectFrom('sessions').selectAll().execute();
      expect(rows).toHaveLength(1);
      const stored = JSON.stringify(rows);

      const logout = await browser.request('/auth/logout', { method: 'POST', headers: { 'x-csrf-token': csrf, origin: PUBLIC_URL } });
      expect(logout.status).toBe(303);
      const hint = new URL(String(logout.headers.location)).searchParams.get('id_token_hint')!;
      const [, payload] = hint.split('.');
      expect(JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'))).toMatchObject({ sub: 'alice', aud: WEB_CLIENT_ID });
      // Neither the token nor any part of it was in the table.
      expect(stored).not.toContain(payload);
      expect(rows[0]!.sign_out_hint).toMatch(/^v1:/);
    });
  });
});

describe.each(DATABASES)('migrating sessions on %s', (kind) => {
  describe.skipIf(unavailable(kind))(kind, () => {
    it('drops the raw ID tokens of live sessions and keeps the sessions', async () => {
      const scratch = await scratchDatabase(kind);
      try {
        // A database as the release before wrote it, with a signed-in session.
        const old = scratch.databaseUrl ? openPostgres({ url: scratch.databaseUrl }) : openSqlite(scratch.dataDir);
        const before = Object.entries(migrations).filter(([name]) => name < '009');
        const migrator = new Migrator({
          db: old.db,
          provider: { getMigrations: async () => Object.fromEntries(before.map(([name, m]) => [name, { up: (db: Kysely<unknown>) => m.up(db, old.name) }])) },
          migrationTableName: 'toolshed_migrations',
          migrationLockTableName: 'toolshed_migrations_lock',
        });
        expect((await migrator.migrateToLatest()).error).toBeUndefined();
        await sql`INSERT INTO sessions (id_hash, user_id, csrf_token, id_token, created_at, expires_at, last_seen_at, ip, user_agent)
          VALUES ('h1', 'usr_1', 'csrf', ${RAW_ID_TOKEN}, 1, ${Number.MAX_SAFE_INTEGER}, 1, NULL, NULL)`.execute(old.db);
        await old.close();
        // The harness itself: the token is in the file before.
        if (!scratch.databaseUrl) expect(inSqliteFiles(scratch.dataDir)).toBe(true);

        const store = await openStore({ databaseUrl: scratch.databaseUrl, dataDir: scratch.dataDir });
        try {
          const rows = await store.db.selectFrom('sessions').selectAll().execute();
          expect(rows).toEqual([expect.objectContaining({ id_hash: 'h1', user_id: 'usr_1', sign_out_hint: null })]);
          expect(Object.keys(rows[0]!)).not.toContain('id_token');
        } finally {
          await store.close();
        }
        if (!scratch.databaseUrl) expect(inSqliteFiles(scratch.dataDir)).toBe(false);
      } finally {
        await scratch.drop();
      }
    });
  });
});
