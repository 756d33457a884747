/**
 * The admin rule of every `/api/admin` route. Until the access plane lands,
 * "administrator" means a credential with `edit` on `*` (the admin token, or a
 * token from an `oidc` exchange configured with it).
 */
import type { FastifyRequest } from 'fastify';
import { hasPermission, type BearerAuthenticator, type RegistryPrincipal } from '../access/index.js';
import { AuthError, ForbiddenError } from '../errors.js';

/** The administrator making the request (its subject is the actor of audited changes). */
export async function requireAdmin(request: FastifyRequest, authenticate: BearerAuthenticator): Promise<RegistryPrincipal> {
  const header = request.headers.authorization;
  if (!header) throw new AuthError('AUTH_REQUIRED', 'Authentication required: send Authorization: Bearer <token>');
  const principal = await authenticate(header);
  if (!hasPermission(principal, 'edit', '*')) {
    throw new ForbiddenError('AUTH_ADMIN_REQUIRED', 'This endpoint is for registry administrators');
  }
  return principal;
}
