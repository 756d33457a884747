/**
 * Browser sign-in as one service the HTTP routes call: start a sign-in (an
 * in-flight attempt stored by the hash of its state, so any replica can finish
 * it), finish it at the callback (single use, bound to the browser, the ID token
 * checked, the person recorded, a brand-new session), read the current session,
 * and sign out (the session deleted, the provider's logout URL returned).
 */
import { InputError } from '../../errors.js';
import type { Outbound } from '../../outbound/index.js';
import type { SecretBox } from '../../secretBox.js';
import { deleteStaleLoginAttempts, insertLoginAttempt, nowMicros, takeLoginAttempt, type Db, type SessionsTable } from '../../store/index.js';
import type { Directory, UserRecord } from '../directory.js';
import * as oidc from 'openid-client';
import { checkCsrf, sameSecret } from './checkCsrf.js';
import { createSessions, type NewSession, type Sessions } from './createSessions.js';
import { keysOnEmail, mapClaims, type GroupMapping } from './mapClaims.js';
import { createOidcSignInClient, type OidcSignInClient } from './oidcSignInClient.js';
import { checkReturnTo } from './safeReturnTo.js';
import { sessionCookies, type SessionCookies } from './sessionCookies.js';
import { sha256Hex } from '../../sha256Hex.js';

/** How long a started sign-in may take to come back. */
/** How long a sign-in may take, in microseconds like every store timestamp. */
export const LOGIN_ATTEMPT_TTL_MICROS = 10 * 60_000_000;

export class SignInConfigError extends Error {}

export interface SignIn {
  cookies: SessionCookies;
  sessions: Sessions;
  /** `https://toolshed.example` (publicUrl's origin), for the Origin check. */
  publicOrigin: string;
  /** Starts a sign-in: where to send the browser, and the state for the binding cookie. */
  begin(returnTo: string | undefined): Promise<{ redirect: URL; state: string }>;
  /** Finishes one at the callback; `brought` is the session cookie the browser came with, which is ended. */
  finish(input: {
    query: Record<string, string | undefined>;
    boundState: string | undefined;
    brought: string | undefined;
    ip: string | null;
    userAgent: string | null;
  }): Promise<{ session: NewSession; user: UserRecord; returnTo: string }>;
  /** Signs out (CSRF-checked); where to send the browser next. */
  logout(input: { token: string | undefined; request: { method: string; headers: Record<string, string | string[] | undefined> }; formToken?: string | undefined }): Promise<{ redirect: string }>;
  /** The live session of a cookie value. */
  current(token: string | undefined): Promise<SessionsTable | undefined>;
}

/** What sign-in reads from configuration. */
export interface SignInSettings {
  oidcIssuer?: string | undefined;
  oidcClientId?: string | undefined;
  oidcClientSecret?: string | undefined;
  oidcScopes: string[];
  oidcGroupMappings: GroupMapping[];
  publicUrl?: string | undefined;
  sessionTtlSeconds: number;
  sessionIdleSeconds: number;
  sessionCookieSecure?: boolean | undefined;
  outboundAllowHttp: boolean;
}

export interface SignInOptions {
  config: SignInSettings;
  db: Db;
  directory: Directory;
  outbound: Outbound;
  /** Seals what a session keeps for sign-out. */
  secretBox: SecretBox;
  /** Microseconds since the epoch (the store's clock). */
  now?: () => number;
}

/** Sign-in is on when the provider, the client id and the client secret are configured. */
export function signInConfigured(config: Pick<SignInSettings, 'oidcIssuer' | 'oidcClientId' | 'oidcClientSecret'>): boolean {
  return Boolean(config.oidcIssuer && config.oidcClientId && config.oidcClientSecret);
}

