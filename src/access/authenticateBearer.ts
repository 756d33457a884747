/**
 * Turns an Authorization header into a registry principal: the configured admin
 * token (publish and edit everywhere), or a registry token issued by one of the
 * `/auth/*` exchanges. Every registry write goes through this one function.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { AuthError } from '../errors.js';
import type { RegistryPrincipal } from './registryPermissions.js';
import type { RegistryTokens } from './registryTokens.js';

export interface BearerAuthenticator {
  (authorization: string): Promise<RegistryPrincipal>;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export const ADMIN_PRINCIPAL: RegistryPrincipal = {
  subject: 'admin',
  method: 'admin-token',
  permissions: [
    { action: 'publish', resource: '*' },
    { action: 'edit', resource: '*' },
  ],
};

export function createBearerAuthenticator({ adminToken, tokens }: { adminToken: string; tokens?: RegistryTokens }): BearerAuthenticator {
  const expected = digest(adminToken);
  return async function authenticateBearer(authorization: string): Promise<RegistryPrincipal> {
    const match = /^bearer (.+)$/i.exec(authorization);
    if (!match) {
      throw new AuthError('AUTH_BAD_HEADER', "Invalid Authorization header format. Expected 'Bearer <token>'");
    }
    const token = match[1]!.trim();
    // Hash both sides so the comparison takes the same time whatever the length.
    if (timingSafeEqual(digest(token), expected)) return ADMIN_PRINCIPAL;
    if (tokens && token.split('.').length === 3) return tokens.verify(token);
    throw new AuthError('AUTH_INVALID_TOKEN', 'Invalid or expired Registry JWT token', [{ message: 'token is not recognised' }]);
  };
}
