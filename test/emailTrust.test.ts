/**
 * What an email claim is trusted for, through a real OpenID provider
 * (oidc-provider) on every database: `adminUsers` makes an admin by subject, or
 * by an email the IdP marks verified that nobody else in the directory holds;
 * never by an unverified email, and not a second person once someone holds the
 * address. Claim mappings keyed on `email` follow the same rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSignInCallback, PUBLIC_URL, signInSettings, startSignInIdP, type SignInIdP } from './support/startSignInIdP.js';
import { TestBrowser } from './support/testBrowser.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { testToolshed, type TestToolshed } from './support/testToolshed.js';

describe.each(DATABASES)('email trust on %s', (kind) => {
  describe.skipIf(unavailable(kind))(kind, () => {
    let idp: SignInIdP;
    let t: TestToolshed;
    beforeAll(async () => {
      idp = await startSignInIdP();
      t = await testToolshed(kind, {
        ...signInSettings(idp),
        oidcScopes: ['openid', 'email', 'profile', 'groups'],
        oidcGroupMappings: [
          { claim: 'email', equals: 'boss@acme.example', group: 'bosses', role: 'auditor' },
          { claim: 'email', prefix: 'mail:' },
        ],
        adminUsers: ['Boss@acme.example', 'root'],
      });
    });
    afterAll(async () => {
      await t?.destroy();
      await idp?.close();
    });

    /** Signs in through the real provider; who Toolshed says the person is. */
    async function signIn(account: string): Promise<{ id: string; roles: string[]; groups: string[] }> {
      idp.loginAs = account;
      const browser = new TestBrowser(t.app, PUBLIC_URL);
      const callback = await browser.follow('/auth/login?returnTo=%2F', isSignInCallback);
      expect(callback.status, callback.body).toBe(302);
      const res = await browser.request('/api/session');
      expect(res.status).toBe(200);
      return (JSON.parse(res.body) as { user: { id: string; roles: string[]; groups: string[] } }).user;
    }

    it('never trusts an unverified email, and gives a verified one to its first holder only', async () => {
      // Signs in first, claiming the bootstrap admin's address without verification: nothing.
      const impostor = await signIn('boss-unverified');
      expect(impostor.roles).toEqual(['user']);
      expect(impostor.groups).toEqual([]);

      // The real person, verified (adminUsers names it in another letter case): admin, and the email mappings apply.
      const boss = await signIn('boss');
      expect(boss.roles).toEqual(['admin', 'auditor', 'user']);
      expect(boss.groups).toEqual(['bosses', 'mail:boss@acme.example']);
      const change = await t.store.db.selectFrom('access_changes').selectAll().where('target', '=', boss.id).executeTakeFirstOrThrow();
      expect(change).toMatchObject({ actor: 'config:adminUsers', target_kind: 'user' });

      // Another account the IdP also verifies for that address: the address is taken.
      const twin = await signIn('boss-twin');
      expect(twin.id).not.toBe(boss.id);
      expect(twin.roles).toEqual(['user']);
      expect(twin.groups).toEqual([]);

      // The holder keeps it at the next sign-in, and the others still gain nothing.
      expect(await signIn('boss')).toMatchObject({ id: boss.id, roles: ['admin', 'auditor', 'user'], groups: ['bosses', 'mail:boss@acme.example'] });
      expect(await signIn('boss-unverified')).toMatchObject({ id: impostor.id, roles: ['user'], groups: [] });
      expect(await signIn('boss-twin')).toMatchObject({ id: twin.id, roles: ['user'], groups: [] });
    });

    it('makes an admin by subject whatever the email says', async () => {
      const root = await signIn('root');
      expect(root.roles).toEqual(['admin', 'user']);
      // Its unverified email maps to nothing.
      expect(root.groups).toEqual([]);
    });
  });
});
