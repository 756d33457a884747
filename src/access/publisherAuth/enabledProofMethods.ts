/**
 * The proof methods this deployment offers, from configuration. Each method file
 * exports a factory; a method whose configuration is missing is simply not offered
 * (its route is then a 404, as upstream does for disabled methods).
 */
import { anonymousProof } from './anonymousProof.js';
import { companyOidcProof, type CompanyOidcSettings } from './companyOidcProof.js';
import { dnsProof } from './dnsProof.js';
import { replayGuardFor } from './domainSignature.js';
import { githubAccessTokenProof, type GithubAccessTokenSettings } from './githubAccessTokenProof.js';
import { githubOidcProof, type GithubOidcSettings } from './githubOidcProof.js';
import { httpProof } from './httpProof.js';
import type { ProofDependencies, ProofMethod } from './proofMethod.js';

export type { ProofDependencies } from './proofMethod.js';

/**
 * What the proof methods read from configuration. The `dns` and `http` methods share one
 * replay guard, keyed on this object: build it once per registry.
 */
export interface ProofMethodSettings extends GithubAccessTokenSettings, GithubOidcSettings, CompanyOidcSettings {
  anonymousAuth: boolean;
  githubAuth: boolean;
  dnsAuth: boolean;
  httpAuth: boolean;
  dnsServers: string[];
}

export function enabledProofMethods(config: ProofMethodSettings, _deps: ProofDependencies): ProofMethod[] {
  const methods: ProofMethod[] = [];
  if (config.anonymousAuth) methods.push(anonymousProof());
  if (config.githubAuth) methods.push(githubAccessTokenProof(config, _deps));
  if (config.githubAuth) methods.push(githubOidcProof(config, _deps));
  if (config.oidcIssuer && config.oidcClientId) methods.push(companyOidcProof(config, _deps));
  if (config.dnsAuth) methods.push(dnsProof({ servers: config.dnsServers, replay: replayGuardFor(config) }));
  if (config.httpAuth) methods.push(httpProof({ outbound: _deps.outbound, replay: replayGuardFor(config) }));
  return methods;
}
