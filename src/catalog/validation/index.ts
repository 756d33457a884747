/**
 * server.json validation as the official MCP Registry performs it: the API shape
 * check (Huma, 422 before auth), JSON Schema and semantic validation (`/validate`
 * and, in Toolshed, publish), and the version ordering that decides "latest".
 */
export { checkApiShape } from './checkApiShape.js';
export { checkStatusBody, type ServerStatus, type StatusBody } from './checkStatusBody.js';
export { DEFAULT_REGISTRY_BASE_URLS, type BaseUrlRegistryType, type SemanticRuleOptions } from './semanticRules.js';
export {
  CURRENT_SCHEMA_URL,
  CURRENT_SCHEMA_VERSION,
  PUBLISHER_PROVIDED_META_KEY,
  SCHEMA_VERSIONS,
  type Argument,
  type Icon,
  type IconMimeType,
  type Input,
  type InputFormat,
  type InputWithVariables,
  type KeyValueInput,
  type Package,
  type Remote,
  type Repository,
  type SchemaVersion,
  type ServerJson,
  type ServerJsonMeta,
  type Transport,
} from './serverJson.js';
export { safetyIssues } from './safetyIssues.js';
export { validateServerJson, type ValidateServerJsonOptions } from './validateServerJson.js';
export type { NonCurrentSchemaPolicy, ValidationIssue, ValidationIssueSeverity, ValidationIssueType, ValidationResult } from './validationIssue.js';
export { compareVersions, isSemanticVersion, looksLikeVersionRange } from './versioning.js';
