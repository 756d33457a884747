/**
 * The `/validate` response model, field for field as the official registry sends
 * it (`{valid, issues[]}`), so clients written against upstream read ours.
 */
export type ValidationIssueType = 'schema' | 'semantic' | 'json' | 'linter';

export type ValidationIssueSeverity = 'error' | 'warning' | 'info';

export interface ValidationIssue {
  type: ValidationIssueType;
  /** Bracket notation as upstream writes it, e.g. `packages[0].transport.url`. */
  path: string;
  message: string;
  severity: ValidationIssueSeverity;
  /** A semantic rule id, or the failing schema keyword's location. */
  reference: string;
}

export interface ValidationResult {
  /** False exactly when some issue has severity `error`. */
  valid: boolean;
  issues: ValidationIssue[];
}

/** What to do with a released but non-current `$schema`; upstream's publish and /validate use `warn`. */
export type NonCurrentSchemaPolicy = 'warn' | 'error' | 'allow';
