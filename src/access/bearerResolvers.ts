/**
 * Credential resolvers for the two bearer tokens the registry has always taken:
 * the bootstrap admin token, and registry tokens issued by the `/auth/*` namespace
 * proofs. Both reuse the existing BearerAuthenticator, so a registry write and an
 * admin request authenticate the same way.
 */
import type { BearerAuthenticator } from './authenticateBearer.js';
import type { Caller, CredentialResolver } from './caller.js';
import { bearerTokenOf } from './identifyCaller.js';
import { hasPermission } from './registryPermissions.js';
import { permissionsOf, type Role } from './roles.js';

/** Admin token and registry JWTs. Registry tokens carry no roles: they only publish and edit, within their permissions. */
export function registryBearerResolver(authenticate: BearerAuthenticator, isRegistryToken: (token: string) => boolean): CredentialResolver {
  return async (request) => {
    const header = request.headers.authorization;
    const authorization = (Array.isArray(header) ? header[0] : header) ?? '';
    const token = bearerTokenOf(authorization);
    const principal = await authenticate(authorization).catch((err) => {
      if (!isRegistryToken(token)) return undefined; // not ours: let the next resolver try
      throw err;
    });
    if (!principal) return undefined;
    if (principal.method === 'admin-token') {
      const roles: Role[] = ['admin'];
      return { id: 'admin', label: 'admin token', via: 'admin-token', groups: [], roles, permissions: permissionsOf(roles), registry: principal } satisfies Caller;
    }
    // A registry token whose permissions cover everything (an `oidc` exchange configured with `edit *`) administers, as before.
    const roles: Role[] = hasPermission(principal, 'edit', '*') ? ['admin'] : [];
    return {
      id: principal.subject,
      label: `${principal.subject} (${principal.method})`,
      via: 'registry-token',
      groups: [],
      roles,
      permissions: permissionsOf(roles),
      registry: principal,
    } satisfies Caller;
  };
}
