/**
 * A person's own upstream secrets (`/api/me/servers/{name}/secrets…`) for a server
 * the access rules hide from them: setting, listing and removing all answer 404
 * exactly as for a server that does not exist (nothing is stored, and the answer
 * does not confirm that the server exists), while a visible server and the
 * administrators' shared secrets work as before. Creating a connection to it
 * answers 404 as for a missing server too, and a server hidden after a person
 * connected to it leaves `/api/me/servers` (its document is no longer shown).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personWithToken } from './support/people.js';
import { remoteDoc } from './support/serverDocs.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

describe.each(DATABASES)('my upstream secrets for a server I may not discover, on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let alice: { authorization: string };
    let aliceId: string;

    const request = (method: string, server: string, suffix: string, headers: Record<string, string>, body?: unknown) =>
      t.app.inject({
        method: method as 'GET',
        url: `/api/me/servers/${encodeURIComponent(server)}/secrets${suffix}`,
        headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
    /** The answer with the server's name taken out, so a hidden and a missing server can be compared. */
    const shape = (res: { statusCode: number; body: string }, server: string) => ({ status: res.statusCode, body: res.body.replaceAll(server, '<server>') });

    beforeAll(async () => {
      t = await testToolshed(kind, { accessDefaultEffect: 'allow' });
      await t.catalog.importDocument(remoteDoc('io.example/open', '1.0.0', 'https://open.example.com/mcp') as never);
      await t.catalog.importDocument(remoteDoc('io.example/hidden', '1.0.0', 'https://hidden.example.com/mcp') as never);
      await t.accessPolicy.create({ id: 'hidden', effect: 'deny', subject: { everyone: true }, actions: ['discover'], resource: { server: 'io.example/hidden' } }, { actor: 'test' });
      const person = await personWithToken(t, 'alice', ['gateway']);
      alice = person.headers;
      aliceId = person.user.id;
    });

    afterAll(async () => {
      await t?.destroy();
    });

    it('answers 404 to setting, listing and removing, exactly as for a missing server, and stores nothing', async () => {
      const value = { kind: 'header', value: 'alice-key' };
      for (const [method, suffix, body] of [
        ['PUT', '/X-Api-Key', value],
        ['GET', '', undefined],
        ['DELETE', '/X-Api-Key', undefined],
      ] as const) {
        const hidden = await request(method, 'io.example/hidden', suffix, alice, body);
        const missing = await request(method, 'io.example/nowhere', suffix, alice, body);
        expect(hidden.statusCode, `${method} ${hidden.body}`).toBe(404);
        expect(hidden.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(shape(hidden, 'io.example/hidden'), method).toEqual(shape(missing, 'io.example/nowhere'));
      }
      expect(await t.upstreamSecrets.list('io.example/hidden', aliceId)).toEqual([]);
    });

    it('answers 404 to a connection to the hidden server as to a missing one, and stops listing a server in /api/me/servers once it is hidden', async () => {
      const connect = (server: string) =>
        t.app.inject({ method: 'POST', url: '/api/me/connections', headers: { ...alice, 'content-type': 'application/json' }, payload: JSON.stringify({ server, label: 'laptop' }) });
      const hidden = await connect('io.example/hidden');
      expect(hidden.statusCode).toBe(404);
      expect(shape(hidden, 'io.example/hidden')).toEqual(shape(await connect('io.example/nowhere'), 'io.example/nowhere'));

      await t.catalog.importDocument(remoteDoc('io.example/later', '1.0.0', 'https://later.example.com/mcp') as never);
      expect((await connect('io.example/later')).statusCode).toBe(201);
      const listed = async () =>
        ((await t.app.inject({ method: 'GET', url: '/api/me/servers', headers: alice })).json() as { servers: Array<{ server: { name: string } }> }).servers.map((i) => i.server.name);
      expect(await listed()).toContain('io.example/later');
      const rule = { id: 'later-hidden', effect: 'deny', subject: { everyone: true }, actions: ['discover'], resource: { server: 'io.example/later' } } as const;
      await t.accessPolicy.create(rule, { actor: 'test' });
      expect(await listed()).not.toContain('io.example/later');
    });

    it('still lets a person set their secret for a visible server, and an administrator a shared one for the hidden server', async () => {
      const mine = await request('PUT', 'io.example/open', '/X-Api-Key', alice, { kind: 'header', value: 'alice-key' });
      expect(mine.statusCode, mine.body).toBe(201);
      expect((await request('GET', 'io.example/open', '', alice)).json()).toMatchObject({ secrets: [{ name: 'X-Api-Key', scope: 'personal' }] });
      const shared = await t.app.inject({
        method: 'PUT',
        url: `/api/admin/servers/${encodeURIComponent('io.example/hidden')}/secrets/X-Api-Key`,
        headers: { ...AUTH, 'content-type': 'application/json' },
        payload: JSON.stringify({ kind: 'header', value: 'shared-key' }),
      });
      expect(shared.statusCode, shared.body).toBe(201);
    });
  });
});
