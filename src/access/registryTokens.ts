/**
 * Registry tokens as the official registry issues them: short-lived EdDSA JWTs
 * carrying `auth_method`, `auth_method_sub` and `permissions[{action, resource}]`.
 * The exchange answer is `{registry_token, expires_at}` (unix seconds).
 */
import { decodeProtectedHeader, jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { AuthError } from '../errors.js';
import type { RegistryPermission, RegistryPrincipal } from './registryPermissions.js';
import type { SigningKeys } from './signingKeys.js';

export const TOKEN_ISSUER = 'mcp-registry';

export interface RegistryGrant {
  method: string;
  subject: string;
  permissions: RegistryPermission[];
}

export interface IssuedToken {
  registry_token: string;
  expires_at: number;
}

export interface RegistryTokens {
  issue(grant: RegistryGrant): Promise<IssuedToken>;
  verify(token: string): Promise<RegistryPrincipal>;
}

function invalid(message: string): AuthError {
  return new AuthError('AUTH_INVALID_TOKEN', 'Invalid or expired Registry JWT token', [{ message }]);
}

function isPermission(p: unknown): p is RegistryPermission {
  const x = p as RegistryPermission;
  return !!x && (x.action === 'publish' || x.action === 'edit') && typeof x.resource === 'string' && x.resource.length > 0;
}

export function createRegistryTokens({ keys, ttlSeconds = 300 }: { keys: SigningKeys; ttlSeconds?: number }): RegistryTokens {
  const byKid = new Map(keys.all.map((k) => [k.kid, k]));
  return {
    async issue(grant) {
      const now = Math.floor(Date.now() / 1000);
      const exp = now + ttlSeconds;
      const token = await new SignJWT({
        auth_method: grant.method,
        auth_method_sub: grant.subject,
        permissions: grant.permissions,
      })
        .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: keys.current.kid })
        .setIssuer(TOKEN_ISSUER)
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(exp)
        .sign(keys.current.privateKey);
      return { registry_token: token, expires_at: exp };
    },

    async verify(token) {
      let kid: string | undefined;
      try {
        const header = decodeProtectedHeader(token);
        if (header.alg !== 'EdDSA') throw invalid(`signing method ${String(header.alg)} is not allowed`);
        kid = header.kid;
      } catch (err) {
        if (err instanceof AuthError) throw err;
        throw invalid('token is malformed');
      }
      const candidates = kid && byKid.has(kid) ? [byKid.get(kid)!] : keys.all;
      let lastError: unknown;
      for (const key of candidates) {
        try {
          const { payload } = await jwtVerify(token, key.publicKey, {
            algorithms: ['EdDSA'],
            issuer: TOKEN_ISSUER,
            requiredClaims: ['exp', 'iat'],
            // A token cannot be older than its lifetime; this also refuses an `iat` in the future.
            maxTokenAge: ttlSeconds + 60,
            clockTolerance: 5,
          });
          const permissions = Array.isArray(payload.permissions) ? payload.permissions : [];
          if (!permissions.every(isPermission)) throw invalid('token permissions are malformed');
          return {
            subject: typeof payload.auth_method_sub === 'string' ? payload.auth_method_sub : 'unknown',
            method: typeof payload.auth_method === 'string' ? payload.auth_method : 'unknown',
            permissions: permissions as RegistryPermission[],
          };
        } catch (err) {
          if (err instanceof AuthError) throw err;
          lastError = err;
        }
      }
      if (lastError instanceof joseErrors.JWTExpired) throw invalid('token has expired');
      if (lastError instanceof joseErrors.JWTClaimValidationFailed) throw invalid(`token claim check failed: ${lastError.claim}`);
      throw invalid('token signature is invalid');
    },
  };
}
