/**
 * The two cookies of browser sign-in. Both are HttpOnly, SameSite=Lax (they must
 * survive the provider's top-level redirect back to the callback) and Path=/.
 * When Secure they carry the `__Host-` prefix, which browsers only accept from a
 * secure origin without a Domain attribute, so a sibling subdomain cannot plant one.
 */
import type { CookieSerializeOptions } from '@fastify/cookie';

export interface SessionCookies {
  /** The session cookie's name (`__Host-toolshed_session` when Secure). */
  session: string;
  /** The short-lived cookie binding an in-flight sign-in to the browser that started it. */
  signIn: string;
  secure: boolean;
  options(maxAgeSeconds: number): CookieSerializeOptions;
  /** Options that delete a cookie. */
  clear(): CookieSerializeOptions;
}

/** Every name a session cookie may have, for "your session expired" messages. */
export const SESSION_COOKIE_NAMES = ['__Host-toolshed_session', 'toolshed_session'] as const;

export function sessionCookies(secure: boolean): SessionCookies {
  const prefix = secure ? '__Host-' : '';
  const base = { httpOnly: true, sameSite: 'lax', secure, path: '/' } as const;
  return {
    session: `${prefix}toolshed_session`,
    signIn: `${prefix}toolshed_signin`,
    secure,
    options: (maxAgeSeconds) => ({ ...base, maxAge: maxAgeSeconds }),
    clear: () => ({ ...base, maxAge: 0, expires: new Date(0) }),
  };
}
