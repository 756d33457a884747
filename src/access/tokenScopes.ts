/**
 * What a personal or service token may be used for. A token acts with its
 * owner's permissions (a person's roles, or a service token's roles) narrowed to
 * what its scopes allow, so a token never does more than its owner may, and a
 * CI token that only publishes cannot manage access even if its owner can.
 * docs/access.md prints this table.
 */
import type { Permission } from './roles.js';
import { PERMISSIONS } from './roles.js';

export const TOKEN_SCOPES = ['catalog:read', 'catalog:contribute', 'catalog:publish', 'catalog:review', 'gateway', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Record<TokenScope, string> = {
  'catalog:read': 'Read the catalog API',
  'catalog:contribute':
    'Act on the catalog as yourself: report servers and versions to the moderators, publish new versions of servers you own, change their contacts and re-certify them (as one of their owners), and read the catalog',
  'catalog:publish': 'Publish, edit and change the status of server versions through the registry API (POST /v0/publish, PUT and PATCH …/versions/…), and read the catalog',
  'catalog:review': 'Review work (curating mirrored servers at /api/admin/curations), and read the catalog',
  gateway: 'Connect to servers through the gateway',
  admin: 'Everything the owner’s roles allow',
};

/** The permissions each scope lets through (of those the owner holds). */
export const SCOPE_PERMISSIONS: Record<TokenScope, readonly Permission[]> = {
  'catalog:read': ['catalog.read'],
  'catalog:contribute': ['catalog.read', 'catalog.report'],
  'catalog:publish': ['catalog.read', 'catalog.publish'],
  'catalog:review': ['catalog.read', 'catalog.review'],
  gateway: ['gateway.connect'],
  admin: Object.keys(PERMISSIONS) as Permission[],
};

/** The permission an owner must hold for a scope to mean anything (none for `admin`). */
export const SCOPE_REQUIRES: Record<TokenScope, Permission | undefined> = {
  'catalog:read': 'catalog.read',
  'catalog:contribute': 'catalog.read',
  'catalog:publish': 'catalog.publish',
  'catalog:review': 'catalog.review',
  gateway: 'gateway.connect',
  admin: undefined,
};

/**
 * The scopes that admit a person's writes beyond what permissions name: an owner
 * publishing a new version of a server they own, changing its contacts or
 * re-certifying it (src/governance). `catalog:read` is not among them, so a
 * read-only token never writes.
 */
export const OWNER_WRITE_SCOPES: readonly TokenScope[] = ['catalog:contribute', 'catalog:publish', 'admin'];

export function isTokenScope(value: unknown): value is TokenScope {
  return typeof value === 'string' && (TOKEN_SCOPES as readonly string[]).includes(value);
}

/** The owner's permissions narrowed to what the scopes allow. */
export function narrowToScopes(owner: ReadonlySet<Permission>, scopes: Iterable<TokenScope>): Set<Permission> {
  const allowed = new Set<Permission>();
  for (const scope of scopes) for (const p of SCOPE_PERMISSIONS[scope]) allowed.add(p);
  return new Set([...owner].filter((p) => allowed.has(p)));
}
