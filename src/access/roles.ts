/**
 * Roles and the permissions each implies: the one table the docs print and every
 * permission check reads. A person's roles are the ones an administrator assigned
 * plus the ones mapped from their ID token; everyone signed in has `user`.
 */
export const ROLES = ['admin', 'publisher', 'reviewer', 'auditor', 'user'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  'catalog.read': 'Read the catalog API (in a private catalog, only the servers access rules let them discover)',
  'catalog.publish': 'Publish and edit server versions with a Toolshed token, under any namespace',
  'catalog.review': 'Change a version’s status (deprecate, delete, restore) and curate mirrored servers',
  'gateway.connect': 'Create gateway connections to servers access rules let them connect to',
  'tokens.own': 'Create, list and revoke their own personal access tokens',
  'access.explain': 'Ask why a person may or may not do something, and simulate a rule change',
  'audit.read': 'Read the audit trails: registry events, access changes, gateway calls',
  'access.manage': 'Manage access rules, groups, people’s roles and service tokens',
  'federation.manage': 'Add, change, sync and remove federation sources',
  'catalog.approve': 'Decide reviews (approve or reject a version), set trust levels, re-certify servers and edit approval policy',
  'catalog.moderate': 'Handle reports: dismiss them, deprecate, delete or block the server',
  'catalog.report': 'Report a server or version to the moderators (malicious, broken, leaks data, other)',
} as const;
export type Permission = keyof typeof PERMISSIONS;

/** Which roles hold each permission. Order of the columns is the order of ROLES. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: Object.keys(PERMISSIONS) as Permission[],
  publisher: ['catalog.read', 'catalog.publish', 'gateway.connect', 'tokens.own', 'catalog.report'],
  reviewer: ['catalog.read', 'catalog.review', 'catalog.approve', 'catalog.moderate', 'gateway.connect', 'tokens.own', 'access.explain', 'catalog.report'],
  auditor: ['catalog.read', 'gateway.connect', 'tokens.own', 'access.explain', 'audit.read', 'catalog.report'],
  user: ['catalog.read', 'gateway.connect', 'tokens.own', 'catalog.report'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Every permission the roles imply. */
export function permissionsOf(roles: Iterable<Role>): Set<Permission> {
  const out = new Set<Permission>();
  for (const role of roles) for (const p of ROLE_PERMISSIONS[role]) out.add(p);
  return out;
}
