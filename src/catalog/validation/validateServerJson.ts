/**
 * Full validation of a server.json, the `/validate` result. Toolshed also runs it
 * at publish and edit: upstream only checks that `$schema` names a released
 * version there, which lets documents that break the published schema into the
 * registry. Rejecting them at the door is a deliberate strictness.
 */
import { schemaValidation } from './schemaValidation.js';
import { semanticRules, type SemanticRuleOptions } from './semanticRules.js';
import type { NonCurrentSchemaPolicy, ValidationResult } from './validationIssue.js';

export interface ValidateServerJsonOptions extends SemanticRuleOptions {
  /** How a released but non-current `$schema` is reported; `warn` (the default) is upstream's behaviour. */
  nonCurrentSchemaPolicy?: NonCurrentSchemaPolicy;
}

export function validateServerJson(doc: unknown, options: ValidateServerJsonOptions = {}): ValidationResult {
  const issues = [...schemaValidation(doc, options.nonCurrentSchemaPolicy ?? 'warn'), ...semanticRules(doc, options)];
  return { valid: !issues.some((issue) => issue.severity === 'error'), issues };
}
