/**
 * `github-oidc`: a GitHub Actions OIDC token proves the workflow runs in a
 * repository of `repository_owner`, and grants `publish io.github.<owner>/*` (the
 * whole owner, so monorepos can publish several servers), as upstream. Off while
 * no audience is configured, because a token minted for any other relying party
 * would otherwise be accepted.
 *
 * Also home of the JWKS cache both OIDC methods share: jose's createRemoteJWKSet
 * would fetch with the global fetch, bypassing the outbound guard, so keys are
 * fetched through deps.outbound and verified with createLocalJWKSet.
 */
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type FlattenedJWSInput, type JSONWebKeySet, type JWSHeaderParameters } from 'jose';
import { OutboundError, type Outbound } from '../../outbound/index.js';
import { fail, type ProofDependencies, type ProofMethod } from './proofMethod.js';

const GITHUB_NAME = /^[a-zA-Z0-9-]+$/;

/** A failure whose message can go to the publisher as it is. */
export class KeySetError extends Error {}

export interface KeySetOptions {
  /** How long a fetched key set is used before it is fetched again (default 10 minutes). */
  ttlMs?: number;
  /** An unknown `kid` refetches at most this often (default 30 s), so junk tokens cannot hammer the issuer. */
  refetchCooldownMs?: number;
  now?: () => number;
}

export type KeyResolver = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey>;

/**
 * A JWKS fetched through the outbound guard, cached, and fetched again once when a
 * token names a key it does not hold (the issuer rotated its keys).
 */
export function outboundKeySet(outbound: Outbound, jwksUrl: () => Promise<string>, options: KeySetOptions = {}): KeyResolver {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const cooldownMs = options.refetchCooldownMs ?? 30_000;
  const now = options.now ?? Date.now;
  let current: { resolve: ReturnType<typeof createLocalJWKSet>; fetchedAt: number } | undefined;
  let pending: Promise<void> | undefined;

  async function load(): Promise<void> {
    const url = await jwksUrl();
    let res;
    try {
      res = await outbound.fetch(url, { timeoutMs: 5_000, maxBytes: 256 * 1024, headers: { accept: 'application/json' } });
    } catch (err) {
      if (err instanceof OutboundError) throw new KeySetError(`cannot fetch the signing keys: ${err.message}`);
      throw err;
    }
    if (res.status !== 200) throw new KeySetError(`cannot fetch the signing keys: ${new URL(url).host} answered ${res.status}`);
    let jwks: JSONWebKeySet;
    try {
      jwks = JSON.parse(res.body) as JSONWebKeySet;
      current = { resolve: createLocalJWKSet(jwks), fetchedAt: now() };
    } catch {
      throw new KeySetError(`the signing keys at ${new URL(url).host} are not a valid JWKS`);
    }
  }

  function refresh(): Promise<void> {
    // Concurrent exchanges share one fetch.
    pending ??= load().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  return async (header, token) => {
    if (!current || now() - current.fetchedAt >= ttlMs) await refresh();
    try {
      return await current!.resolve(header, token);
    } catch (err) {
      if (!(err instanceof joseErrors.JWKSNoMatchingKey) || now() - current!.fetchedAt < cooldownMs) throw err;
      await refresh();
      return current!.resolve(header, token);
    }
  };
}

/** What went wrong with a token, in words a publisher can act on. */
export function describeTokenError(err: unknown, expected: { issuer: string; audience: string }): string {
  if (err instanceof KeySetError) return err.message;
  return `failed to validate OIDC token: ${tokenProblem(err, expected)}`;
}

function tokenProblem(err: unknown, expected: { issuer: string; audience: string }): string {
  if (err instanceof joseErrors.JWTExpired) return 'token has expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return `token issuer is not ${expected.issuer}`;
    if (err.claim === 'aud') return `token audience does not include ${expected.audience}`;
    if (err.reason === 'missing') return `token has no "${err.claim}" claim`;
    return `token "${err.claim}" claim is invalid (${err.message})`;
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'token signing algorithm is not allowed';
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'token is signed by a key the issuer does not publish';
  if (err instanceof joseErrors.JWKSMultipleMatchingKeys) return 'token names no key id and the issuer publishes several keys';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'token signature is invalid';
  if (err instanceof joseErrors.JOSEError) return 'token is malformed';
  throw err;
}

export const OIDC_TOKEN_BODY = {
  type: 'object',
  required: ['oidc_token'],
  properties: { oidc_token: { type: 'string' } },
} as const;

export interface VerifierOptions extends KeySetOptions {
  /** The verification clock (tests move it forward to expire a token). */
  currentDate?: () => Date;
}

/** What the GitHub Actions OIDC proof reads from configuration; without an audience the exchange is refused. */
export interface GithubOidcSettings {
  githubOidcIssuer: string;
  githubOidcAudience?: string | undefined;
}

export function githubOidcProof(config: GithubOidcSettings, deps: ProofDependencies, options: VerifierOptions = {}): ProofMethod {
  const issuer = config.githubOidcIssuer;
  const audience = config.githubOidcAudience;
  const keys = outboundKeySet(deps.outbound, async () => `${issuer.replace(/\/+$/, '')}/.well-known/jwks`, options);
  return {
    name: 'github-oidc',
    failureDetail: 'Token exchange failed',
    bodySchema: OIDC_TOKEN_BODY,
    async exchange(body) {
      if (!audience) return fail('GitHub OIDC exchange disabled');
      const token = String(body.oidc_token ?? '');
      let payload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          algorithms: ['RS256'],
          issuer,
          audience,
          requiredClaims: ['exp', 'sub'],
          clockTolerance: 30,
          ...(options.currentDate ? { currentDate: options.currentDate() } : {}),
        }));
      } catch (err) {
        return fail(describeTokenError(err, { issuer, audience }));
      }
      if (typeof payload.sub !== 'string' || payload.sub === '') return fail('token has no "sub" claim');
      const owner = payload.repository_owner;
      if (typeof owner !== 'string' || !GITHUB_NAME.test(owner)) {
        return fail('token has no valid repository_owner claim (expected a GitHub user or organization name)');
      }
      return {
        ok: true,
        grant: {
          method: 'github-oidc',
          subject: payload.sub,
          permissions: [{ action: 'publish', resource: `io.github.${owner}/*` }],
        },
      };
    },
  };
}
