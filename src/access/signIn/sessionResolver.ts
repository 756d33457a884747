/**
 * The credential resolver of browser sessions (asked only when a request has no
 * Authorization header). An unknown, expired or idle session cookie resolves to
 * nobody, so public pages still work with a stale cookie; routes that need a
 * caller then answer 401 saying the session expired. A state-changing request a
 * session authenticates must pass the CSRF check.
 */
import type { CredentialResolver } from '../caller.js';
import type { Directory } from '../directory.js';
import { checkCsrf } from './checkCsrf.js';
import type { SignIn } from './createSignIn.js';

export function sessionResolver(signIn: Pick<SignIn, 'cookies' | 'sessions' | 'publicOrigin'>, directory: Pick<Directory, 'callerForUser'>): CredentialResolver {
  return async (request) => {
    const token = request.cookies[signIn.cookies.session];
    if (!token) return undefined;
    const session = await signIn.sessions.lookup(token);
    if (!session) return undefined;
    checkCsrf(request, session.csrf_token, signIn.publicOrigin);
    return directory.callerForUser(session.user_id, 'session', { sessionId: session.id_hash });
  };
}
