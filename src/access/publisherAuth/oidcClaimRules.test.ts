/**
 * Claim rules → registry permissions: string, list (`groups`), boolean and nested
 * claims; strict types; the union of every matching rule without duplicates; no
 * match → nothing; a rule keyed on `email` only for a verified email.
 */
import { describe, expect, it } from 'vitest';
import type { OidcClaimRule } from '../../config.js';
import { claimMatches, claimValue, permissionsFromClaims } from './oidcClaimRules.js';

const RULES: OidcClaimRule[] = [
  { claim: 'groups', equals: 'payments-team', grant: [{ action: 'publish', resource: 'com.acme.payments/*' }] },
  { claim: 'groups', equals: 'search-team', grant: [{ action: 'publish', resource: 'com.acme.search/*' }] },
  {
    claim: 'groups',
    equals: 'registry-admins',
    grant: [
      { action: 'publish', resource: '*' },
      { action: 'edit', resource: '*' },
    ],
  },
  { claim: 'department', equals: 'payments', grant: [{ action: 'publish', resource: 'com.acme.payments/*' }] },
  { claim: 'realm_access.roles', equals: 'mcp-publisher', grant: [{ action: 'publish', resource: 'com.acme.shared/*' }] },
  { claim: 'contractor', equals: false, grant: [{ action: 'publish', resource: 'com.acme.internal/*' }] },
];

describe('oidc claim rules', () => {
  it('matches a rule keyed on email only when the IdP verified the email', () => {
    const rules: OidcClaimRule[] = [{ claim: 'email', equals: 'lead@acme.example', grant: [{ action: 'edit', resource: '*' }] }];
    expect(permissionsFromClaims({ email: 'lead@acme.example', email_verified: true }, rules)).toEqual([{ action: 'edit', resource: '*' }]);
    for (const verified of [false, 'true', undefined]) {
      expect(permissionsFromClaims({ email: 'lead@acme.example', email_verified: verified }, rules), String(verified)).toEqual([]);
    }
  });

  it('grants the rules whose value a list claim contains, in rule order', () => {
    expect(permissionsFromClaims({ groups: ['search-team', 'payments-team', 'other'] }, RULES)).toEqual([
      { action: 'publish', resource: 'com.acme.payments/*' },
      { action: 'publish', resource: 'com.acme.search/*' },
    ]);
  });

  it('grants publish and edit on everything to the admin group', () => {
    expect(permissionsFromClaims({ groups: ['registry-admins'] }, RULES)).toEqual([
      { action: 'publish', resource: '*' },
      { action: 'edit', resource: '*' },
    ]);
  });

  it('matches a string claim exactly and merges duplicate grants', () => {
    expect(permissionsFromClaims({ groups: ['payments-team'], department: 'payments' }, RULES)).toEqual([{ action: 'publish', resource: 'com.acme.payments/*' }]);
    expect(permissionsFromClaims({ department: 'Payments' }, RULES)).toEqual([]);
  });

  it('walks a dotted claim name into nested objects, and prefers an exact top-level name', () => {
    expect(permissionsFromClaims({ realm_access: { roles: ['mcp-publisher'] } }, RULES)).toEqual([{ action: 'publish', resource: 'com.acme.shared/*' }]);
    expect(claimValue({ 'realm_access.roles': 'top', realm_access: { roles: 'nested' } }, 'realm_access.roles')).toBe('top');
    expect(claimValue({ realm_access: 'flat' }, 'realm_access.roles')).toBeUndefined();
  });

  it('compares with the claim type: a string "false" does not match false', () => {
    expect(permissionsFromClaims({ contractor: false }, RULES)).toEqual([{ action: 'publish', resource: 'com.acme.internal/*' }]);
    expect(permissionsFromClaims({ contractor: 'false' }, RULES)).toEqual([]);
    expect(claimMatches([1, 2], 2)).toBe(true);
    expect(claimMatches(['2'], 2)).toBe(false);
  });

  it('grants nothing when no rule matches or the claim is missing', () => {
    expect(permissionsFromClaims({ groups: ['marketing'] }, RULES)).toEqual([]);
    expect(permissionsFromClaims({}, RULES)).toEqual([]);
    expect(permissionsFromClaims({ groups: ['payments-team'] }, [])).toEqual([]);
  });

  it('does not reach into the prototype chain', () => {
    expect(claimValue({}, 'constructor')).toBeUndefined();
    expect(claimValue({ a: {} }, 'a.constructor')).toBeUndefined();
  });
});
