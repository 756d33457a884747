/**
 * The OpenID Connect relying party of browser sign-in, on openid-client: the
 * provider's discovery document (re-read hourly), the authorization URL with
 * PKCE (S256), state and nonce, the code exchange (which checks the ID token's
 * issuer, audience, expiry, nonce and authorized party) and the end-session URL.
 * The ID token's signature is checked too, against the provider's published keys,
 * which are fetched again when a token names a key id they do not hold (the
 * provider rotated its keys). Every fetch goes through the outbound guard.
 */
import { jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { AuthError, UnavailableError } from '../../errors.js';
import { OutboundError, type Outbound } from '../../outbound/index.js';
import { describeTokenError, KeySetError, outboundKeySet, type KeyResolver } from '../publisherAuth/githubOidcProof.js';
import { outboundFetch } from './outboundFetch.js';

const DISCOVERY_TTL_MS = 60 * 60_000;
/** Asymmetric algorithms only: an HMAC-signed ID token would be checked with the client secret. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export interface OidcSignInOptions {
  issuer: string;
  clientId: string;
  /** Absent for a public client (PKCE alone). */
  clientSecret?: string | undefined;
  scopes: readonly string[];
  redirectUri: string;
  outbound: Outbound;
  /** The issuer may be plain http (only when the outbound guard allows http). */
  allowHttp: boolean;
  now?: () => number;
}

export interface VerifiedSignIn {
  claims: Record<string, unknown> & { sub: string };
  idToken: string;
}

export interface OidcSignInClient {
  authorizationUrl(input: { state: string; nonce: string; codeVerifier: string }): Promise<URL>;
  /** Exchanges the code of a callback URL; throws an AuthError saying what went wrong, in words. */
  exchange(input: { callbackUrl: URL; state: string; nonce: string; codeVerifier: string }): Promise<VerifiedSignIn>;
  /** The provider's logout URL, or undefined when it has no end_session_endpoint. */
  endSessionUrl(input: { idTokenHint?: string | null; postLogoutRedirectUri: string }): Promise<URL | undefined>;
}

function unreachable(err: unknown): UnavailableError {
  const why = err instanceof OutboundError ? err.message : err instanceof Error ? err.message : 'unknown error';
  return new UnavailableError('AUTH_IDP_UNAVAILABLE', `The OpenID provider cannot be reached or answered unexpectedly: ${why.slice(0, 300)}`, undefined, { cause: err });
}

/** Does an error come from the network or the provider's metadata rather than from the response we checked? */
function isTransport(err: unknown): boolean {
  if (err instanceof OutboundError) return true;
  const cause = (err as { cause?: unknown })?.cause;
  return cause instanceof OutboundError;
}

/** What openid-client found wrong with the provider's answer, in words (never the token itself). */
function answerProblem(err: unknown, issuer: string, clientId: string): string {
  // openid-client wraps oauth4webapi's error, whose own cause names the claim.
  const inner = (err as { cause?: unknown })?.cause;
  const source = inner instanceof Error ? inner : err instanceof Error ? err : undefined;
  const claim = (source as { cause?: { claim?: unknown } } | undefined)?.cause?.claim;
  switch (claim) {
    case 'exp':
      return 'the ID token has expired';
    case 'iat':
      return 'the ID token was issued too long ago';
    case 'aud':
      return `the ID token is for another client (its audience is not ${clientId})`;
    case 'iss':
      return `the ID token is from another issuer (its iss is not ${issuer})`;
    case 'nonce':
      return "the ID token's nonce does not match this sign-in";
    case 'azp':
      return `the ID token's authorized party is not ${clientId}`;
  }
  return (source?.message ?? 'unknown error').slice(0, 300);
}

