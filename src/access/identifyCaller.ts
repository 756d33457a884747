/**
 * Turns a request's credentials into a Caller by asking each credential resolver
 * in turn. A bearer token must be claimed by some resolver (an unrecognised token
 * is refused, never treated as anonymous); without an Authorization header the
 * cookie-based resolvers (browser sessions) get their turn; with nothing at all
 * the request is anonymous (null).
 */
import { AuthError } from '../errors.js';
import type { Caller, CredentialRequest, CredentialResolver } from './caller.js';

export type IdentifyCaller = (request: CredentialRequest) => Promise<Caller | null>;

/** The bearer token of an Authorization header, or an AuthError saying what is wrong with the header. */
export function bearerTokenOf(authorization: string): string {
  const match = /^bearer (.+)$/i.exec(authorization);
  if (!match) throw new AuthError('AUTH_BAD_HEADER', "Invalid Authorization header format. Expected 'Bearer <token>'");
  return match[1]!.trim();
}

export function createIdentifyCaller(options: {
  /** Resolvers of `Authorization: Bearer` tokens, each claiming its own token format. */
  bearer: CredentialResolver[];
  /** Resolvers of ambient credentials (cookies), asked only when no Authorization header is sent. */
  ambient: CredentialResolver[];
}): IdentifyCaller {
  return async function identifyCaller(request) {
    const header = request.headers.authorization;
    const authorization = Array.isArray(header) ? header[0] : header;
    if (authorization !== undefined && authorization !== '') {
      bearerTokenOf(authorization);
      for (const resolve of options.bearer) {
        const caller = await resolve(request);
        if (caller) return caller;
      }
      throw new AuthError('AUTH_INVALID_TOKEN', 'Invalid or expired token', [{ message: 'token is not recognised' }]);
    }
    for (const resolve of options.ambient) {
      const caller = await resolve(request);
      if (caller) return caller;
    }
    return null;
  };
}