export function createSignIn(options: SignInOptions): SignIn {
  const { config, db, directory } = options;
  const now = options.now ?? nowMicros;
  if (!config.oidcIssuer || !config.oidcClientId) throw new SignInConfigError('sign-in needs TOOLSHED_OIDC_ISSUER and TOOLSHED_OIDC_CLIENT_ID');
  if (!config.publicUrl) {
    throw new SignInConfigError(
      'TOOLSHED_PUBLIC_URL is required for sign-in: the OpenID provider sends people back to <public URL>/auth/callback, and Toolshed never derives it from a request’s Host header',
    );
  }
  if (config.oidcIssuer.startsWith('http:') && !config.outboundAllowHttp) {
    throw new SignInConfigError('TOOLSHED_OIDC_ISSUER is an http:// URL; use https, or allow plain http with TOOLSHED_OUTBOUND_ALLOW_HTTP=true (tests and intranets only)');
  }
  const publicUrl = config.publicUrl.replace(/\/+$/, '');
  const publicOrigin = new URL(publicUrl).origin;
  const secure = config.sessionCookieSecure ?? publicUrl.startsWith('https:');
  const cookies = sessionCookies(secure);
  const sessions = createSessions({ db, secretBox: options.secretBox, ttlSeconds: config.sessionTtlSeconds, idleSeconds: config.sessionIdleSeconds, now });
  const client: OidcSignInClient = createOidcSignInClient({
    issuer: config.oidcIssuer,
    clientId: config.oidcClientId,
    clientSecret: config.oidcClientSecret,
    scopes: config.oidcScopes.includes('openid') ? config.oidcScopes : ['openid', ...config.oidcScopes],
    redirectUri: `${publicUrl}/auth/callback`,
    outbound: options.outbound,
    allowHttp: config.outboundAllowHttp,
    now: () => Math.floor(now() / 1000),
  });

  const stateError = (detail: string) => new InputError('AUTH_SIGNIN_STATE', detail);

  return {
    cookies,
    sessions,
    publicOrigin,

    async begin(returnTo) {
      const checked = checkReturnTo(returnTo);
      if (!checked.ok) throw new InputError('AUTH_BAD_RETURN_TO', `Invalid returnTo: ${checked.reason}`);
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const redirect = await client.authorizationUrl({ state, nonce, codeVerifier });
      const at = now();
      await db.transaction().execute(async (tx) => {
        await deleteStaleLoginAttempts({ tx, before: at - LOGIN_ATTEMPT_TTL_MICROS });
        await insertLoginAttempt({ tx, attempt: { state_hash: sha256Hex(state), code_verifier: codeVerifier, nonce, return_to: checked.path, created_at: at } });
      });
      return { redirect, state };
    },

    async finish({ query, boundState, brought, ip, userAgent }) {
      const state = query.state;
      if (!state) throw stateError('The sign-in callback has no state parameter; start again at /auth/login');
      if (!boundState || !sameSecret(boundState, state)) {
        throw stateError('This sign-in was not started in this browser (or another sign-in started since); start again at /auth/login');
      }
      const attempt = await takeLoginAttempt({ tx: db, stateHash: sha256Hex(state), notBefore: now() - LOGIN_ATTEMPT_TTL_MICROS });
      if (!attempt) throw stateError('This sign-in is unknown, expired (10 minutes) or already used; start again at /auth/login');
      const callbackUrl = new URL(`${publicUrl}/auth/callback`);
      for (const [k, v] of Object.entries(query)) if (v !== undefined) callbackUrl.searchParams.set(k, v);
      const { claims, idToken } = await client.exchange({ callbackUrl, state, nonce: attempt.nonce, codeVerifier: attempt.code_verifier });
      const mapped = mapClaims(
        claims,
        config.oidcGroupMappings.filter((m) => !keysOnEmail(m)),
      );
      const byEmail = mapClaims(claims, config.oidcGroupMappings.filter(keysOnEmail));
      const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v.slice(0, 320) : undefined);
      const user = await directory.recordSignIn({
        issuer: config.oidcIssuer!,
        subject: claims.sub,
        email: text(claims.email),
        // Only the boolean: a provider that says "true" as a string is not trusted to have checked.
        emailVerified: claims.email_verified === true,
        name: text(claims.name) ?? text(claims.preferred_username),
        claimGroups: mapped.groups,
        claimRoles: mapped.roles,
        emailClaimGroups: byEmail.groups,
        emailClaimRoles: byEmail.roles,
      });
      const session = await sessions.create({ userId: user.id, idToken, ip, userAgent: userAgent?.slice(0, 512) ?? null, replacing: brought });
      return { session, user, returnTo: attempt.return_to };
    },

    async logout({ token, request, formToken }) {
      const session = token ? await sessions.lookup(token) : undefined;
      if (!session) return { redirect: '/' };
      checkCsrf(request, session.csrf_token, publicOrigin, formToken);
      await sessions.end(token!);
      const url = await client.endSessionUrl({ idTokenHint: sessions.idTokenHint(session) ?? null, postLogoutRedirectUri: `${publicUrl}/` });
      return { redirect: url?.href ?? '/' };
    },

    current(token) {
      return token ? sessions.lookup(token) : Promise.resolve(undefined);
    },
  };
}
