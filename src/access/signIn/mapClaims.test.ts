/** ID-token claims → Toolshed groups and roles: every value as a group, equals-matches, nested claims, junk ignored. */
import { describe, expect, it } from 'vitest';
import { mapClaims } from './mapClaims.js';

describe('mapClaims', () => {
  it('makes every value of a list claim a group, with an optional prefix', () => {
    expect(mapClaims({ groups: ['b', 'a', 7, '', 'bad\nname'] }, [{ claim: 'groups' }])).toEqual({ groups: ['a', 'b'], roles: [] });
    expect(mapClaims({ groups: 'solo' }, [{ claim: 'groups', prefix: 'idp:' }])).toEqual({ groups: ['idp:solo'], roles: [] });
  });
  it('adds a group and a role when a claim equals or contains the value', () => {
    const mappings = [
      { claim: 'groups', equals: 'toolshed-admins', role: 'admin' as const },
      { claim: 'department', equals: 'payments', group: 'payments' },
      { claim: 'email_verified', equals: true, group: 'verified' },
    ];
    expect(mapClaims({ groups: ['x', 'toolshed-admins'], department: 'payments', email_verified: true }, mappings)).toEqual({ groups: ['payments', 'verified'], roles: ['admin'] });
    expect(mapClaims({ groups: ['toolshed-admins-not'], department: 'sales', email_verified: 'true' }, mappings)).toEqual({ groups: [], roles: [] });
  });
  it('reads nested claims by a dotted path, preferring a key of that exact name', () => {
    const mappings = [{ claim: 'realm_access.roles', equals: 'reviewer', role: 'reviewer' as const }];
    expect(mapClaims({ realm_access: { roles: ['reviewer'] } }, mappings).roles).toEqual(['reviewer']);
    expect(mapClaims({ 'realm_access.roles': ['reviewer'], realm_access: { roles: [] } }, mappings).roles).toEqual(['reviewer']);
    expect(mapClaims({ realm_access: ['reviewer'] }, mappings).roles).toEqual([]);
  });
});
