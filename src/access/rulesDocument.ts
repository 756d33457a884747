/**
 * The rules file: a YAML (or JSON) document with a top-level `rules:` list of
 * access rules, as kept in git, applied with `toolshed access rules apply`, sent
 * to `PUT /api/admin/access/rules` and read at start-up (`accessRulesFile`).
 */
import { parseDocument, stringify } from 'yaml';
import { InputError } from '../errors.js';
import type { AccessRule } from './accessRules.js';

/** The `rules` list of a document (not yet validated); InputError when the text is not such a document. */
export function parseRulesDocument(text: string, what = 'the rules document'): unknown[] {
  // JSON is YAML, so one parser reads both.
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length) {
    throw new InputError('ACCESS_RULES_UNREADABLE', `${what} is not valid YAML or JSON: ${doc.errors[0]!.message.split('\n')[0]}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new InputError('ACCESS_RULES_UNREADABLE', `${what} cannot be read: ${(err as Error).message.split('\n')[0]}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !Array.isArray((value as { rules?: unknown }).rules)) {
    throw new InputError('ACCESS_RULES_UNREADABLE', `${what} must be a mapping with a top-level "rules:" list`);
  }
  const extra = Object.keys(value).filter((k) => k !== 'rules');
  if (extra.length) {
    throw new InputError('ACCESS_RULES_UNREADABLE', `${what} has unknown top-level keys (${extra.join(', ')}); only "rules" is allowed`);
  }
  return (value as { rules: unknown[] }).rules;
}

export function renderRulesDocument(rules: readonly AccessRule[], format: 'yaml' | 'json'): string {
  return format === 'json' ? `${JSON.stringify({ rules }, null, 2)}\n` : stringify({ rules });
}
