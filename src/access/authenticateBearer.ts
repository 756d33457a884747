/**
 * Turns an Authorization header into a registry principal. Until publisher tokens
 * exist, the only credential is the configured admin token, which may publish and
 * edit everything. Every registry write goes through this one function.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { AuthError } from '../errors.js';
import type { RegistryPrincipal } from './registryPermissions.js';

export interface BearerAuthenticator {
  (authorization: string): RegistryPrincipal;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export function createBearerAuthenticator({ adminToken }: { adminToken: string }): BearerAuthenticator {
  const expected = digest(adminToken);
  return function authenticateBearer(authorization: string): RegistryPrincipal {
    const match = /^bearer (.+)$/i.exec(authorization);
    if (!match) {
      throw new AuthError('AUTH_BAD_HEADER', "Invalid Authorization header format. Expected 'Bearer <token>'");
    }
    // Hash both sides so the comparison takes the same time whatever the length.
    if (!timingSafeEqual(digest(match[1]!.trim()), expected)) {
      throw new AuthError('AUTH_INVALID_TOKEN', 'Invalid or expired Registry JWT token', [
        { message: 'token is not recognised' },
      ]);
    }
    return {
      subject: 'admin',
      method: 'admin-token',
      permissions: [
        { action: 'publish', resource: '*' },
        { action: 'edit', resource: '*' },
      ],
    };
  };
}
