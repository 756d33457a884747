/**
 * A way for a publisher to prove which namespaces they own, exchanged at
 * `POST /v0/auth/<method>` for a registry token. Expected failures (a missing DNS
 * record, a wrong signature) are ProofFailure results, answered 401 with the
 * method's official detail and the reason in `errors[0].message`.
 */
import type { Outbound } from '../../outbound/index.js';
import type { RegistryGrant } from '../registryTokens.js';

export type ProofMethodName = 'github-at' | 'github-oidc' | 'dns' | 'http' | 'oidc' | 'none';

export interface ProofFailure {
  ok: false;
  /** What the publisher can act on. Omitted from the response when the method hides details. */
  reason: string;
}

export type ProofResult = { ok: true; grant: RegistryGrant } | ProofFailure;

export interface ProofMethod {
  name: ProofMethodName;
  /** The official 401 detail, e.g. "DNS authentication failed". */
  failureDetail: string;
  /** github-at answers only "Token exchange failed" (the detail is logged, not returned: CWE-209). */
  hideReason?: boolean;
  /** The body's JSON shape, for validation (422) and the OpenAPI document. */
  bodySchema?: Record<string, unknown>;
  exchange(body: Record<string, unknown>): Promise<ProofResult>;
}

/** What the methods' factories are given besides their configuration. */
export interface ProofDependencies {
  outbound: Outbound;
}

export const fail = (reason: string): ProofFailure => ({ ok: false, reason });
