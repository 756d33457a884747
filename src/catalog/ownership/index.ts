/** Package ownership verification at publish: npm, PyPI, NuGet, OCI and MCPB checks. */
export { createOwnershipVerifier, type OwnershipVerifierSettings, type VerifiedRegistryType } from './createOwnershipVerifier.js';
export { containsMcpNameToken, mcpNameGluedTo } from './mcpNameToken.js';
export { parseImageReference, type ImageReference } from './parseImageReference.js';
export { USER_AGENT, type OwnershipConfig, type OwnershipDeps, type PackageCheck } from './registryFetch.js';
export { verifyMcpbPackage } from './verifyMcpbPackage.js';
export { verifyNpmPackage } from './verifyNpmPackage.js';
export { verifyNugetPackage } from './verifyNugetPackage.js';
export { OCI_NAME_LABEL, verifyOciPackage } from './verifyOciPackage.js';
export { verifyPypiPackage } from './verifyPypiPackage.js';
