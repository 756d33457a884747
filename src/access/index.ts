export { hasPermission, patternsFor, resourceMatches, type RegistryAction, type RegistryPermission, type RegistryPrincipal } from './registryPermissions.js';
export { ADMIN_PRINCIPAL, createBearerAuthenticator, type BearerAuthenticator } from './authenticateBearer.js';
export { createRegistryTokens, TOKEN_ISSUER, type IssuedToken, type RegistryGrant, type RegistryTokens } from './registryTokens.js';
export { keyFromSeed, loadSigningKeys, readKeyFile, rotateSigningKey, signingKeysOf, type KeyFile, type SigningKey, type SigningKeys } from './signingKeys.js';
export {
  ACCESS_ACTIONS,
  accessRuleSchema,
  AccessRulesError,
  parseAccessRules,
  serverPatternProblem,
  type AccessAction,
  type AccessEffect,
  type AccessResource,
  type AccessRule,
  type AccessSubject,
} from './accessRules.js';
export { ANONYMOUS_PRINCIPAL, createDecider, reasonFor, type Decider, type DeciderOptions, type Decision, type DecisionResource, type GroupsOf, type Principal } from './createDecider.js';
export {
  ACCESS_RULES_CHANGED,
  SERVER_TRUST_CHANGED,
  createAccessPolicy,
  type AccessPolicyOptions,
  type ManagedAccessPolicy,
  type ReplaceResult,
  type RuleChange,
  type RuleWrite,
  type StoredRule,
} from './createAccessPolicy.js';
export { createAccessInspector, type AccessInspector, type Explanation, type Simulation } from './createAccessInspector.js';
export { applyAccessRulesFile } from './applyAccessRulesFile.js';
export { parseRulesDocument, renderRulesDocument } from './rulesDocument.js';
export { createDirectory, type DirectorySettings, GROUP_NAME_PATTERN, type DirectoryAdmin, type GroupRecord, type NewLocalPerson, type UserChange } from './createDirectory.js';
export { foldName } from './foldName.js';
export { applyStarterRules, STARTER_RULES } from './starterRules.js';
export { createApiTokens, tokenKindOf, type ApiTokens, type CreatedToken, type TokenRecord } from './apiTokens.js';
export { apiTokenResolver } from './apiTokenResolver.js';
export { TOKEN_SCOPES, SCOPE_PERMISSIONS, OWNER_WRITE_SCOPES, narrowToScopes, type TokenScope } from './tokenScopes.js';
export { registryPrincipalOf } from './registryPrincipalOf.js';
export type { AccessPolicy } from './accessPolicy.js';
export type { Caller, CredentialResolver } from './caller.js';
export { readYaml, rulesListOf } from './rulesDocument.js';
export type { UserRecord, Directory } from './directory.js';
export { isRole, ROLES, type Role, PERMISSIONS, type Permission } from './roles.js';
export { enabledProofMethods, type ProofMethod, type ProofMethodSettings, blockedNamespaceIn } from './publisherAuth/index.js';
export { registryBearerResolver } from './bearerResolvers.js';
export { createIdentifyCaller, type IdentifyCaller } from './identifyCaller.js';
export { createSignIn, sessionResolver, signInConfigured, SignInConfigError, type SignIn, type SignInSettings } from './signIn/index.js';
export { createRequestContextCache, type RequestContextCache, contextTags } from './requestContextCache.js';
export { SESSION_COOKIE_NAMES } from './signIn/sessionCookies.js';
export type { NewServiceTokenInput, NewTokenInput } from './apiTokens.js';
export type { PrincipalQuery } from './createAccessInspector.js';
