export {
  hasPermission,
  patternsFor,
  resourceMatches,
  type RegistryAction,
  type RegistryPermission,
  type RegistryPrincipal,
} from './registryPermissions.js';
export { createBearerAuthenticator, type BearerAuthenticator } from './authenticateBearer.js';
