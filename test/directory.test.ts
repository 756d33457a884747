/**
 * The directory on every database: a sign-in creates a person once and updates
 * them on the next (same id), `adminUsers` makes admins at the first sign-in
 * (by email or subject), a disabled person is refused, effective groups and
 * roles merge ID-token claims with what an administrator added, callers carry
 * the right registry principal, and knownGroups lists defined and claimed groups.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../src/errors.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { testToolshed, type TestToolshed } from './support/testToolshed.js';
import { ISSUER, signIn } from './support/people.js';

describe.each(DATABASES)('directory on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;

    beforeAll(async () => {
      t = await testToolshed(kind, { adminUsers: ['Boss@Example.com', 'root-subject'] });
    });
    afterAll(async () => {
      await t?.destroy();
    });

    it('creates a person at the first sign-in and updates them at the next', async () => {
      const first = await t.directory.recordSignIn({ issuer: ISSUER, subject: 'carol', email: 'carol@old.example', name: 'Carol', claimGroups: ['eng'], claimRoles: [] });
      expect(first.id).toMatch(/^usr_[A-Za-z0-9_-]{22}$/);
      expect(first).toMatchObject({ email: 'carol@old.example', groups: ['eng'], roles: ['user'], assignedRoles: [], disabled: false });
      const again = await t.directory.recordSignIn({ issuer: ISSUER, subject: 'carol', email: 'carol@new.example', name: 'Carol C', claimGroups: ['ops'], claimRoles: ['reviewer'] });
      expect(again.id).toBe(first.id);
      expect(again).toMatchObject({ email: 'carol@new.example', name: 'Carol C', groups: ['ops'], roles: ['reviewer', 'user'] });
      expect(again.lastLoginAt!).toBeGreaterThan(first.lastLoginAt!);
      // The same subject at another issuer is another person.
      const elsewhere = await t.directory.recordSignIn({ issuer: 'https://other.example', subject: 'carol', claimGroups: [], claimRoles: [] });
      expect(elsewhere.id).not.toBe(first.id);
      const rows = await t.store.db.selectFrom('users').select('id').where('subject', '=', 'carol').execute();
      expect(rows).toHaveLength(2);
    });

    it('makes the people in adminUsers admins at their first sign-in, by email or subject', async () => {
      const byEmail = await signIn(t, 'boss-subject', { email: 'boss@example.com' });
      expect(byEmail.assignedRoles).toEqual(['admin']);
      const bySubject = await signIn(t, 'root-subject', { email: 'root@example.com' });
      expect(bySubject.assignedRoles).toEqual(['admin']);
      const other = await signIn(t, 'nobody');
      expect(other.assignedRoles).toEqual([]);
      const change = await t.store.db.selectFrom('access_changes').selectAll().where('target', '=', byEmail.id).executeTakeFirstOrThrow();
      expect(change).toMatchObject({ actor: 'config:adminUsers', action: 'update', target_kind: 'user' });
      // An admin who removes the role keeps it removed at the next sign-in.
      await t.directory.updateUser(byEmail.id, { roles: [] }, 'test');
      expect((await signIn(t, 'boss-subject', { email: 'boss@example.com' })).roles).toEqual(['user']);
    });

    it('refuses a disabled person at sign-in and gives them no caller', async () => {
      const dave = await signIn(t, 'dave');
      await t.directory.updateUser(dave.id, { disabled: true }, 'test');
      await expect(signIn(t, 'dave')).rejects.toBeInstanceOf(ForbiddenError);
      await expect(signIn(t, 'dave')).rejects.toThrow(/disabled/);
      expect(await t.directory.callerForUser(dave.id, 'session')).toBeUndefined();
      expect(await t.directory.callerForUser('usr_unknown', 'session')).toBeUndefined();
    });

    it('merges claimed and added groups, and assigned, claimed and default roles, into the caller', async () => {
      await t.directory.createGroup({ name: 'payments', description: 'Payments team' }, 'test');
      const erin = await signIn(t, 'erin', { groups: ['from-idp'], claimRoles: ['auditor'], roles: ['publisher'] });
      await t.directory.addMember('payments', erin.id, 'test');
      const caller = (await t.directory.callerForUser(erin.id, 'session', { sessionId: 's1' }))!;
      expect(caller).toMatchObject({ id: erin.id, label: 'erin@example.com', via: 'session', sessionId: 's1' });
      expect([...caller.groups]).toEqual(['from-idp', 'payments']);
      expect([...caller.roles]).toEqual(['publisher', 'auditor', 'user']);
      expect(caller.permissions.has('audit.read')).toBe(true);
      expect(caller.permissions.has('catalog.publish')).toBe(true);
      expect(caller.permissions.has('access.manage')).toBe(false);
      expect(caller.registry).toEqual({
        subject: 'erin@example.com',
        method: 'toolshed',
        permissions: [
          { action: 'publish', resource: '*' },
          { action: 'edit', resource: '*' },
        ],
      });
      const plain = (await t.directory.callerForUser((await signIn(t, 'frank')).id, 'session'))!;
      expect(plain.registry.permissions).toEqual([]);
    });

    it('knows defined groups and every group people’s ID tokens carry', async () => {
      await t.directory.createGroup({ name: 'defined-only' }, 'test');
      await signIn(t, 'gina', { groups: ['claimed-a', 'claimed-b'] });
      const known = await t.directory.knownGroups();
      for (const g of ['defined-only', 'claimed-a', 'claimed-b', 'payments', 'from-idp']) expect(known.has(g), g).toBe(true);
      expect(known.has('never-seen')).toBe(false);
    });
  });
});
