/**
 * Personal access tokens and service tokens over real HTTP on every database:
 * a token is created, used (its last use recorded, and the write throttled),
 * revoked (the next request is a 401), expires, is narrowed by its scopes and
 * by its owner's current roles, stops with a disabled owner, and its secret is
 * never stored nor listed — only its SHA-256.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { personWithToken, signIn } from './support/people.js';
import { serverDoc } from './support/serverDocs.js';

const INVALID = /^Invalid, expired or revoked Toolshed token/;

describe.each(DATABASES)('API tokens on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    const tokenRow = (id: string) => t.store.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const me = (headers: Record<string, string>, remoteAddress?: string) => t.app.inject({ url: '/api/me', headers, ...(remoteAddress ? { remoteAddress } : {}) });

    beforeAll(async () => {
      t = await testToolshed(kind);
    });
    afterAll(async () => {
      await t?.destroy();
    });

    it('creates a token, uses it, records its last use, and refuses it after revocation', async () => {
      const { user, secret, tokenId, headers } = await personWithToken(t, 'alice', ['admin']);
      expect(secret).toMatch(/^tsp_[A-Za-z0-9_-]{43}$/);
      expect((await tokenRow(tokenId)).last_used_at).toBeNull();

      const who = await me(headers);
      expect(who.statusCode).toBe(200);
      await t.apiTokens.lastUsesWritten(); // written off the request path
      expect(who.headers['cache-control']).toBe('no-store');
      expect(who.json()).toMatchObject({ id: user.id, via: 'personal-token', roles: ['user'], tokenId });
      expect(who.json().permissions).toEqual(['catalog.read', 'gateway.connect', 'tokens.own', 'catalog.report']);
      const used = await tokenRow(tokenId);
      expect(used.last_used_at).not.toBeNull();
      expect(used.last_used_from).toBe('127.0.0.1');

      const revoked = await t.app.inject({ method: 'DELETE', url: `/api/me/tokens/${tokenId}`, headers });
      expect(revoked.statusCode).toBe(204);
      const after = await me(headers);
      expect(after.statusCode).toBe(401);
      expect(after.headers['content-type']).toContain('application/problem+json');
      expect(after.json().detail).toMatch(INVALID);
      const row = await tokenRow(tokenId);
      expect(row.revoked_by).toBe(user.id);
      const change = await t.store.db.selectFrom('access_changes').selectAll().where('target', '=', tokenId).where('action', '=', 'revoke').executeTakeFirstOrThrow();
      expect(change.actor).toBe(user.id);
    });

    it('writes the last use at most once a minute from one address, and again from another', async () => {
      const { tokenId, headers } = await personWithToken(t, 'busy', ['catalog:read']);
      expect((await me(headers)).statusCode).toBe(200);
      await t.apiTokens.lastUsesWritten();
      const first = await tokenRow(tokenId);
      expect(first.last_used_at).not.toBeNull();
      expect((await me(headers)).statusCode).toBe(200);
      await t.apiTokens.lastUsesWritten();
      expect((await tokenRow(tokenId)).last_used_at).toBe(first.last_used_at);
      expect((await me(headers, '10.1.2.3')).statusCode).toBe(200);
      await t.apiTokens.lastUsesWritten();
      const moved = await tokenRow(tokenId);
      expect(moved.last_used_from).toBe('10.1.2.3');
      expect(moved.last_used_at!).toBeGreaterThan(first.last_used_at!);
      // A use older than the interval is written again.
      await t.store.db
        .updateTable('api_tokens')
        .set({ last_used_at: moved.last_used_at! - 61_000_000 })
        .where('id', '=', tokenId)
        .execute();
      t.contextCache.clear(); // a write behind Toolshed's back: nothing told the cache
      expect((await me(headers, '10.1.2.3')).statusCode).toBe(200);
      await t.apiTokens.lastUsesWritten();
      expect((await tokenRow(tokenId)).last_used_at!).toBeGreaterThan(moved.last_used_at! - 61_000_000);
    });

    it('stores only the SHA-256 of the secret, and never lists a secret or a hash', async () => {
      const { secret, tokenId, headers } = await personWithToken(t, 'hasher', ['admin']);
      const row = await tokenRow(tokenId);
      expect(row.hash).toBe(createHash('sha256').update(secret).digest('hex'));
      for (const value of Object.values(row)) expect(String(value)).not.toContain(secret.slice(12));
      expect(secret.startsWith(row.prefix)).toBe(true);
      for (const listing of [await t.app.inject({ url: '/api/me/tokens', headers }), await t.app.inject({ url: '/api/admin/tokens', headers: AUTH })]) {
        expect(listing.statusCode).toBe(200);
        expect(listing.json().tokens.some((tok: { id: string }) => tok.id === tokenId)).toBe(true);
        expect(listing.body).not.toContain(secret);
        expect(listing.body).not.toContain(row.hash);
      }
    });

    it('refuses an expired token and an unknown one with the same 401', async () => {
      const { tokenId, headers } = await personWithToken(t, 'expiring', ['catalog:read']);
      expect((await me(headers)).statusCode).toBe(200);
      await t.store.db
        .updateTable('api_tokens')
        .set({ expires_at: Date.now() * 1000 - 1 })
        .where('id', '=', tokenId)
        .execute();
      t.contextCache.clear(); // a write behind Toolshed's back: nothing told the cache
      const expired = await me(headers);
      expect(expired.statusCode).toBe(401);
      expect(expired.json().detail).toMatch(INVALID);
      const unknown = await me({ authorization: `Bearer tsp_${'A'.repeat(43)}` });
      expect(unknown.statusCode).toBe(401);
      expect(unknown.json().detail).toBe(expired.json().detail);
      const service = await me({ authorization: `Bearer tss_${'B'.repeat(43)}` });
      expect(service.json().detail).toBe(expired.json().detail);
    });

    it('gives a token expiry: 90 days by default, never more than tokenMaxDays', async () => {
      const user = await signIn(t, 'expiry');
      const caller = (await t.directory.callerForUser(user.id, 'session'))!;
      const created = await t.apiTokens.createPersonal(caller, { name: 'default', scopes: ['catalog:read'] });
      const days = (created.token.expiresAt! - created.token.createdAt) / 86_400_000_000;
      expect(days).toBe(90);
      await expect(t.apiTokens.createPersonal(caller, { name: 'long', scopes: ['catalog:read'], expiresInDays: 366 })).rejects.toThrow(/from 1 to 365/);
      const api = await t.app.inject({
        method: 'POST',
        url: '/api/me/tokens',
        headers: { authorization: `Bearer ${(await t.apiTokens.createPersonal(caller, { name: 'api', scopes: ['admin'] })).secret}` },
        payload: { name: 'too long', scopes: ['catalog:read'], expiresInDays: 400 },
      });
      expect(api.statusCode).toBe(422);
      expect(api.json().detail).toMatch(/expiresInDays must be a whole number from 1 to 365/);
    });

    it('narrows a token to its scopes and to its owner’s current roles', async () => {
      const publisher = await personWithToken(t, 'pub', ['catalog:publish'], { roles: ['publisher'] });
      const reader = await t.apiTokens.createPersonal((await t.directory.callerForUser(publisher.user.id, 'session'))!, { name: 'read only', scopes: ['catalog:read'] });
      const publish = (headers: Record<string, string>, version: string) => t.app.inject({ method: 'POST', url: '/v0/publish', headers, payload: serverDoc('com.example/scoped', version) });

      const ok = await publish(publisher.headers, '1.0.0');
      expect(ok.statusCode).toBe(200);
      const event = await t.store.db.selectFrom('registry_events').selectAll().where('name', '=', 'com.example/scoped').executeTakeFirstOrThrow();
      expect(event.actor_subject).toBe('pub@example.com');
      expect(event.actor_method).toBe('toolshed');
      // An address the IdP did not verify is not the person's to be named by: the audit log names their id.
      const loose = await personWithToken(t, 'loose-pub', ['catalog:publish'], { roles: ['publisher'], email: 'someone-else@example.com', emailVerified: false });
      expect((await publish(loose.headers, '1.0.1')).statusCode).toBe(200);
      const looseEvent = await t.store.db.selectFrom('registry_events').selectAll().where('name', '=', 'com.example/scoped').where('version', '=', '1.0.1').executeTakeFirstOrThrow();
      expect(looseEvent.actor_subject).toBe(loose.user.id);
      const edit = await t.app.inject({
        method: 'PUT',
        url: `/v0/servers/${encodeURIComponent('com.example/scoped')}/versions/1.0.0`,
        headers: publisher.headers,
        payload: serverDoc('com.example/scoped', '1.0.0', { description: 'edited' }),
      });
      expect(edit.statusCode).toBe(200);

      const readOnly = await publish({ authorization: `Bearer ${reader.secret}` }, '1.0.1');
      expect(readOnly.statusCode).toBe(403);
      // The publish scope gives nothing else, not even the owner's own tokens.
      expect((await t.app.inject({ url: '/api/me/tokens', headers: publisher.headers })).statusCode).toBe(403);
      expect((await me(publisher.headers)).json().permissions).toEqual(['catalog.read', 'catalog.publish']);

      // Taking the role away applies to the next request.
      await t.directory.updateUser(publisher.user.id, { roles: [] }, 'test');
      expect((await publish(publisher.headers, '1.0.2')).statusCode).toBe(403);
      expect((await me(publisher.headers)).json().permissions).toEqual(['catalog.read']);
    });

    it('refuses a personal token whose scopes exceed its owner’s roles, and one for a caller who is not a person', async () => {
      const plain = await personWithToken(t, 'plain', ['admin']);
      const res = await t.app.inject({ method: 'POST', url: '/api/me/tokens', headers: plain.headers, payload: { name: 'ci', scopes: ['catalog:publish'] } });
      expect(res.statusCode).toBe(422);
      expect(res.json().detail).toBe('The scope \'catalog:publish\' needs the permission "catalog.publish", which your roles do not give');
      const adminToken = await t.app.inject({ method: 'POST', url: '/api/me/tokens', headers: AUTH, payload: { name: 'x', scopes: ['admin'] } });
      expect(adminToken.statusCode).toBe(403);
      expect(adminToken.json().detail).toMatch(/^Personal tokens belong to people/);
      expect(await t.store.db.selectFrom('api_tokens').select('id').where('name', 'in', ['ci', 'x']).execute()).toEqual([]);
    });

    it('stops the tokens of a disabled person, and again works when they are enabled', async () => {
      const { user, headers } = await personWithToken(t, 'leaver', ['catalog:read']);
      expect((await me(headers)).statusCode).toBe(200);
      await t.directory.updateUser(user.id, { disabled: true }, 'test');
      const refused = await me(headers);
      expect(refused.statusCode).toBe(401);
      await t.directory.updateUser(user.id, { disabled: false }, 'test');
      expect((await me(headers)).statusCode).toBe(200);
    });

    it('creates service tokens that act with their roles and groups, narrowed by scopes', async () => {
      await t.app.inject({ method: 'POST', url: '/api/admin/groups', headers: AUTH, payload: { name: 'ci-bots' } });
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/admin/tokens',
        headers: AUTH,
        payload: { name: 'release pipeline', roles: ['publisher'], groups: ['ci-bots'], scopes: ['catalog:publish'], expiresInDays: 30 },
      });
      expect(created.statusCode).toBe(201);
      const { token, secret } = created.json();
      expect(secret).toMatch(/^tss_/);
      expect(token).toMatchObject({
        kind: 'service',
        name: 'release pipeline',
        roles: ['publisher'],
        groups: ['ci-bots'],
        scopes: ['catalog:publish'],
        state: 'active',
        createdBy: 'admin',
        userId: null,
      });
      const headers = { authorization: `Bearer ${secret}` };
      expect((await me(headers)).json()).toMatchObject({ id: token.id, label: 'release pipeline', via: 'service-token', groups: ['ci-bots'], permissions: ['catalog.read', 'catalog.publish'] });
      const published = await t.app.inject({ method: 'POST', url: '/v0/publish', headers, payload: serverDoc('com.example/from-ci', '1.0.0') });
      expect(published.statusCode).toBe(200);
      const listed = (await t.app.inject({ url: '/api/admin/tokens?kind=service', headers: AUTH })).json().tokens;
      expect(listed.find((x: { id: string }) => x.id === token.id)).toMatchObject({ lastUsedFrom: '127.0.0.1', lastUsedAt: expect.any(String) });
      expect((await t.app.inject({ method: 'DELETE', url: `/api/admin/tokens/${token.id}`, headers: AUTH })).statusCode).toBe(204);
      expect((await me(headers)).statusCode).toBe(401);
    });
  });
});
