/**
 * Browser sign-in over HTTP: `GET /auth/login` (to the OpenID provider),
 * `GET /auth/callback` (back from it, a new session), `POST /auth/logout`
 * (CSRF-checked; a GET never signs out, since any page could trigger one) and
 * `GET /api/session` (who is signed in, and the CSRF token to send). These are
 * open to anonymous callers by nature; the session is checked inside.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Directory, SignIn } from '../../access/index.js';
import { AuthError, NotFoundError } from '../../errors.js';
import { sendProblem } from '../problem.js';

export interface SignInRoutesOptions {
  /** Absent when sign-in is not configured: the routes then say how to configure it. */
  signIn?: SignIn | undefined;
  directory?: Directory | undefined;
}

const NOT_CONFIGURED = 'Sign-in is not configured on this Toolshed: set TOOLSHED_OIDC_ISSUER, TOOLSHED_OIDC_CLIENT_ID, TOOLSHED_OIDC_CLIENT_SECRET and TOOLSHED_PUBLIC_URL';

const firstHeader = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** A fetch() from a script asks for JSON; a browser navigation or form post asks for HTML. */
function wantsJson(request: FastifyRequest): boolean {
  const accept = firstHeader(request.headers.accept) ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

export function signInRoutes(app: FastifyInstance, options: SignInRoutesOptions, done: () => void): void {
  const { signIn, directory } = options;
  const configured = (): { signIn: SignIn; directory: Directory } => {
    if (!signIn || !directory) throw new NotFoundError('AUTH_SIGNIN_OFF', NOT_CONFIGURED);
    return { signIn, directory };
  };
  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

  // A plain HTML form can sign out: its body is urlencoded, with the CSRF token as a field.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 8192 }, (_req, body, parsed) => {
    parsed(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.get<{ Querystring: { returnTo?: string } }>(
    '/auth/login',
    {
      config: { anonymous: true },
      schema: { hide: true, querystring: { type: 'object', properties: { returnTo: { type: 'string' } } } },
    },
    async (request, reply) => {
      const { signIn } = configured();
      const { redirect, state } = await signIn.begin(request.query.returnTo);
      reply.setCookie(signIn.cookies.signIn, state, signIn.cookies.options(600));
      return noStore(reply).redirect(redirect.href, 302);
    },
  );

  app.get<{ Querystring: Record<string, string | undefined> }>('/auth/callback', { config: { anonymous: true }, schema: { hide: true } }, async (request, reply) => {
    const { signIn } = configured();
    // The attempt is spent whatever happens next.
    reply.clearCookie(signIn.cookies.signIn, signIn.cookies.clear());
    const query = Object.fromEntries(Object.entries(request.query).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : v]));
    const { session, returnTo } = await signIn.finish({
      query,
      boundState: request.cookies[signIn.cookies.signIn],
      brought: request.cookies[signIn.cookies.session],
      ip: request.ip ?? null,
      userAgent: firstHeader(request.headers['user-agent']) ?? null,
    });
    const maxAge = Math.max(0, Math.floor((session.expiresAt / 1000 - Date.now()) / 1000));
    reply.setCookie(signIn.cookies.session, session.token, signIn.cookies.options(maxAge));
    return noStore(reply).redirect(returnTo, 302);
  });

  app.post<{ Body: { csrfToken?: unknown } | undefined }>('/auth/logout', { config: { anonymous: true }, schema: { hide: true } }, async (request, reply) => {
    const { signIn } = configured();
    const body = request.body;
    const formToken = body && typeof body === 'object' && typeof body.csrfToken === 'string' ? body.csrfToken : undefined;
    const { redirect } = await signIn.logout({
      token: request.cookies[signIn.cookies.session],
      request: { method: request.method, headers: request.headers },
      formToken,
    });
    reply.clearCookie(signIn.cookies.session, signIn.cookies.clear());
    noStore(reply);
    if (wantsJson(request)) return reply.code(200).send({ redirectTo: redirect });
    return reply.redirect(redirect, 303);
  });

  app.get('/auth/logout', { config: { anonymous: true }, schema: { hide: true } }, async (_request, reply) => {
    reply.header('allow', 'POST');
    return sendProblem(reply, 'AUTH_LOGOUT_NEEDS_POST', 'Sign out with POST /auth/logout, sending the X-CSRF-Token header (or a csrfToken form field) from GET /api/session; a GET never signs out');
  });

  app.get(
    '/api/session',
    {
      config: { anonymous: true },
      schema: {
        operationId: 'get-session',
        summary: 'The signed-in person of this browser session, and the CSRF token state-changing requests must send',
        tags: ['admin'],
      },
    },
    async (request, reply) => {
      const { signIn, directory } = configured();
      noStore(reply);
      const token = request.cookies[signIn.cookies.session];
      if (!token) throw new AuthError('AUTH_REQUIRED', 'Not signed in: sign in at /auth/login');
      const session = await signIn.current(token);
      const caller = session ? await directory.callerForUser(session.user_id, 'session', { sessionId: session.id_hash }) : undefined;
      if (!session || !caller) {
        reply.clearCookie(signIn.cookies.session, signIn.cookies.clear());
        throw new AuthError('AUTH_SESSION_EXPIRED', 'Your session has expired or was signed out: sign in again at /auth/login');
      }
      const user = await directory.findUser(session.user_id);
      return {
        user: {
          id: caller.id,
          email: user?.email ?? null,
          name: user?.name ?? null,
          roles: caller.roles,
          groups: caller.groups,
          permissions: [...caller.permissions].sort(),
        },
        csrfToken: session.csrf_token,
        expiresAt: new Date(session.expires_at / 1000).toISOString(),
      };
    },
  );

  done();
}
