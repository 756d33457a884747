/**
 * `oidc`: an ID token from the company's OpenID provider (Okta, Entra ID,
 * Keycloak, …), verified against the provider's discovery document and keys
 * (fetched through the outbound guard, cached, refetched when the provider
 * rotates keys). Permissions come from the configured claim rules, e.g. group
 * `payments-team` → publish `com.acme.payments/*`. The registry subject is the
 * token's `sub`, as upstream: it is the one identifier every provider keeps stable
 * (an `email` can change or be unverified); the email is only mentioned in reasons.
 */
import { jwtVerify } from 'jose';
import type { OidcClaimRule } from '../../config.js';
import { OutboundError, type Outbound } from '../../outbound/index.js';
import { describeTokenError, KeySetError, OIDC_TOKEN_BODY, outboundKeySet, type VerifierOptions } from './githubOidcProof.js';
import { permissionsFromClaims } from './oidcClaimRules.js';
import { fail, type ProofDependencies, type ProofMethod } from './proofMethod.js';

/** Asymmetric algorithms only: an HMAC token would be verifiable with a key anyone could guess. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const DISCOVERY_TTL_MS = 60 * 60_000;

/** `jwks_uri` from the provider's discovery document, whose `issuer` must be ours exactly (OpenID Discovery §4.3). */
function discoveredJwksUri(outbound: Outbound, issuer: string, now: () => number): () => Promise<string> {
  let cached: { jwksUri: string; at: number } | undefined;
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  return async () => {
    if (cached && now() - cached.at < DISCOVERY_TTL_MS) return cached.jwksUri;
    let res;
    try {
      res = await outbound.fetch(url, { timeoutMs: 5_000, maxBytes: 256 * 1024, headers: { accept: 'application/json' } });
    } catch (err) {
      if (err instanceof OutboundError) throw new KeySetError(`cannot read the OpenID configuration: ${err.message}`);
      throw err;
    }
    if (res.status !== 200) throw new KeySetError(`cannot read the OpenID configuration: ${new URL(url).host} answered ${res.status}`);
    let doc: { issuer?: unknown; jwks_uri?: unknown };
    try {
      doc = JSON.parse(res.body) as typeof doc;
    } catch {
      throw new KeySetError('the OpenID configuration is not JSON');
    }
    if (doc?.issuer !== issuer) throw new KeySetError(`the OpenID configuration names issuer ${String(doc?.issuer)}, not ${issuer}`);
    if (typeof doc.jwks_uri !== 'string') throw new KeySetError('the OpenID configuration has no jwks_uri');
    cached = { jwksUri: doc.jwks_uri, at: now() };
    return doc.jwks_uri;
  };
}

/** What the company OIDC proof reads from configuration (it needs the issuer and the client id). */
export interface CompanyOidcSettings {
  oidcIssuer?: string | undefined;
  oidcClientId?: string | undefined;
  oidcClaimRules: OidcClaimRule[];
}

export function companyOidcProof(config: CompanyOidcSettings, deps: ProofDependencies, options: VerifierOptions = {}): ProofMethod {
  const { oidcIssuer: issuer, oidcClientId: audience, oidcClaimRules: rules } = config;
  if (!issuer || !audience) throw new Error('companyOidcProof needs oidcIssuer and oidcClientId');
  const keys = outboundKeySet(deps.outbound, discoveredJwksUri(deps.outbound, issuer, options.now ?? Date.now), options);
  return {
    name: 'oidc',
    failureDetail: 'Token exchange failed',
    bodySchema: OIDC_TOKEN_BODY,
    async exchange(body) {
      let claims;
      try {
        ({ payload: claims } = await jwtVerify(String(body.oidc_token ?? ''), keys, {
          algorithms: ALGORITHMS,
          issuer,
          audience,
          requiredClaims: ['exp', 'iat', 'sub'],
          clockTolerance: 30,
          ...(options.currentDate ? { currentDate: options.currentDate() } : {}),
        }));
      } catch (err) {
        return fail(describeTokenError(err, { issuer, audience }));
      }
      const subject = claims.sub;
      if (typeof subject !== 'string' || subject === '') return fail('token has no "sub" claim');
      const permissions = permissionsFromClaims(claims, rules);
      if (permissions.length === 0) {
        const who = typeof claims.email === 'string' ? `${subject} (${claims.email})` : subject;
        return fail(`no claim rule grants anything to ${who}; ask the registry's administrators to add a rule for your group`);
      }
      return { ok: true, grant: { method: 'oidc', subject, permissions } };
    },
  };
}
