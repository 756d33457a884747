/**
 * Company OIDC claim rules: which verified ID-token claims grant which registry
 * permissions. Pure: claims + rules → the union of the grants of every rule that
 * matches, in rule order, without duplicates. A rule keyed on `email` matches
 * only a verified email (`email_verified: true`). Upstream grants the same static
 * permissions to everyone its IdP accepts; a company registry needs per-team
 * namespaces, hence rules.
 */
import type { OidcClaimRule } from '../../config.js';
import type { RegistryPermission } from '../registryPermissions.js';

type ClaimValue = string | number | boolean;

/**
 * A claim by name; a dotted name not present as such walks nested objects, so
 * Keycloak's `realm_access.roles` works. The exact name wins, because some IdPs
 * (Auth0 namespaced claims) put dots or slashes in top-level claim names.
 */
export function claimValue(claims: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (!value || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Strict equality: `"true"` does not match `true`, so a rule never matches by accident of type. */
export function claimMatches(value: unknown, expected: ClaimValue): boolean {
  if (Array.isArray(value)) return value.some((v) => v === expected);
  return value === expected;
}

export function permissionsFromClaims(claims: Record<string, unknown>, rules: OidcClaimRule[]): RegistryPermission[] {
  const granted: RegistryPermission[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    // An email is the person's only when the IdP verified it; otherwise anyone could claim an address a rule names.
    if (rule.claim === 'email' && claims.email_verified !== true) continue;
    if (!claimMatches(claimValue(claims, rule.claim), rule.equals)) continue;
    for (const p of rule.grant) {
      const key = `${p.action}\u0000${p.resource}`;
      if (seen.has(key)) continue;
      seen.add(key);
      granted.push({ action: p.action, resource: p.resource });
    }
  }
  return granted;
}
