/**
 * ID-token claims → Toolshed groups and roles, by the configured mappings
 * (`oidcGroupMappings`). A mapping with `equals` adds its `group` and/or `role`
 * when the claim equals the value or, for a list claim, contains it; a mapping
 * without `equals` makes every string value of the claim a group (with an
 * optional `prefix`). Claims are named by key, or by a dotted path into nested
 * objects (`realm_access.roles`) when no key of that exact name exists.
 */
import type { Config } from '../../config.js';
import type { Role } from '../roles.js';

export type GroupMapping = Config['oidcGroupMappings'][number];

/** A claim's values as a list: a scalar is a list of one, a missing claim an empty list. */
export function claimValues(claims: Record<string, unknown>, claim: string): unknown[] {
  let value: unknown = claims[claim];
  if (value === undefined && claim.includes('.')) {
    value = claim.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined), claims);
  }
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * A mapping keyed on the `email` claim: the directory applies what it maps only
 * when the email is the person's own (verified, and nobody else holds it).
 */
export const keysOnEmail = (mapping: GroupMapping) => mapping.claim === 'email';

/** Group names are kept to what access rules can name: printable, at most 200 characters. */
const usableGroup = (name: string) => name.length > 0 && name.length <= 200 && !/[\u0000-\u001f\u007f]/.test(name);

export function mapClaims(claims: Record<string, unknown>, mappings: readonly GroupMapping[]): { groups: string[]; roles: Role[] } {
  const groups = new Set<string>();
  const roles = new Set<Role>();
  for (const m of mappings) {
    const values = claimValues(claims, m.claim);
    if (m.equals === undefined) {
      for (const v of values) {
        if (typeof v === 'string' && usableGroup(`${m.prefix ?? ''}${v}`)) groups.add(`${m.prefix ?? ''}${v}`);
      }
      continue;
    }
    if (!values.some((v) => v === m.equals)) continue;
    if (m.group) groups.add(m.group);
    if (m.role) roles.add(m.role);
  }
  return { groups: [...groups].sort(), roles: [...roles] };
}
