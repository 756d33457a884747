/**
 * The proof methods this deployment offers, from configuration. Each method file
 * exports a factory; a method whose configuration is missing is simply not offered
 * (its route is then a 404, as upstream does for disabled methods).
 */
import type { Config } from '../../config.js';
import type { Outbound } from '../../outbound/index.js';
import { anonymousProof } from './anonymousProof.js';
import type { ProofMethod } from './proofMethod.js';

export interface ProofDependencies {
  outbound: Outbound;
}

export function enabledProofMethods(config: Config, _deps: ProofDependencies): ProofMethod[] {
  const methods: ProofMethod[] = [];
  if (config.anonymousAuth) methods.push(anonymousProof());
  return methods;
}
