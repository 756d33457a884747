/**
 * Registry permissions as the official registry's JWTs carry them: an action on a
 * name pattern. `*` matches everything; a pattern ending in `*` is a case-sensitive
 * string prefix (`com.example/*`, `com.example.*`); anything else matches exactly.
 */
export type RegistryAction = 'publish' | 'edit';

export interface RegistryPermission {
  action: RegistryAction;
  resource: string;
}

/** Who is making a registry write, and what the credential allows. */
export interface RegistryPrincipal {
  /** The identity the credential was issued to (a login, a domain, `admin`). */
  subject: string;
  /** How it was proven: `admin-token`, later `github-at`, `dns`, `oidc`, … */
  method: string;
  permissions: RegistryPermission[];
}

export function resourceMatches(pattern: string, name: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return name.startsWith(pattern.slice(0, -1));
  return pattern === name;
}

export function hasPermission(principal: RegistryPrincipal, action: RegistryAction, name: string): boolean {
  return principal.permissions.some((p) => p.action === action && resourceMatches(p.resource, name));
}

/** The patterns a principal may use for `action`, for the official 403 message. */
export function patternsFor(principal: RegistryPrincipal, action: RegistryAction): string[] {
  return principal.permissions.filter((p) => p.action === action).map((p) => p.resource);
}
