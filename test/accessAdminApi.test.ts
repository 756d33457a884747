/**
 * The people, groups and tokens administration API on every database: listing
 * and changing people (roles, disabling), defining groups and adding and removing
 * members, creating service tokens, each change logged in access_changes with
 * the caller as actor; and bad input (unknown role, unknown group, bad expiry,
 * bad names, unknown ids) refused with a 4xx saying what to fix and nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { personWithToken, signIn } from './support/people.js';

describe.each(DATABASES)('access administration API on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    const api = (method: string, url: string, payload?: unknown, headers: Record<string, string> = AUTH) =>
      t.app.inject({ method: method as 'GET', url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
    const counts = async () => ({
      changes: Number(
        (
          await t.store.db
            .selectFrom('access_changes')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      tokens: Number(
        (
          await t.store.db
            .selectFrom('api_tokens')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      groups: Number(
        (
          await t.store.db
            .selectFrom('access_groups')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    });

    beforeAll(async () => {
      t = await testToolshed(kind, { tokenMaxDays: 30 });
    });
    afterAll(async () => {
      await t?.destroy();
    });

    it('documents every access operation in /openapi.json', async () => {
      const doc = (await t.app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { operationId?: string; tags?: string[] }>> };
      const ops = Object.values(doc.paths)
        .flatMap((methods) => Object.values(methods))
        .filter((op) => op.tags?.includes('access') || op.tags?.includes('me'));
      // Other planes add their own `me` operations (connections, upstream secrets); these are the access plane's.
      expect(ops.map((op) => op.operationId).sort()).toEqual(
        expect.arrayContaining([
          'add-group-member',
          'create-group',
          'create-my-token',
          'create-service-token',
          'delete-group',
          'get-me',
          'get-user',
          'list-groups',
          'list-my-tokens',
          'list-tokens',
          'list-users',
          'remove-group-member',
          'revoke-my-token',
          'revoke-token',
          'update-user',
        ]),
      );
    });

    it('lists people a page at a time, shows one, assigns roles and disables', async () => {
      const people = [await signIn(t, 'p1', { groups: ['idp-group'] }), await signIn(t, 'p2'), await signIn(t, 'p3')];
      const page1 = await api('GET', '/api/admin/users?limit=2');
      expect(page1.statusCode).toBe(200);
      expect(page1.headers['cache-control']).toBe('no-store');
      expect(page1.json().users).toHaveLength(2);
      const page2 = await api('GET', `/api/admin/users?limit=2&cursor=${page1.json().metadata.nextCursor}`);
      const ids = [...page1.json().users, ...page2.json().users].map((u: { id: string }) => u.id);
      expect(ids.sort()).toEqual(people.map((p) => p.id).sort());

      const one = await api('GET', `/api/admin/users/${people[0]!.id}`);
      expect(one.json()).toMatchObject({ id: people[0]!.id, email: 'p1@example.com', groups: ['idp-group'], roles: ['user'], disabled: false });
      expect((await api('GET', '/api/admin/users/p2@example.com')).json().id).toBe(people[1]!.id);

      const changed = await api('PATCH', `/api/admin/users/${people[0]!.id}`, { roles: ['reviewer', 'publisher'] });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ assignedRoles: ['publisher', 'reviewer'], roles: ['publisher', 'reviewer', 'user'] });
      const change = await t.store.db.selectFrom('access_changes').selectAll().where('target', '=', people[0]!.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(change).toMatchObject({ actor: 'admin', action: 'update', target_kind: 'user' });
      expect(JSON.parse(change.new_value!)).toEqual({ roles: ['publisher', 'reviewer'], disabled: false });

      expect((await api('PATCH', `/api/admin/users/${people[1]!.id}`, { disabled: true })).json().disabled).toBe(true);
      await expect(signIn(t, 'p2')).rejects.toThrow(/disabled/);
    });

    it('refuses an unknown role, an unknown person and an empty change, writing nothing', async () => {
      const user = await signIn(t, 'strict');
      const before = await counts();
      const role = await api('PATCH', `/api/admin/users/${user.id}`, { roles: ['superuser'] });
      expect(role.statusCode).toBe(422);
      expect(role.headers['content-type']).toContain('application/problem+json');
      expect(role.json().errors[0]).toMatchObject({ location: 'body.roles.0', message: 'expected value to be one of "admin, publisher, reviewer, auditor, user"' });
      const nobody = await api('PATCH', '/api/admin/users/usr_nobody', { roles: ['admin'] });
      expect(nobody.statusCode).toBe(404);
      expect(nobody.json().detail).toMatch(/No person with id 'usr_nobody'/);
      expect((await api('PATCH', `/api/admin/users/${user.id}`, {})).statusCode).toBe(422);
      expect(await counts()).toEqual(before);
      expect((await t.directory.findUser(user.id))!.assignedRoles).toEqual([]);
    });

    it('finds a person by id, subject or an email they hold verified, never by an unverified one', async () => {
      const owner = await signIn(t, 'owner-sub', { email: 'owner@corp.example' });
      // A second account claiming the same address, unverified: it must never be the one found.
      const claimer = await signIn(t, 'claimer-sub', { email: 'Owner@corp.example', emailVerified: false });
      const unverified = await signIn(t, 'loose-sub', { email: 'loose@corp.example', emailVerified: false });
      expect((await api('GET', '/api/admin/users/owner@corp.example')).json().id).toBe(owner.id);
      expect((await api('GET', '/api/admin/users/claimer-sub')).json().id).toBe(claimer.id);
      expect((await api('GET', `/api/admin/users/${unverified.id}`)).json().id).toBe(unverified.id);
      const loose = await api('GET', '/api/admin/users/loose@corp.example');
      expect(loose.statusCode).toBe(409);
      expect(loose.headers['content-type']).toContain('application/problem+json');
      expect(loose.json().detail).toMatch(/nobody holds it verified.*name the person by id or subject/);
      // One IdP subject under two issuers: ambiguous, so the id is asked for.
      const elsewhere = await t.directory.recordSignIn({
        issuer: 'https://other-idp.example.test',
        subject: 'owner-sub',
        email: 'other@corp.example',
        emailVerified: true,
        claimGroups: [],
        claimRoles: [],
      });
      const twice = await api('GET', '/api/admin/users/owner-sub');
      expect(twice.statusCode).toBe(409);
      expect(twice.json().detail).toContain(elsewhere.id);
      expect(twice.json().detail).toContain(owner.id);
    });

    it('defines groups, adds and removes members, and removes groups', async () => {
      const member = await signIn(t, 'member');
      const created = await api('POST', '/api/admin/groups', { name: 'platform', description: 'Platform team' });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ name: 'platform', description: 'Platform team', members: 0, createdBy: 'admin' });
      expect((await api('POST', '/api/admin/groups', { name: 'platform' })).statusCode).toBe(409);

      expect((await api('PUT', `/api/admin/groups/platform/members/${member.id}`)).statusCode).toBe(204);
      expect((await api('PUT', `/api/admin/groups/platform/members/${member.id}`)).statusCode).toBe(204);
      expect((await t.directory.findUser(member.id))!.groups).toEqual(['platform']);
      const listed = (await api('GET', '/api/admin/groups')).json();
      expect(listed.groups.find((g: { name: string }) => g.name === 'platform').members).toBe(1);
      expect(listed.claimGroups).toContain('idp-group');

      expect((await api('DELETE', `/api/admin/groups/platform/members/${member.id}`)).statusCode).toBe(204);
      expect((await api('DELETE', `/api/admin/groups/platform/members/${member.id}`)).statusCode).toBe(404);
      expect((await t.directory.findUser(member.id))!.groups).toEqual([]);
      // A group the rules name stays until those rules change (they would no longer validate).
      await t.accessPolicy.create({ id: 'platform-calls', effect: 'allow', subject: { group: 'platform' }, actions: ['call'], resource: { server: 'io.example/*' } }, { actor: 'test' });
      const inUse = await api('DELETE', '/api/admin/groups/platform');
      expect(inUse.statusCode).toBe(409);
      expect(inUse.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(inUse.json().detail).toBe("The group 'platform' is named by the access rule 'platform-calls': change or remove it first");
      expect((await api('GET', '/api/admin/groups')).json().groups.some((g: { name: string }) => g.name === 'platform')).toBe(true);
      await t.accessPolicy.remove('platform-calls', { actor: 'test' });
      expect((await api('DELETE', '/api/admin/groups/platform')).statusCode).toBe(204);
      expect((await api('DELETE', '/api/admin/groups/platform')).statusCode).toBe(404);

      const log = await t.store.db.selectFrom('access_changes').select(['action', 'target_kind', 'actor']).where('target', '=', 'platform').orderBy('id').execute();
      expect(log).toEqual([
        { action: 'create', target_kind: 'group', actor: 'admin' },
        { action: 'add', target_kind: 'member', actor: 'admin' },
        { action: 'remove', target_kind: 'member', actor: 'admin' },
        { action: 'delete', target_kind: 'group', actor: 'admin' },
      ]);
    });

    it('refuses bad group names and members of unknown groups or people, writing nothing', async () => {
      const before = await counts();
      const bad = await api('POST', '/api/admin/groups', { name: 'has space' });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors[0].location).toBe('body.name');
      expect((await api('PUT', `/api/admin/groups/ghost/members/${(await signIn(t, 'ghostly')).id}`)).statusCode).toBe(404);
      await api('POST', '/api/admin/groups', { name: 'real' });
      const unknownPerson = await api('PUT', '/api/admin/groups/real/members/usr_ghost');
      expect(unknownPerson.statusCode).toBe(404);
      const after = await counts();
      expect(after.groups).toBe(before.groups + 1);
      expect(after.changes).toBe(before.changes + 1);
    });

    it('refuses service tokens with an unknown role, an unknown group, a bad expiry or scopes beyond their roles, writing nothing', async () => {
      const before = await counts();
      const cases: Array<[Record<string, unknown>, number, RegExp | string]> = [
        [{ name: 'x', roles: ['wizard'], scopes: ['admin'] }, 422, 'expected value to be one of "admin, publisher, reviewer, auditor, user"'],
        [{ name: 'x', roles: ['user'], groups: ['nowhere'], scopes: ['admin'] }, 422, /^Unknown group 'nowhere': create it first/],
        [{ name: 'x', roles: ['user'], scopes: ['admin'], expiresInDays: 31 }, 422, /^expiresInDays must be a whole number from 1 to 30/],
        [{ name: 'x', roles: ['user'], scopes: ['admin'], expiresInDays: 0 }, 422, 'expected number >= 1'],
        [{ name: 'x', roles: ['user'], scopes: ['catalog:publish'] }, 422, /needs the permission "catalog.publish"/],
        [{ name: 'x', roles: ['user'], scopes: ['everything'] }, 422, /expected value to be one of "catalog:read, catalog:contribute, catalog:publish, catalog:review, gateway, admin"/],
        [{ name: 'x', roles: [], scopes: ['admin'] }, 422, /validation failed/],
        [{ name: '', roles: ['user'], scopes: ['admin'] }, 422, /validation failed/],
        [{ name: 'x', roles: ['user'], scopes: ['admin'], secret: 'mine' }, 422, /validation failed/],
      ];
      for (const [body, status, message] of cases) {
        const res = await api('POST', '/api/admin/tokens', body);
        expect(res.statusCode, JSON.stringify(body)).toBe(status);
        expect(res.headers['content-type']).toContain('application/problem+json');
        const text = [res.json().detail, ...(res.json().errors ?? []).map((e: { message: string }) => e.message)].join(' | ');
        if (typeof message === 'string') expect(text, JSON.stringify(body)).toContain(message);
        else expect(text, JSON.stringify(body)).toMatch(message);
      }
      expect(await counts()).toEqual(before);
    });

    it('lists every token with its owner, and revokes any of them, logging both', async () => {
      const person = await personWithToken(t, 'owner', ['catalog:read']);
      const service = (await api('POST', '/api/admin/tokens', { name: 'svc', roles: ['auditor'], scopes: ['admin'] })).json();
      const all = (await api('GET', '/api/admin/tokens')).json().tokens as Array<{ id: string; kind: string; userId: string | null }>;
      expect(all.find((x) => x.id === person.tokenId)).toMatchObject({ kind: 'personal', userId: person.user.id });
      expect(all.find((x) => x.id === service.token.id)).toMatchObject({ kind: 'service', userId: null });
      const mine = (await api('GET', `/api/admin/tokens?userId=${person.user.id}`)).json().tokens;
      expect(mine.map((x: { id: string }) => x.id)).toEqual([person.tokenId]);

      expect((await api('DELETE', `/api/admin/tokens/${person.tokenId}`)).statusCode).toBe(204);
      expect((await t.app.inject({ url: '/api/me', headers: person.headers })).statusCode).toBe(401);
      expect((await api('DELETE', '/api/admin/tokens/tok_nothing')).statusCode).toBe(404);
      // A person cannot revoke someone else's token through their own endpoint.
      const other = await personWithToken(t, 'other', ['admin']);
      expect((await api('DELETE', `/api/me/tokens/${service.token.id}`, undefined, other.headers)).statusCode).toBe(404);
      expect((await t.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${service.secret}` } })).statusCode).toBe(200);

      const log = await t.store.db
        .selectFrom('access_changes')
        .select(['action', 'actor'])
        .where('target_kind', '=', 'token')
        .where('target', 'in', [person.tokenId, service.token.id])
        .orderBy('id')
        .execute();
      expect(log).toEqual([
        { action: 'create', actor: person.user.id },
        { action: 'create', actor: 'admin' },
        { action: 'revoke', actor: 'admin' },
      ]);
    });
  });
});
