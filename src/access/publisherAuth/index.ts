export { anonymousProof, ANONYMOUS_NAMESPACE } from './anonymousProof.js';
export { blockedNamespaceIn } from './blockedNamespaces.js';
export { fail, type ProofFailure, type ProofMethod, type ProofMethodName, type ProofResult } from './proofMethod.js';
export { isValidDomain, reverseDomain } from './reverseDomain.js';
export { enabledProofMethods, type ProofDependencies, type ProofMethodSettings } from './enabledProofMethods.js';
