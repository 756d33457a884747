/**
 * The access plane end to end, through the real parts only (no test resolvers, no
 * policy override): a private catalog; an administrator defines a group and stores
 * a rule through the admin API; a person signed in with that group gets a personal
 * access token and sees exactly what the rule allows; `explain` names the rule; a
 * deny added later hides a server on the next request; revoking the token refuses
 * the next request; an auditor reads the change log but cannot write rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { personWithToken } from './support/people.js';
import { serverDoc } from './support/serverDocs.js';

const NAMES = ['com.acme/billing', 'com.acme/search', 'org.other/tool'];

describe.each(DATABASES)('access journey on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    const names = async (headers: Record<string, string>) => {
      const res = await t.app.inject({ url: '/v0.1/servers', headers });
      expect(res.statusCode).toBe(200);
      return (res.json().servers as Array<{ server: { name: string } }>).map((s) => s.server.name);
    };

    beforeAll(async () => {
      t = await testToolshed(kind, { catalogVisibility: 'private' });
      for (const name of NAMES) {
        expect((await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: serverDoc(name, '1.0.0') })).statusCode).toBe(200);
      }
    });
    afterAll(async () => t?.destroy());

    it('stored rules decide what a token holder discovers, explain names the rule, and revocation applies at once', async () => {
      expect((await t.app.inject({ url: '/v0.1/servers' })).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'POST', url: '/api/admin/groups', headers: AUTH, payload: { name: 'payments' } })).statusCode).toBe(201);
      const rule = { id: 'payments-acme', effect: 'allow', subject: { group: 'payments' }, actions: ['discover', 'connect'], resource: { server: 'com.acme/*' } };
      expect((await t.app.inject({ method: 'POST', url: '/api/admin/access/rules', headers: AUTH, payload: rule })).statusCode).toBe(201);

      const dana = await personWithToken(t, 'dana', ['catalog:read'], { groups: ['payments'] });
      expect(await names(dana.headers)).toEqual(['com.acme/billing', 'com.acme/search']);
      expect((await t.app.inject({ url: `/v0.1/servers/${encodeURIComponent('org.other/tool')}/versions/latest`, headers: dana.headers })).statusCode).toBe(404);

      const explained = await t.app.inject({
        url: `/api/admin/access/explain?user=${encodeURIComponent('dana@example.com')}&action=discover&server=${encodeURIComponent('com.acme/billing')}`,
        headers: AUTH,
      });
      expect(explained.statusCode).toBe(200);
      expect(explained.json()).toMatchObject({ allowed: true, principal: { id: dana.user.id, groups: ['payments'] } });
      expect(explained.json().reason).toContain('payments-acme');

      const deny = { id: 'no-billing', effect: 'deny', subject: { everyone: true }, actions: ['discover'], resource: { server: 'com.acme/billing' } };
      expect((await t.app.inject({ method: 'POST', url: '/api/admin/access/rules', headers: AUTH, payload: deny })).statusCode).toBe(201);
      expect(await names(dana.headers)).toEqual(['com.acme/search']);

      // A read-only token cannot manage tokens, not even itself; an administrator revokes it.
      expect((await t.app.inject({ method: 'DELETE', url: `/api/me/tokens/${dana.tokenId}`, headers: dana.headers })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'DELETE', url: `/api/admin/tokens/${dana.tokenId}`, headers: AUTH })).statusCode).toBe(204);
      const after = await t.app.inject({ url: '/v0.1/servers', headers: dana.headers });
      expect(after.statusCode).toBe(401);
      expect(after.headers['content-type']).toContain('application/problem+json');
    });

    it('an auditor reads the change log and explains, but cannot change rules', async () => {
      const audrey = await personWithToken(t, 'audrey', ['admin'], { roles: ['auditor'] });
      const log = await t.app.inject({ url: '/api/admin/access/changes', headers: audrey.headers });
      expect(log.statusCode).toBe(200);
      const targets = (log.json().changes as Array<{ target: string; actor: string }>).map((c) => c.target);
      expect(targets).toEqual(expect.arrayContaining(['payments-acme', 'no-billing']));
      const write = await t.app.inject({
        method: 'POST',
        url: '/api/admin/access/rules',
        headers: audrey.headers,
        payload: { id: 'sneaky', effect: 'allow', subject: { everyone: true }, actions: ['discover'], resource: { server: '*' } },
      });
      expect(write.statusCode).toBe(403);
      expect(write.json().detail).toContain('access.manage');
      // Auditors have no reviewer's view of the whole catalog: with no rule for them they see nothing.
      expect(await names(audrey.headers)).toEqual([]);
    });
  });
});
