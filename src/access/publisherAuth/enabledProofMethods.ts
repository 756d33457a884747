/**
 * The proof methods this deployment offers, from configuration. Each method file
 * exports a factory; a method whose configuration is missing is simply not offered
 * (its route is then a 404, as upstream does for disabled methods).
 */
import type { Config } from '../../config.js';
import { anonymousProof } from './anonymousProof.js';
import { companyOidcProof } from './companyOidcProof.js';
import { dnsProof } from './dnsProof.js';
import { replayGuardFor } from './domainSignature.js';
import { githubAccessTokenProof } from './githubAccessTokenProof.js';
import { githubOidcProof } from './githubOidcProof.js';
import { httpProof } from './httpProof.js';
import type { ProofDependencies, ProofMethod } from './proofMethod.js';

export type { ProofDependencies } from './proofMethod.js';

export function enabledProofMethods(config: Config, _deps: ProofDependencies): ProofMethod[] {
  const methods: ProofMethod[] = [];
  if (config.anonymousAuth) methods.push(anonymousProof());
  if (config.githubAuth) methods.push(githubAccessTokenProof(config, _deps));
  if (config.githubAuth) methods.push(githubOidcProof(config, _deps));
  if (config.oidcIssuer && config.oidcClientId) methods.push(companyOidcProof(config, _deps));
  if (config.dnsAuth) methods.push(dnsProof({ servers: config.dnsServers, replay: replayGuardFor(config) }));
  if (config.httpAuth) methods.push(httpProof({ outbound: _deps.outbound, replay: replayGuardFor(config) }));
  return methods;
}
