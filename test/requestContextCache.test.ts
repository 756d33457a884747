/**
 * The request-context cache on every database: what a token, a person, a
 * gateway connection and a server's upstream secrets resolve to is served from
 * memory once read, and every write that can change it (token revoke, role
 * removal, disabling, membership, connection revoke and rename, secret put and
 * delete) invalidates it before the call returns; expiry is checked locally on
 * every request; the cache is bounded (LRU) and entries older than the max age
 * are read again. On two replicas sharing PostgreSQL, a revocation on one
 * replica reaches the other through the notification.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Toolshed } from '../src/createToolshed.js';
import { createRequestContextCache } from '../src/access/requestContextCache.js';
import { AuthError } from '../src/errors.js';
import { startReplicaPair, type ReplicaPair } from './support/replicaPair.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { personWithToken, signIn } from './support/people.js';
import { remoteDoc } from './support/serverDocs.js';

const SERVER = 'io.example/cached';

async function allowEveryone(t: Toolshed): Promise<void> {
  await t.accessPolicy.replaceAll([{ id: 'all', effect: 'allow', subject: { everyone: true }, actions: ['discover', 'connect', 'call'], resource: { server: '*' } }], { actor: 'test' });
}

describe.each(DATABASES)('request-context cache on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    const me = (headers: Record<string, string>) => t.app.inject({ url: '/api/me', headers });

    beforeAll(async () => {
      t = await testToolshed(kind);
      await t.catalog.importDocument(remoteDoc(SERVER, '1.0.0', 'http://127.0.0.1:9/mcp') as never);
      await allowEveryone(t);
    });
    afterAll(async () => {
      await t?.destroy();
    });

    it('serves a token from memory and refuses it on the next request once revoked', async () => {
      const { secret, tokenId, headers } = await personWithToken(t, 'revoked', ['catalog:read']);
      expect((await me(headers)).statusCode).toBe(200);
      // A write behind Toolshed's back is not seen: the answer came from memory.
      await t.store.db.updateTable('api_tokens').set({ revoked_at: 1 }).where('id', '=', tokenId).execute();
      expect((await me(headers)).statusCode).toBe(200);
      await t.store.db.updateTable('api_tokens').set({ revoked_at: null }).where('id', '=', tokenId).execute();
      // Revoked through Toolshed: refused at once.
      expect((await t.app.inject({ method: 'DELETE', url: `/api/admin/tokens/${tokenId}`, headers: AUTH })).statusCode).toBe(204);
      expect((await me(headers)).statusCode).toBe(401);
      await expect(t.apiTokens.authenticate(secret, '127.0.0.1')).rejects.toBeInstanceOf(AuthError);
    });

    it('applies a role removal, disabling and a membership change to the next request', async () => {
      const { user, headers } = await personWithToken(t, 'admin-then-not', ['admin'], { roles: ['admin'] });
      expect((await t.app.inject({ url: '/api/admin/users', headers })).statusCode).toBe(200);
      await t.directory.updateUser(user.id, { roles: [] }, 'test');
      expect((await t.app.inject({ url: '/api/admin/users', headers })).statusCode).toBe(403);

      expect((await me(headers)).json().groups).toEqual([]);
      await t.directory.createGroup({ name: 'cached-team' }, 'test');
      await t.directory.addMember('cached-team', user.id, 'test');
      expect((await me(headers)).json().groups).toEqual(['cached-team']);
      await t.directory.removeMember('cached-team', user.id, 'test');
      expect((await me(headers)).json().groups).toEqual([]);
      await t.directory.addMember('cached-team', user.id, 'test');
      expect((await me(headers)).json().groups).toEqual(['cached-team']);
      await t.directory.deleteGroup('cached-team', 'test');
      expect((await me(headers)).json().groups).toEqual([]);

      // A new sign-in carrying other groups from the ID token applies at once too.
      await signIn(t, 'admin-then-not', { groups: ['from-idp'] });
      expect((await me(headers)).json().groups).toEqual(['from-idp']);

      await t.directory.updateUser(user.id, { disabled: true }, 'test');
      expect((await me(headers)).statusCode).toBe(401);
      await t.directory.updateUser(user.id, { disabled: false }, 'test');
      expect((await me(headers)).statusCode).toBe(200);
    });

    it('checks expiry on every request, from memory', async () => {
      const { tokenId, headers } = await personWithToken(t, 'expiring-soon', ['catalog:read']);
      const soon = Date.now() * 1000 + 300_000;
      await t.store.db.updateTable('api_tokens').set({ expires_at: soon }).where('id', '=', tokenId).execute();
      t.contextCache.clear();
      expect((await me(headers)).statusCode).toBe(200); // cached, with its expiry
      // The store now says it lives on: only the remembered expiry can refuse it.
      await t.store.db
        .updateTable('api_tokens')
        .set({ expires_at: soon + 86_400_000_000 })
        .where('id', '=', tokenId)
        .execute();
      while (Date.now() * 1000 <= soon) await new Promise((r) => setTimeout(r, 50));
      expect((await me(headers)).statusCode).toBe(401);
    });

    it('invalidates a connection on revoke and rename, and a server’s secrets on put and delete', async () => {
      const user = await signIn(t, 'connector');
      const caller = (await t.directory.callerForUser(user.id, 'session'))!;
      const { connection } = await t.connections.create(caller, { server: SERVER, label: 'first' });
      expect((await t.connections.active(connection.id))?.label).toBe('first');
      await t.connections.rename(connection.id, 'second', user.id);
      expect((await t.connections.active(connection.id))?.label).toBe('second');

      await t.upstreamSecrets.put(SERVER, null, 'X-Key', { kind: 'header', value: 'one' }, 'test');
      expect((await t.upstreamSecrets.valuesFor(SERVER, user.id)).get('X-Key')?.value).toBe('one');
      await t.upstreamSecrets.put(SERVER, user.id, 'X-Key', { kind: 'header', value: 'mine' }, 'test');
      expect((await t.upstreamSecrets.valuesFor(SERVER, user.id)).get('X-Key')?.value).toBe('mine');
      await t.upstreamSecrets.remove(SERVER, user.id, 'X-Key', 'test');
      expect((await t.upstreamSecrets.valuesFor(SERVER, user.id)).get('X-Key')?.value).toBe('one');
      await t.upstreamSecrets.remove(SERVER, null, 'X-Key', 'test');
      expect((await t.upstreamSecrets.valuesFor(SERVER, user.id)).has('X-Key')).toBe(false);

      await t.connections.revoke(connection.id, user.id);
      expect(await t.connections.active(connection.id)).toBeUndefined();
      // The gateway front serves /mcp on the listening server (ahead of the router), so over real HTTP.
      const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
      const relayed = await fetch(`${address}/mcp/${connection.id}`, { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: '{}' });
      expect(relayed.status).toBe(404);
      expect(((await relayed.json()) as { error: { message: string } }).error.message).toMatch(/Connection not found/);
    });

    it('keeps at most its bound of entries (least recently used out) and reads again after the max age', async () => {
      let clock = 0;
      const cache = createRequestContextCache({ store: t.store, maxEntries: 3, maxAgeMs: 1000, now: () => clock });
      for (const key of ['a', 'b', 'c']) cache.remember(key, key.toUpperCase(), [`tag:${key}`], cache.generation);
      expect(cache.lookup('a')).toBe('A'); // a is now the most recent
      cache.remember('d', 'D', ['tag:d'], cache.generation);
      expect(cache.size).toBe(3);
      expect(cache.lookup('b')).toBeUndefined();
      expect(['a', 'c', 'd'].map((k) => cache.lookup(k))).toEqual(['A', 'C', 'D']);

      await cache.invalidate(['tag:c']);
      expect(cache.lookup('c')).toBeUndefined();
      expect(cache.lookup('a')).toBe('A');

      // A read that began before an invalidation does not store what it read.
      const before = cache.generation;
      await cache.invalidate(['tag:unrelated']);
      cache.remember('e', 'E', ['tag:e'], before);
      expect(cache.lookup('e')).toBeUndefined();

      clock = 999;
      expect(cache.lookup('a')).toBe('A');
      clock = 1000;
      expect(cache.lookup('a')).toBeUndefined();
      let loads = 0;
      const load = async () => `loaded ${++loads}`;
      expect(await cache.through('f', load, () => [])).toBe('loaded 1');
      expect(await cache.through('f', load, () => [])).toBe('loaded 1');
      clock = 2000;
      expect(await cache.through('f', load, () => [])).toBe('loaded 2');
    });
  });
});

describe.skipIf(unavailable('postgres'))('request-context cache on two replicas sharing PostgreSQL', () => {
  let pair: ReplicaPair;
  let a: Toolshed;
  let b: Toolshed;

  beforeAll(async () => {
    pair = await startReplicaPair({ verifyPackages: [] });
    ({ a, b } = pair);
  });
  afterAll(async () => {
    await pair?.close();
  });

  /** Asks `b` until it answers `status`, a bounded number of times; returns the attempts it took. */
  async function untilStatus(request: () => Promise<{ statusCode: number }>, status: number): Promise<number> {
    for (let attempt = 1; attempt <= 500; attempt++) {
      if ((await request()).statusCode === status) return attempt;
      await new Promise((r) => setImmediate(r));
    }
    throw new Error(`never answered ${status} in 500 attempts`);
  }

  it('a token revoked on one replica is refused by the other once the notification arrives', async () => {
    const { tokenId, headers } = await personWithToken(a, 'two-replicas', ['catalog:read']);
    const onB = () => b.app.inject({ url: '/api/me', headers });
    expect((await onB()).statusCode).toBe(200); // cached on b now
    expect(b.contextCache.size).toBeGreaterThan(0);
    expect((await a.app.inject({ method: 'DELETE', url: `/api/admin/tokens/${tokenId}`, headers: AUTH })).statusCode).toBe(204);
    expect((await a.app.inject({ url: '/api/me', headers })).statusCode).toBe(401);
    expect(await untilStatus(onB, 401)).toBeGreaterThanOrEqual(1);
  });

  it('a role removed on one replica applies on the other once the notification arrives', async () => {
    const { user, headers } = await personWithToken(a, 'demoted', ['admin'], { roles: ['admin'] });
    const onB = () => b.app.inject({ url: '/api/admin/users', headers });
    expect((await onB()).statusCode).toBe(200);
    await a.directory.updateUser(user.id, { roles: [] }, 'test');
    expect(await untilStatus(onB, 403)).toBeGreaterThanOrEqual(1);
  });
});
