/**
 * `toolshed admin …` as an operator runs it on a fresh install (a child process
 * per command, on the store directly, no identity provider, no server), on every
 * database: where the admin token is (shown only with --show), listing people,
 * granting and taking back roles, creating a service token whose secret then
 * works against a server on the same database, and exit code 2 with a message
 * for bad roles, groups, people and expiries.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectory } from '../src/access/createDirectory.js';
import { loadConfig } from '../src/config.js';
import { createToolshed } from '../src/createToolshed.js';
import { openStore } from '../src/store/index.js';
import { runToolshed, type ToolshedRun } from './support/runToolshed.js';
import { DATABASES, scratchDatabase, unavailable, type ScratchDatabase } from './support/testDatabases.js';
import { ISSUER } from './support/people.js';

describe.each(DATABASES)('admin CLI on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let db: ScratchDatabase;
    const env = (extra: Record<string, string> = {}) => ({
      TOOLSHED_DATA_DIR: db.dataDir,
      TOOLSHED_LOG_LEVEL: 'silent',
      TOOLSHED_REVIEW_DEFAULT: 'approve',
      ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
      ...extra,
    });
    const toolshed = (...args: string[]): Promise<ToolshedRun> => runToolshed(args, { env: env() });
    /** Each command is a child process starting TypeScript: a few seconds on a busy machine. */
    const SLOW = 180_000;

    beforeAll(async () => {
      db = await scratchDatabase(kind);
    });
    afterAll(async () => {
      await db?.drop();
    });

    it(
      'says where the admin token is, and prints it only with --show',
      async () => {
        const where = await toolshed('admin', 'token');
        expect(where.status).toBe(0);
        const file = join(db.dataDir, 'admin-token');
        const token = readFileSync(file, 'utf8').trim();
        expect(token).toMatch(/^tsa_/);
        expect(where.stdout).toContain(file);
        expect(where.stdout).not.toContain(token);
        const shown = await toolshed('admin', 'token', '--show');
        expect(shown).toMatchObject({ status: 0, stdout: `${token}\n` });
        const configured = await runToolshed(['admin', 'token'], { env: env({ TOOLSHED_ADMIN_TOKEN: 'configured-admin-token-123456' }) });
        expect(configured.stdout).toMatch(/set in configuration/);
        expect(configured.stdout).not.toContain('configured-admin-token-123456');
      },
      SLOW,
    );

    it(
      'lists people, grants and takes back roles, and refuses what it cannot do',
      async () => {
        expect((await toolshed('admin', 'users')).stdout).toMatch(/^nobody has signed in yet/);
        const store = await openStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
        const directory = createDirectory({ store, config: { adminUsers: [] } });
        const alice = await directory.recordSignIn({
          issuer: ISSUER,
          subject: 'alice',
          email: 'alice@example.com',
          emailVerified: true,
          claimGroups: ['eng'],
          claimRoles: [],
        });
        // Claims alice's address without the IdP verifying it, and carol's address is nobody's verified one.
        const mallory = await directory.recordSignIn({ issuer: ISSUER, subject: 'mallory', email: 'ALICE@example.com', emailVerified: false, claimGroups: [], claimRoles: [] });
        await directory.recordSignIn({ issuer: ISSUER, subject: 'carol', email: 'carol@example.com', claimGroups: [], claimRoles: [] });
        await store.close();

        const granted = await toolshed('admin', 'grant', 'alice@example.com', 'publisher');
        expect(granted.stderr).toBe('');
        expect(granted).toMatchObject({ status: 0 });
        expect(granted.stdout).toMatch(/^granted publisher: usr_/);
        expect((await toolshed('admin', 'grant', alice.id, 'admin')).status).toBe(0);
        const listed = await toolshed('admin', 'users', '--json');
        expect(JSON.parse(listed.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ id: alice.id, assignedRoles: ['admin', 'publisher'], groups: ['eng'] })]));
        // The grants by email went to the person holding it verified, not to the one merely claiming it.
        expect(JSON.parse(listed.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ id: mallory.id, assignedRoles: [] })]));
        const unverified = await toolshed('admin', 'grant', 'carol@example.com', 'admin');
        expect(unverified.status).toBe(2);
        expect(unverified.stderr).toMatch(/carol@example.com.*nobody holds it verified.*name the person by id or subject/);
        expect((await toolshed('admin', 'grant', 'carol', 'reviewer')).stdout).toMatch(/^granted reviewer: usr_.*carol@example.com/);
        expect((await toolshed('admin', 'users')).stdout).toContain('roles admin,publisher,user (assigned admin,publisher)');

        expect((await toolshed('admin', 'revoke-role', 'alice@example.com', 'admin')).status).toBe(0);
        const again = await toolshed('admin', 'revoke-role', 'alice@example.com', 'admin');
        expect(again.status).toBe(2);
        expect(again.stderr).toMatch(/has no assigned role admin: they do not have it/);
        const badRole = await toolshed('admin', 'grant', 'alice@example.com', 'wizard');
        expect(badRole.status).toBe(2);
        expect(badRole.stderr).toContain("unknown role 'wizard': roles are admin, publisher, reviewer, auditor, user");
        const nobody = await toolshed('admin', 'grant', 'bob@example.com', 'admin');
        expect(nobody.status).toBe(2);
        expect(nobody.stderr).toMatch(/Nobody with id, subject or email 'bob@example.com' has signed in yet/);
        expect((await toolshed('admin', 'grant')).status).toBe(2);
      },
      SLOW,
    );

    it(
      'creates a service token whose secret works against the server, and refuses bad ones',
      async () => {
        const created = await toolshed('admin', 'create-service-token', '--name', 'release ci', '--role', 'publisher', '--group', 'eng', '--scope', 'catalog:publish', '--expires-days', '7');
        expect(created.status).toBe(0);
        const secret = created.stdout.trim();
        expect(secret).toMatch(/^tss_[A-Za-z0-9_-]{43}$/);
        expect(created.stderr).toMatch(/created service token tok_\S+ "release ci": roles publisher, groups eng, scopes catalog:publish/);

        for (const [args, message] of [
          [['--role', 'wizard'], /Unknown role 'wizard'/],
          [['--role', 'user', '--group', 'nowhere'], /Unknown group 'nowhere'/],
          [['--role', 'user', '--expires-days', '9999'], /expiresInDays must be a whole number from 1 to 365/],
          [['--role', 'user', '--scope', 'catalog:publish'], /needs the permission "catalog.publish"/],
          [[], /at least one --role/],
        ] as const) {
          const refused = await toolshed('admin', 'create-service-token', '--name', 'bad', ...args);
          expect(refused.status, args.join(' ')).toBe(2);
          expect(refused.stderr, args.join(' ')).toMatch(message);
        }

        const t = await createToolshed(
          loadConfig({}, { dataDir: db.dataDir, logLevel: 'silent', verifyPackages: [], reviewDefault: 'approve', ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : {}) }),
        );
        try {
          const me = await t.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${secret}` } });
          expect(me.statusCode).toBe(200);
          expect(me.json()).toMatchObject({ via: 'service-token', label: 'release ci', groups: ['eng'], permissions: ['catalog.read', 'catalog.publish'] });
          const tokens = await t.store.db.selectFrom('api_tokens').select('name').execute();
          expect(tokens.map((x) => x.name)).toEqual(['release ci']);
          const actors = await t.store.db.selectFrom('access_changes').select('actor').distinct().execute();
          expect(actors.map((a) => a.actor).every((a) => a.startsWith('cli:'))).toBe(true);
        } finally {
          await t.close();
        }
      },
      SLOW,
    );
  });
});