export function createOidcSignInClient(options: OidcSignInOptions): OidcSignInClient {
  const { issuer, clientId, clientSecret, outbound } = options;
  const now = options.now ?? Date.now;
  const customFetch = outboundFetch(outbound);
  let discovered: { config: oidc.Configuration; at: number } | undefined;
  let pending: Promise<oidc.Configuration> | undefined;

  async function discover(): Promise<oidc.Configuration> {
    const execute = options.allowHttp && issuer.startsWith('http:') ? [oidc.allowInsecureRequests] : [];
    const auth = clientSecret ? oidc.ClientSecretBasic(clientSecret) : oidc.None();
    let config: oidc.Configuration;
    try {
      config = await oidc.discovery(new URL(issuer), clientId, clientSecret, auth, { [oidc.customFetch]: customFetch, execute, timeout: 10 });
    } catch (err) {
      throw unreachable(err);
    }
    const methods = config.serverMetadata().token_endpoint_auth_methods_supported;
    if (clientSecret && methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')) {
      config = new oidc.Configuration(config.serverMetadata(), clientId, clientSecret, oidc.ClientSecretPost(clientSecret));
      config[oidc.customFetch] = customFetch;
      for (const extension of execute) extension(config);
    }
    discovered = { config, at: now() };
    return config;
  }

  /** The discovered configuration; read again hourly, and kept when re-reading fails. */
  async function configuration(): Promise<oidc.Configuration> {
    if (discovered && now() - discovered.at < DISCOVERY_TTL_MS) return discovered.config;
    pending ??= discover().finally(() => {
      pending = undefined;
    });
    try {
      return await pending;
    } catch (err) {
      if (discovered) return discovered.config;
      throw err;
    }
  }

  // ID tokens reach us only from the token endpoint, in exchange for a code the
  // provider issued, so an unknown key id re-fetches the keys at once (no cooldown).
  const keys: KeyResolver = outboundKeySet(
    outbound,
    async () => {
      const jwksUri = (await configuration()).serverMetadata().jwks_uri;
      if (!jwksUri) throw new KeySetError('the OpenID configuration has no jwks_uri');
      return jwksUri;
    },
    { refetchCooldownMs: 0, now },
  );

  return {
    async authorizationUrl({ state, nonce, codeVerifier }) {
      const config = await configuration();
      return oidc.buildAuthorizationUrl(config, {
        redirect_uri: options.redirectUri,
        scope: options.scopes.join(' '),
        response_type: 'code',
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
    },

    async exchange({ callbackUrl, state, nonce, codeVerifier }) {
      const config = await configuration();
      let tokens;
      try {
        tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: codeVerifier,
          expectedState: state,
          expectedNonce: nonce,
          idTokenExpected: true,
        });
      } catch (err) {
        if (err instanceof oidc.AuthorizationResponseError) {
          const description = err.error_description ? `: ${err.error_description.slice(0, 300)}` : '';
          throw new AuthError('AUTH_SIGNIN_DENIED', `The OpenID provider did not sign you in (${err.error}${description})`);
        }
        if (err instanceof oidc.ResponseBodyError) {
          const description = err.error_description ? `: ${err.error_description.slice(0, 300)}` : '';
          throw new AuthError('AUTH_SIGNIN_FAILED', `The OpenID provider refused the sign-in code (${err.error}${description}); sign in again`);
        }
        if (isTransport(err)) throw unreachable(err);
        throw new AuthError('AUTH_SIGNIN_FAILED', `The OpenID provider's answer was refused: ${answerProblem(err, issuer, clientId)}; sign in again`);
      }
      const idToken = tokens.id_token;
      if (!idToken) throw new AuthError('AUTH_SIGNIN_FAILED', 'The OpenID provider sent no ID token; check that the `openid` scope is configured');
      let payload;
      try {
        ({ payload } = await jwtVerify(idToken, keys, {
          algorithms: ALGORITHMS,
          issuer: config.serverMetadata().issuer,
          audience: clientId,
          requiredClaims: ['exp', 'iat', 'sub'],
          clockTolerance: 30,
          currentDate: new Date(now()),
        }));
      } catch (err) {
        if (err instanceof KeySetError) throw unreachable(err);
        throw new AuthError(
          'AUTH_SIGNIN_FAILED',
          `The ID token was refused: ${describeTokenError(err, { issuer, audience: clientId }).replace(/^failed to validate OIDC token: /, '')}; sign in again`,
        );
      }
      if (typeof payload.sub !== 'string' || payload.sub === '') throw new AuthError('AUTH_SIGNIN_FAILED', 'The ID token has no subject (sub)');
      return { claims: payload as VerifiedSignIn['claims'], idToken };
    },

    async endSessionUrl({ idTokenHint, postLogoutRedirectUri }) {
      let config;
      try {
        config = await configuration();
      } catch {
        return undefined; // the local session is over either way
      }
      if (!config.serverMetadata().end_session_endpoint) return undefined;
      return oidc.buildEndSessionUrl(config, {
        post_logout_redirect_uri: postLogoutRedirectUri,
        ...(idTokenHint ? { id_token_hint: idTokenHint } : {}),
      });
    },
  };
}
