/**
 * Local people, for trials without an identity provider and for break-glass: an
 * administrator adds them (admin API and `toolshed users add`), makes their
 * personal tokens (`POST /api/admin/users/{id}/tokens`, `toolshed tokens create
 * --user … --scope gateway`), lists and disables them; their tokens act as them
 * (a gateway token creates a connection once a rule allows it). Bad input is a
 * 422 naming the field, a taken email 409, a token for an IdP person 403. With
 * company sign-in configured they are off by default: none can be added and the
 * tokens of those that exist stop working, unless TOOLSHED_LOCAL_PEOPLE=true.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localPeopleEnabled } from '../src/access/localPeople.js';
import { loadConfig } from '../src/config.js';
import { createToolshed } from '../src/createToolshed.js';
import { signIn } from './support/people.js';
import { runToolshed } from './support/runToolshed.js';
import { DATABASES, scratchDatabase, unavailable } from './support/testDatabases.js';
import { ADMIN_TOKEN, AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';
const IDP = { oidcIssuer: 'https://idp.example.test', oidcClientId: 'toolshed', oidcClientSecret: 'client-secret', publicUrl: 'https://toolshed.example.test' };

describe.each(DATABASES)('local people on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let base: string;
    const api = (method: string, url: string, payload?: unknown, headers: Record<string, string> = AUTH) =>
      t.app.inject({ method: method as 'GET', url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
    const cli = (args: string[]) => runToolshed(args, { env: { TOOLSHED_URL: base, TOOLSHED_TOKEN: ADMIN_TOKEN } });

    beforeAll(async () => {
      t = await testToolshed(kind);
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      await t.catalog.importDocument({
        $schema: SCHEMA,
        name: 'com.example/weather',
        description: 'Forecasts',
        version: '1.0.0',
        remotes: [{ type: 'streamable-http', url: 'https://weather.example.com/mcp' }],
      } as never);
    });
    afterAll(async () => {
      await t?.destroy();
    });

    it('an administrator adds a local person, makes them a gateway token, and the token acts as them', async () => {
      const added = await api('POST', '/api/admin/users', { email: 'Alice@Example.com', name: 'Alice', roles: ['publisher'] });
      expect(added.statusCode).toBe(201);
      const alice = added.json();
      expect(alice).toMatchObject({ email: 'alice@example.com', name: 'Alice', local: true, disabled: false, lastLoginAt: null, assignedRoles: ['publisher'] });

      const listed = (await api('GET', '/api/admin/users')).json();
      expect(listed.metadata.localPeople).toBe(true);
      expect(listed.users.find((u: { id: string }) => u.id === alice.id)).toMatchObject({ local: true });

      const created = await api('POST', '/api/admin/users/alice@example.com/tokens', { name: 'laptop', scopes: ['gateway'] });
      expect(created.statusCode).toBe(201);
      const { secret, token } = created.json();
      expect(secret).toMatch(/^tsp_/);
      expect(token).toMatchObject({ kind: 'personal', userId: alice.id, scopes: ['gateway'], createdBy: expect.any(String) });

      const me = await api('GET', '/api/me', undefined, { authorization: `Bearer ${secret}` });
      expect(me.json()).toMatchObject({ id: alice.id, via: 'personal-token', permissions: ['gateway.connect'] });

      await t.accessPolicy.replaceAll([{ id: 'alice-weather', effect: 'allow', subject: { user: alice.id }, actions: ['discover', 'connect'], resource: { server: 'com.example/weather' } }], {
        actor: 'test',
      });
      const connection = await api('POST', '/api/me/connections', { server: 'com.example/weather', label: 'laptop' }, { authorization: `Bearer ${secret}` });
      expect(connection.statusCode).toBe(201);
      expect(connection.json().connection).toMatchObject({ userId: alice.id, server: 'com.example/weather' });
      await t.accessPolicy.replaceAll([], { actor: 'test' });

      // Disabling her stops the token at once.
      expect((await api('PATCH', `/api/admin/users/${alice.id}`, { disabled: true })).statusCode).toBe(200);
      expect((await api('GET', '/api/me', undefined, { authorization: `Bearer ${secret}` })).statusCode).toBe(401);
    });

    it('refuses bad input naming the field, a taken email, and tokens for people of the identity provider', async () => {
      const bad = await api('POST', '/api/admin/users', { email: 'not an email', name: 'x\u0007y' });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors.map((e: { location: string }) => e.location)).toEqual(['body.email', 'body.name']);
      expect(bad.json().detail).toMatch(/email must be an email address/);
      expect((await api('POST', '/api/admin/users', { email: 'bob@example.com', roles: ['superuser'] })).statusCode).toBe(422);

      await signIn(t, 'carol', { email: 'carol@example.com' });
      const taken = await api('POST', '/api/admin/users', { email: 'CAROL@example.com' });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().detail).toMatch(/carol@example.com already exists/);

      const forIdp = await api('POST', '/api/admin/users/carol@example.com/tokens', { name: 'x', scopes: ['gateway'] });
      expect(forIdp.statusCode).toBe(403);
      expect(forIdp.json().detail).toMatch(/identity provider/);

      expect((await api('POST', '/api/admin/users', { email: 'dave@example.com' })).statusCode).toBe(201);
      const tooMuch = await api('POST', '/api/admin/users/dave@example.com/tokens', { name: 'x', scopes: ['catalog:publish'] });
      expect(tooMuch.statusCode).toBe(422);
      expect(tooMuch.json().detail).toMatch(/catalog\.publish/);
      expect((await api('POST', '/api/admin/users/nobody@example.com/tokens', { name: 'x', scopes: ['gateway'] })).statusCode).toBe(404);
      // Only administrators add people.
      const dave = await api('POST', '/api/admin/users/dave@example.com/tokens', { name: 'x', scopes: ['admin'] });
      expect((await api('POST', '/api/admin/users', { email: 'eve@example.com' }, { authorization: `Bearer ${dave.json().secret}` })).statusCode).toBe(403);
    });

    it('the CLI adds, lists, disables and enables local people and prints a token once', async () => {
      const add = await cli(['users', 'add', 'frank@example.com', '--name', 'Frank', '--role', 'auditor']);
      expect(add.status, add.stderr).toBe(0);
      expect(add.stdout).toMatch(/^added usr_\S+ {2}frank@example\.com {2}local {2}roles auditor,user {2}enabled/);

      const token = await cli(['tokens', 'create', '--user', 'frank@example.com', '--scope', 'gateway']);
      expect(token.status, token.stderr).toBe(0);
      const secret = token.stdout.trim();
      expect(secret).toMatch(/^tsp_[A-Za-z0-9_-]{43}$/);
      expect(token.stderr).toMatch(/shown only now/);
      expect((await api('GET', '/api/me', undefined, { authorization: `Bearer ${secret}` })).json()).toMatchObject({ label: 'frank@example.com' });

      const list = await cli(['users', 'list']);
      expect(list.stdout).toMatch(/frank@example\.com {2}local/);
      expect(list.stdout).toMatch(/carol@example\.com {2}identity provider/);
      expect(list.stdout).toMatch(/local people are on/);

      expect((await cli(['users', 'disable', 'frank@example.com'])).stdout).toMatch(/^disabled: .*DISABLED/);
      expect((await api('GET', '/api/me', undefined, { authorization: `Bearer ${secret}` })).statusCode).toBe(401);
      expect((await cli(['users', 'enable', 'frank@example.com'])).stdout).toMatch(/^enabled: .* enabled/);
      expect((await api('GET', '/api/me', undefined, { authorization: `Bearer ${secret}` })).statusCode).toBe(200);

      const refused = await cli(['users', 'add', 'frank@example.com']);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/already exists/);
      expect((await cli(['tokens', 'create', '--user', 'frank@example.com'])).status).toBe(2);
    }, 180_000);
  });
});

describe.each(DATABASES)('local people when company sign-in is configured, on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    it('are off by default: none can be added and the tokens of those that exist stop working; TOOLSHED_LOCAL_PEOPLE=true keeps them', async () => {
      expect(localPeopleEnabled({ localPeople: undefined })).toBe(true);
      expect(localPeopleEnabled({ localPeople: undefined, ...IDP })).toBe(false);
      expect(localPeopleEnabled({ localPeople: true, ...IDP })).toBe(true);

      const db = await scratchDatabase(kind);
      const configOf = (extra: Record<string, unknown>) =>
        loadConfig({}, { dataDir: db.dataDir, ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : {}), adminToken: ADMIN_TOKEN, logLevel: 'silent', reviewDefault: 'approve', ...extra });
      let t = await createToolshed(configOf({}));
      try {
        const added = await t.app.inject({ method: 'POST', url: '/api/admin/users', headers: AUTH, payload: { email: 'trial@example.com' } });
        const secret = (await t.app.inject({ method: 'POST', url: '/api/admin/users/trial@example.com/tokens', headers: AUTH, payload: { name: 'x', scopes: ['gateway'] } })).json().secret;
        await t.close();

        t = await createToolshed(configOf(IDP));
        const refused = await t.app.inject({ method: 'POST', url: '/api/admin/users', headers: AUTH, payload: { email: 'late@example.com' } });
        expect(refused.statusCode).toBe(403);
        expect(refused.json().detail).toMatch(/TOOLSHED_LOCAL_PEOPLE=true/);
        expect((await t.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${secret}` } })).statusCode).toBe(401);
        expect((await t.app.inject({ url: '/api/admin/users', headers: AUTH })).json().metadata.localPeople).toBe(false);
        await t.close();

        t = await createToolshed(configOf({ ...IDP, localPeople: true }));
        expect((await t.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${secret}` } })).json()).toMatchObject({ id: added.json().id });
      } finally {
        await t.close();
        await db.drop();
      }
    });
  });
});
