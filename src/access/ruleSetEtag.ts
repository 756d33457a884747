/**
 * The entity tag of a rule set (ids, order and content): what `If-Match` is
 * compared with, so two administrators editing at once do not overwrite each
 * other without noticing.
 */
import { createHash } from 'node:crypto';
import type { AccessRule } from './accessRules.js';

export function ruleSetEtag(rules: readonly AccessRule[]): string {
  return `"${createHash('sha256').update(JSON.stringify(rules)).digest('base64url').slice(0, 27)}"`;
}
