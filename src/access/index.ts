export {
  hasPermission,
  patternsFor,
  resourceMatches,
  type RegistryAction,
  type RegistryPermission,
  type RegistryPrincipal,
} from './registryPermissions.js';
export { ADMIN_PRINCIPAL, createBearerAuthenticator, type BearerAuthenticator } from './authenticateBearer.js';
export { createRegistryTokens, TOKEN_ISSUER, type IssuedToken, type RegistryGrant, type RegistryTokens } from './registryTokens.js';
export { keyFromSeed, loadSigningKeys, rotateSigningKey, type SigningKey, type SigningKeys } from './signingKeys.js';
